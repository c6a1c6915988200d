/// How a scheme's statuses meet the figures every scheme shares: the four counts the API has
/// always given, the summary sentence and the words beside each milestone.
extension StatusScheme.Kind {
    /// The criteria's status this kind is counted as, so RAG rules and existing API clients work
    /// whatever a council calls its statuses; nil for a status set by decision.
    public var countedAs: MilestoneStatus? {
        switch self {
        case .completed: .completed
        case .onTrack: .onTarget
        case .lateWithinTolerance: .delayed
        case .lateBeyondTolerance: .overdue
        case .byDecision: nil
        }
    }

    /// "Completed", "On track": the kind in words, for the API's documentation and the settings page.
    public var label: String {
        switch self {
        case .completed: "Completed"
        case .onTrack: "On track"
        case .lateWithinTolerance: "Late, within tolerance"
        case .lateBeyondTolerance: "Late, beyond tolerance"
        case .byDecision: "Set by decision"
        }
    }
}

extension StatusScheme {
    public var isStandard: Bool { self == .standard }

    /// "Blue or Green": the short labels of the statuses of these kinds, for sentences and headings.
    public func words(for kinds: [Kind]) -> String {
        let names = statuses.filter { kinds.contains($0.kind) }.map(\.short)
        return names.count <= 1 ? (names.first ?? "") : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// "completed or on target" in the standard scheme, as the Board report writes it; the
    /// scheme's own labels in any other.
    public var goodWords: String { isStandard ? "completed or on target" : words(for: [.completed, .onTrack]) }
    public var lateWords: String { isStandard ? "delayed or overdue" : words(for: [.lateWithinTolerance, .lateBeyondTolerance]) }

    /// The status with this code, or the status a criteria code (`on_target`, `overdue`) or kind
    /// (`on_track`) stands for in this scheme, for filters that accept any of them.
    public func statuses(matchingFilter text: String) -> [Status]? {
        let key = text.lowercased()
        if let exact = status(key) { return [exact] }
        if let kind = Kind(rawValue: key) { return statuses.filter { $0.kind == kind } }
        if let criteria = MilestoneStatus(rawValue: key) { return statuses.filter { $0.kind.countedAs == criteria } }
        return nil
    }

    /// Why a milestone has its status, in the scheme's own words. The standard scheme's wording
    /// is the criteria's, unchanged; other schemes put their own label where the criteria's stands.
    public func explanation(of status: Status, _ assessment: StatusAssessment, decisionReason: String? = nil) -> String {
        if status.kind == .byDecision {
            let reason = decisionReason.flatMap { $0.isEmpty ? nil : $0 } ?? "no reason recorded"
            return "\(status.short), by decision: \(reason). By its dates it would be \(assessment.explanation)"
        }
        guard !isStandard else { return assessment.explanation }
        let criteria = assessment.status.label
        guard assessment.explanation.hasPrefix(criteria) else { return "\(status.short): \(assessment.explanation)" }
        return status.short + assessment.explanation.dropFirst(criteria.count)
    }
}

extension StatusCounts {
    /// Counts one milestone by its status in a scheme: by kind in the shared figures and by code
    /// in the scheme's own. Nil is a withdrawn milestone.
    public mutating func add(inScheme status: StatusScheme.Status?, count: Int = 1) {
        guard count > 0 else { return }
        guard let status else { withdrawn += count; return }
        if let counted = status.kind.countedAs { self[counted] += count } else { decided += count }
        byCode[status.code, default: 0] += count
    }

    /// "80% Blue or Green, 14% Amber or Red": the short summary in the scheme's words.
    public func summary(in scheme: StatusScheme) -> String {
        guard !scheme.isStandard || decided > 0 else { return summary }
        guard let good = percentCompletedOrOnTarget, let bad = percentDelayedOrOverdue else { return "no active milestones" }
        let decidedPart = decided > 0 ? ", \(decided) set by decision" : ""
        return "\(good)% \(scheme.goodWords), \(bad)% \(scheme.lateWords)\(decidedPart)"
    }

    /// The summary sentence in the scheme's words. The standard scheme's is exactly `sentence`.
    public func sentence(in scheme: StatusScheme) -> String {
        guard !scheme.isStandard || decided > 0 else { return sentence }
        guard let good = percentCompletedOrOnTarget else { return "There are no active milestones." }
        var text = "\(good)% of milestones are \(scheme.goodWords) (\(completed + onTarget) of \(active)); "
            + "\(percentDelayedOrOverdue ?? 0)% are \(scheme.lateWords) (\(delayed + overdue) of \(active))."
        if decided > 0 {
            let decidedNames = scheme.decisionStatuses.filter { (byCode[$0.code] ?? 0) > 0 }.map { "\(byCode[$0.code] ?? 0) \($0.short)" }
            text += " \(decided) \(decided == 1 ? "is" : "are") set by decision (\(decidedNames.joined(separator: ", ")))."
        }
        return text
    }
}

/// One milestone's standing in its plan's scheme: what every list, page and snapshot shows.
public struct SchemeVerdict: Sendable, Equatable {
    /// Nil for a withdrawn milestone, which has no status and is not counted.
    public var status: StatusScheme.Status?
    /// The dates' verdict under the criteria, which the API's `status` has always given.
    public var assessment: StatusAssessment
    public var explanation: String

    /// "withdrawn" or the scheme's code.
    public var code: String { status?.code ?? "withdrawn" }
    public var short: String { status?.short ?? "Withdrawn" }
    public var colour: String { status?.colour ?? "withdrawn" }
    /// The criteria's code, or "withdrawn": the API's existing `status` field.
    public var criteriaCode: String { status == nil ? "withdrawn" : assessment.status.rawValue }
}

extension StatusScheme {
    public func verdict(_ facts: MilestoneFacts, asOf: CalendarDate, decision: String?, decisionReason: String?, withdrawn: Bool) -> SchemeVerdict {
        let (status, assessment) = assess(facts, asOf: asOf, decision: decision)
        if withdrawn { return SchemeVerdict(status: nil, assessment: assessment, explanation: "Withdrawn: not counted") }
        return SchemeVerdict(status: status, assessment: assessment, explanation: explanation(of: status, assessment, decisionReason: decisionReason))
    }
}

extension StatusScheme {
    /// What a status means, for the criteria a Board report prints: "expected more than 1 month
    /// after the original deadline".
    public func meaning(of status: Status) -> String {
        switch status.kind {
        case .completed: return "the milestone has been achieved"
        case .onTrack: return "the milestone will be achieved by its original deadline"
        case .byDecision: return "set by the performance team by decision, with its reason recorded"
        case .lateWithinTolerance, .lateBeyondTolerance:
            guard let index = lateBands.firstIndex(where: { $0.code == status.code }) else { return "late against the original deadline" }
            let from = index == 0 ? nil : lateBands[index - 1].upTo
            switch (from, lateBands[index].upTo) {
            case (nil, let to?): return "not yet achieved, and expected up to \(to.written) after the original deadline"
            case (let from?, let to?): return "expected more than \(from.written) and up to \(to.written) after the original deadline"
            case (let from?, nil): return "expected more than \(from.written) after the original deadline"
            case (nil, nil): return "expected after the original deadline"
            }
        }
    }
}
