import Foundation
import Logging

/// One JSON object a line on standard error (`WAYMARK_LOG_FORMAT=json`), for log collectors: the
/// time, level, label, message and metadata (the request id among them), escaped so that no
/// message can break a line or forge another.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        (self.label, self.logLevel, self.write) = (label, level, write)
    }

    public static let standardError: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data(line.utf8)) }

    /// "text" (the default) or "json"; anything else is a mistake said in one line.
    public static func format(_ environment: [String: String]) throws -> String {
        let value = (environment["WAYMARK_LOG_FORMAT"] ?? "text").trimmingCharacters(in: .whitespaces).lowercased()
        guard ["text", "json", ""].contains(value) else {
            throw StartupError("WAYMARK_LOG_FORMAT: \"\(value)\" is not a log format; use text or json")
        }
        return value.isEmpty ? "text" : value
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        var fields = metadata
        if let extra { fields.merge(extra) { _, new in new } }
        var object: [String: Any] = [
            "time": ISO8601DateFormatter.withFractionalSeconds.string(from: Date()),
            "level": level.rawValue, "label": label, "message": message.description, "source": source,
        ]
        if !fields.isEmpty { object["metadata"] = fields.mapValues(Self.plain) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value): value.description
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
    }
}

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let withFractionalSeconds: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
