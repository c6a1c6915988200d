import Foundation

/// The council papers in ../shared/seeds, beside the repository (or WAYMARK_SEEDS).
public enum Seeds {
    public static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["WAYMARK_SEEDS"] { return URL(fileURLWithPath: override) }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/seeds")
    }

    public static let deliveryPlanName = "002_fb4097214b4587f9.txt"

    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
