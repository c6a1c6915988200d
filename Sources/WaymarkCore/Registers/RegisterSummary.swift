/// A register of cases the Board follows beside the plan ("Clear Up Project allegations",
/// complaints, audit recommendations): items moving through stages, counted for the Board pack.
public struct RegisterSummary: Sendable, Equatable, Codable {
    public struct Stage: Sendable, Equatable, Codable {
        public var name: String
        public var closes: Bool
        public var count: Int

        public init(name: String, closes: Bool, count: Int) { (self.name, self.closes, self.count) = (name, closes, count) }
    }

    public var name: String
    public var asOf: String
    public var stages: [Stage]
    public var total: Int
    public var open: Int
    /// Received within the period, and moved to a closing stage within it.
    public var openedInPeriod: Int
    public var closedInPeriod: Int
    /// The reference and received day of the longest-open item; nil when none is open.
    public var oldestOpen: OldestOpen?

    public struct OldestOpen: Sendable, Equatable, Codable {
        public var reference: String
        public var receivedOn: String
        public var days: Int
    }

    /// One item as the summary needs it: where it stood at the end of the day `asOf`.
    public struct Item: Sendable {
        public var reference: String
        public var receivedOn: CalendarDate
        /// The stage it was in at `asOf`, by index into the stages; nil if it had not arrived.
        public var stageIndex: Int?
        /// The day it reached a closing stage, if it is closed at `asOf`.
        public var closedOn: CalendarDate?

        public init(reference: String, receivedOn: CalendarDate, stageIndex: Int?, closedOn: CalendarDate?) {
            (self.reference, self.receivedOn, self.stageIndex, self.closedOn) = (reference, receivedOn, stageIndex, closedOn)
        }
    }

    /// Counts by stage on `asOf`, with what was opened and closed between `from` and `asOf`.
    public static func make(name: String, stages: [(name: String, closes: Bool)], items: [Item], from: CalendarDate, asOf: CalendarDate) -> RegisterSummary {
        var counts = Array(repeating: 0, count: stages.count)
        var opened = 0, closed = 0
        var oldest: Item?
        for item in items where item.receivedOn <= asOf {
            guard let index = item.stageIndex, stages.indices.contains(index) else { continue }
            counts[index] += 1
            if item.receivedOn >= from { opened += 1 }
            if stages[index].closes {
                if let day = item.closedOn, day >= from, day <= asOf { closed += 1 }
            } else if oldest.map({ item.receivedOn < $0.receivedOn || (item.receivedOn == $0.receivedOn && item.reference < $0.reference) }) ?? true {
                oldest = item
            }
        }
        let open = zip(stages, counts).filter { !$0.0.closes }.reduce(0) { $0 + $1.1 }
        return RegisterSummary(
            name: name, asOf: asOf.iso,
            stages: zip(stages, counts).map { Stage(name: $0.0.name, closes: $0.0.closes, count: $0.1) },
            total: counts.reduce(0, +), open: open, openedInPeriod: opened, closedInPeriod: closed,
            oldestOpen: oldest.map { OldestOpen(reference: $0.reference, receivedOn: $0.receivedOn.iso, days: $0.receivedOn.days(until: asOf)) })
    }

    /// "66 items: 40 open, 26 closed; 5 received and 3 closed this period; the oldest open, CU-007, has been open 412 days."
    public var sentence: String {
        var text = "\(total) item\(total == 1 ? "" : "s"): \(open) open, \(total - open) closed; "
            + "\(openedInPeriod) received and \(closedInPeriod) closed this period."
        if let oldestOpen { text += " The oldest open, \(oldestOpen.reference), has been open \(oldestOpen.days) day\(oldestOpen.days == 1 ? "" : "s")." }
        return text
    }
}
