/// One milestone as it stood when a reporting period was closed.
public struct MilestoneSnapshotLine: Equatable, Sendable {
    public var milestoneID: Int
    public var title: String
    public var area: String
    public var status: MilestoneStatus?
    public var revisedDue: CalendarDate?
    public var revisionCount: Int

    public init(milestoneID: Int, title: String, area: String, status: MilestoneStatus?, revisedDue: CalendarDate?, revisionCount: Int) {
        self.milestoneID = milestoneID
        self.title = title
        self.area = area
        self.status = status
        self.revisedDue = revisedDue
        self.revisionCount = revisionCount
    }
}

/// "What changed since the last Board": two closed periods compared milestone by milestone.
public struct SnapshotComparison: Equatable, Sendable {
    public struct Change: Equatable, Sendable {
        public var before: MilestoneSnapshotLine?
        public var after: MilestoneSnapshotLine
    }

    /// Every milestone whose status differs, including those newly completed or overdue.
    public var statusChanged: [Change] = []
    public var newlyCompleted: [Change] = []
    public var newlyOverdue: [Change] = []
    /// Milestones whose agreed revised deadline moved between the two snapshots.
    public var revisedDeadlinesAgreed: [Change] = []
    /// In the later snapshot only: added to the plan since.
    public var added: [MilestoneSnapshotLine] = []

    public var isEmpty: Bool { statusChanged.isEmpty && revisedDeadlinesAgreed.isEmpty && added.isEmpty }

    public init(earlier: [MilestoneSnapshotLine], later: [MilestoneSnapshotLine]) {
        let before = Dictionary(earlier.map { ($0.milestoneID, $0) }, uniquingKeysWith: { first, _ in first })
        for line in later {
            guard let old = before[line.milestoneID] else {
                added.append(line)
                continue
            }
            let change = Change(before: old, after: line)
            if old.status != line.status {
                statusChanged.append(change)
                if line.status == .completed { newlyCompleted.append(change) }
                if line.status == .overdue { newlyOverdue.append(change) }
            }
            if line.revisionCount > old.revisionCount || line.revisedDue != old.revisedDue {
                revisedDeadlinesAgreed.append(change)
            }
        }
    }
}
