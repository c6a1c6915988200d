/// The schemes Waymark ships: Tower Hamlets' criteria (the default, exactly as `StatusRules`),
/// Bromsgrove-style RAG, BRAG, and Epping Forest's key-action words.
extension StatusScheme {
    public static let standard = StatusScheme(
        code: "standard", name: "On Target, Completed, Delayed, Overdue",
        statuses: [
            .init(code: "completed", name: "Completed", kind: .completed, colour: "completed"),
            .init(code: "on_target", name: "On Target", kind: .onTrack, colour: "on_target"),
            .init(code: "delayed", name: "Delayed", kind: .lateWithinTolerance, colour: "delayed"),
            .init(code: "overdue", name: "Overdue", kind: .lateBeyondTolerance, colour: "overdue"),
        ],
        completedCode: "completed", onTrackCode: "on_target",
        lateBands: [.init(upTo: .months(1), code: "delayed"), .init(upTo: nil, code: "overdue")])

    public static let rag = StatusScheme(
        code: "rag", name: "RAG, with Rescheduled and Suspended by decision",
        statuses: [
            .init(code: "complete", name: "Complete", kind: .completed, colour: "blue"),
            .init(code: "green", name: "Green: on target", kind: .onTrack, colour: "green"),
            .init(code: "amber", name: "Amber: up to a month behind", kind: .lateWithinTolerance, colour: "amber"),
            .init(code: "red", name: "Red: more than a month behind", kind: .lateBeyondTolerance, colour: "red"),
            .init(code: "rescheduled", name: "Rescheduled with approval", kind: .byDecision, colour: "grey"),
            .init(code: "suspended", name: "Suspended", kind: .byDecision, colour: "grey"),
        ],
        completedCode: "complete", onTrackCode: "green",
        lateBands: [.init(upTo: .months(1), code: "amber"), .init(upTo: nil, code: "red")])

    public static let brag = StatusScheme(
        code: "brag", name: "BRAG: Blue, Green, Amber, Red",
        statuses: [
            .init(code: "blue", name: "Blue: completed", kind: .completed, colour: "blue"),
            .init(code: "green", name: "Green: on target", kind: .onTrack, colour: "green"),
            .init(code: "amber", name: "Amber: up to a month late", kind: .lateWithinTolerance, colour: "amber"),
            .init(code: "red", name: "Red: more than a month late", kind: .lateBeyondTolerance, colour: "red"),
        ],
        completedCode: "blue", onTrackCode: "green",
        lateBands: [.init(upTo: .months(1), code: "amber"), .init(upTo: nil, code: "red")])

    public static let keyActions = StatusScheme(
        code: "key_actions", name: "Achieved, On Target, Under Control, Behind Schedule, Pending",
        statuses: [
            .init(code: "achieved", name: "Achieved", kind: .completed, colour: "completed"),
            .init(code: "on_target", name: "On Target", kind: .onTrack, colour: "on_target"),
            .init(code: "under_control", name: "Under Control", kind: .lateWithinTolerance, colour: "delayed"),
            .init(code: "behind_schedule", name: "Behind Schedule", kind: .lateBeyondTolerance, colour: "overdue"),
            .init(code: "pending", name: "Pending", kind: .byDecision, colour: "grey"),
        ],
        completedCode: "achieved", onTrackCode: "on_target",
        lateBands: [.init(upTo: .months(1), code: "under_control"), .init(upTo: nil, code: "behind_schedule")])

    public static let builtIn: [StatusScheme] = [standard, rag, brag, keyActions]

    public static func named(_ code: String) -> StatusScheme? { builtIn.first { $0.code == code.lowercased() } }
}
