import Foundation

/// Where Waymark keeps its data, from `WAYMARK_DATABASE_URL`.
///
/// Unset means the embedded default `./waymark.sqlite`. There is deliberately no way to ask for
/// an in-memory database: a council's records must never vanish when the process stops.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let variable = "WAYMARK_DATABASE_URL"
    public static let defaultPath = "waymark.sqlite"

    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let reason: String
        public var description: String { "\(DatabaseLocation.variable): \(reason)" }
    }

    public static func from(environment: [String: String]) throws -> DatabaseLocation {
        guard let value = environment[variable]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return .sqlite(path: defaultPath)
        }
        return try parse(value)
    }

    public static func parse(_ value: String) throws -> DatabaseLocation {
        let lowered = value.lowercased()
        if lowered.contains(":memory:") || lowered.hasPrefix("sqlite::memory") || lowered == "memory" {
            throw Invalid(reason: "an in-memory database would lose every record when Waymark stops; give a file path such as ./waymark.sqlite")
        }
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: value), let host = components.host, !host.isEmpty else {
                throw Invalid(reason: "\"\(redacted(value))\" is not a valid PostgreSQL URL; expected postgres://user:password@host:port/database")
            }
            let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard !database.isEmpty else {
                throw Invalid(reason: "\"\(redacted(value))\" names no database; expected postgres://user:password@host:port/database")
            }
            return .postgres(url: value)
        }
        if lowered.hasPrefix("sqlite:") {
            var path = String(value.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw Invalid(reason: "\"\(value)\" names no file; expected sqlite://path/to/waymark.sqlite") }
            return .sqlite(path: path)
        }
        if let scheme = value.range(of: "://").map({ String(value[..<$0.lowerBound]) }) {
            throw Invalid(reason: "the scheme \"\(scheme)\" is not supported; use a file path, sqlite://FILE or postgres://user:password@host:port/database")
        }
        return .sqlite(path: value)
    }

    /// The URL with its password hidden, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "****"
        return components.string ?? url
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite file \(path)"
        case .postgres(let url): "PostgreSQL \(Self.redacted(url))"
        }
    }
}
