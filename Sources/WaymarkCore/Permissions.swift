/// Who may do what. Every route asks these rules on the server; pages only hide what the rules
/// would refuse anyway.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// Users and settings.
    case admin
    /// Runs the programme: edits plan structure and anyone's milestones.
    case performanceOfficer = "performance_officer"
    /// Updates only the milestones they lead, joint leads included.
    case leadOfficer = "lead_officer"
    /// Reads everything and comments.
    case boardMember = "board_member"
    /// Reads everything.
    case viewer
    /// A member of an external review's peer team: reads that review and the reviewed plan, for a
    /// limited time, and nothing else (`ReviewerReach`).
    case reviewer

    public var label: String {
        switch self {
        case .admin: "Administrator"
        case .performanceOfficer: "Performance officer"
        case .leadOfficer: "Lead officer"
        case .boardMember: "Board member"
        case .viewer: "Viewer"
        case .reviewer: "External reviewer"
        }
    }
}

extension Role {
    /// The roles of the council's own staff and members: every role but the reviewer, whose
    /// accounts belong to a review and are made from it.
    public static let councilRoles: [Role] = allCases.filter { $0 != .reviewer }
}

public enum Action: Sendable, Equatable {
    case read
    /// Record progress on a milestone led by `leads` (person ids).
    case updateMilestone(leads: Set<Int>)
    case editStructure
    case withdrawMilestone
    case managePeople
    case manageUsers
    case viewAudit
    /// Download the whole trail for a date range, with its chain hashes.
    case exportAudit
    case comment
    /// Open and close reporting periods, record Board meetings and decisions, override ratings.
    case manageReporting
    /// Reopen a closed period (its snapshot stays).
    case reopenPeriod
    /// Change the RAG rating thresholds.
    case editSettings
    /// Enter a KPI's value for a period: its owner (a lead officer), or the performance team.
    case updateKPI(owner: Int?)
    /// Sign off a provisional KPI value (data quality), or import KPIs.
    case manageKPIs
    /// Set up an independent review: themes, timeline, peer team, evidence library.
    case manageReviews
    /// Erase an evidence file's content for good (its record and the purge stay).
    case purgeEvidence
}

public struct UserAccess: Sendable, Equatable {
    public var role: Role
    /// The lead officer this account speaks for, if any.
    public var personID: Int?

    public init(role: Role, personID: Int? = nil) {
        self.role = role
        self.personID = personID
    }

    public func may(_ action: Action) -> Bool {
        switch (role, action) {
        case (_, .read): true
        case (.admin, .manageUsers), (.admin, .viewAudit), (.admin, .exportAudit), (.admin, .reopenPeriod), (.admin, .editSettings), (.admin, .purgeEvidence): true
        case (.performanceOfficer, .updateMilestone), (.performanceOfficer, .editStructure),
             (.performanceOfficer, .withdrawMilestone), (.performanceOfficer, .managePeople),
             (.performanceOfficer, .viewAudit), (.performanceOfficer, .comment), (.performanceOfficer, .manageReporting): true
        case (.performanceOfficer, .updateKPI), (.performanceOfficer, .manageKPIs), (.performanceOfficer, .manageReviews): true
        case (.leadOfficer, .updateMilestone(let leads)): personID.map(leads.contains) ?? false
        case (.leadOfficer, .updateKPI(let owner)): personID != nil && personID == owner
        case (.boardMember, .comment): true
        default: false
        }
    }
}
