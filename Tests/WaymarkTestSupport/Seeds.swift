import Foundation

/// The council papers in ../shared/seeds, beside the repository (or WAYMARK_SEEDS).
///
/// They are not part of the repository: someone who clones Waymark does not have them. Tests of
/// the real papers' exact figures run only when they are found (`Seeds.isAvailable`), and are
/// reported as skipped otherwise; every other test uses `Fixtures`.
public enum Seeds {
    public static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["WAYMARK_SEEDS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return Fixtures.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")
    }

    /// The Best Value Improvement Plan 2017-18: 5 areas, 26 activities, 115 milestones.
    public static let deliveryPlanName = "002_fb4097214b4587f9.txt"

    public static var isAvailable: Bool {
        FileManager.default.isReadableFile(atPath: directory.appendingPathComponent(deliveryPlanName).path)
    }

    /// Why seed tests were skipped, for the test output.
    public static var skipReason: String {
        "the council papers are not at \(directory.path) (set WAYMARK_SEEDS to run the seed-figure tests)"
    }

    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// Files the project owns, in Tests/Fixtures.
public enum Fixtures {
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var directory: URL { repositoryRoot.appendingPathComponent("Tests/Fixtures") }

    /// A fictional plan with the seed plan's shape: the same areas, 26 activities, 115 milestones
    /// (21/9/13/23/49), 18 lead officers, joint leads, one name cut short ("Adrian Costa/Kerry"),
    /// and the very deadlines as written, so its figures on any date equal the seed plan's.
    public static let shapedPlanName = "eastbrook-improvement-plan-2017-18.txt"
    public static let shapedPlanTitle = "Eastbrook Borough Council Improvement Plan 2017-18"

    public static var shapedPlanPath: String { directory.appendingPathComponent(shapedPlanName).path }

    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
