/// An independent review of a council's improvement: what kind it is, the LGA's standard themes,
/// and the key activities of its timeline.
public enum ReviewKind: String, CaseIterable, Sendable, Codable {
    case lgaCorporatePeerChallenge = "lga_corporate_peer_challenge"
    case followUpVisit = "follow_up_visit"
    case otherIndependentReview = "other_independent_review"

    public var label: String {
        switch self {
        case .lgaCorporatePeerChallenge: "LGA corporate peer challenge"
        case .followUpVisit: "Follow-up visit"
        case .otherIndependentReview: "Other independent review"
        }
    }
}

/// The Local Government Association's five standard themes, which every corporate peer challenge
/// looks at, with the question the peer team asks of each (Board paper, June 2018, section 3.2).
public enum LGAStandardThemes {
    public struct Theme: Sendable, Equatable {
        public var title: String
        public var question: String
    }

    public static let all: [Theme] = [
        Theme(title: "Understanding of the local place and priority setting",
              question: "Does the Council understand its local context and place and use that to inform a clear vision and set of priorities?"),
        Theme(title: "Leadership of place",
              question: "Does the Council provide effective leadership of place through its elected members, officers and constructive relationships and partnerships with external stakeholders?"),
        Theme(title: "Financial planning and viability",
              question: "Does the Council have a financial plan in place to ensure long term viability and is there evidence that it is being implemented successfully?"),
        Theme(title: "Organisational leadership and governance",
              question: "Is there effective political and managerial leadership supported by good governance and decision-making arrangements that respond to key challenges and enable change and transformation to be implemented?"),
        Theme(title: "Capacity to deliver",
              question: "Is organisational capacity aligned with priorities and does the Council influence, enable and leverage external capacity to focus on agreed outcomes?"),
    ]
}

/// The key activities of a review's timeline. Each is written and judged like a milestone, so a
/// draft report due "Mid July 2018" and not done by 21 August is Overdue, in the same words.
public enum ReviewActivityKind: String, CaseIterable, Sendable, Codable {
    case onSiteVisit = "on_site_visit"
    case draftReport = "draft_report"
    case finalSignOff = "final_sign_off"
    case submission
    case actionPlan = "action_plan"
    case followUpVisit = "follow_up_visit"
    case other

    public var label: String {
        switch self {
        case .onSiteVisit: "On-site visit"
        case .draftReport: "Draft report"
        case .finalSignOff: "Final sign-off"
        case .submission: "Submission to the Secretary of State"
        case .actionPlan: "Action plan development"
        case .followUpVisit: "Follow-up visit"
        case .other: "Other"
        }
    }
}

public enum ReviewTimeline {
    public struct Activity: Sendable, Equatable {
        public var id: Int
        public var kind: ReviewActivityKind
        public var title: String
        public var deadline: Deadline
        public var completedOn: CalendarDate?

        public init(id: Int, kind: ReviewActivityKind, title: String, deadline: Deadline, completedOn: CalendarDate? = nil) {
            self.id = id
            self.kind = kind
            self.title = title
            self.deadline = deadline
            self.completedOn = completedOn
        }
    }

    /// The same criteria as a milestone's: an activity with no fixed date ("-" in the paper) is
    /// On Target until it is done.
    public static func status(of activity: Activity, today: CalendarDate) -> StatusAssessment {
        StatusRules.assess(MilestoneFacts(deadline: activity.deadline, completedOn: activity.completedOn), asOf: today)
    }

    /// The first day of the on-site visit, when the timeline has one with a date.
    public static func visitStarts(_ activities: [Activity]) -> CalendarDate? {
        activities.filter { $0.kind == .onSiteVisit }.compactMap(\.deadline.earliestStart).min()
    }

    /// The last day of the on-site visit.
    public static func visitEnds(_ activities: [Activity]) -> CalendarDate? {
        activities.filter { $0.kind == .onSiteVisit }.compactMap { $0.deadline.due ?? $0.deadline.earliestStart }.max()
    }

    /// "The Position Statement will be sent to the challenge team one month prior to the onsite
    /// visit" (section 4.3): due a calendar month before the visit's first day.
    public static func positionStatementDue(_ activities: [Activity]) -> CalendarDate? {
        visitStarts(activities).map { $0.adding(months: -1) }
    }
}

/// When an external reviewer's account works: the window is inclusive at both ends, in the
/// council's time zone, and by default runs from two weeks before the visit to two weeks after.
public struct ReviewerWindow: Sendable, Equatable {
    public var validFrom: CalendarDate
    public var validUntil: CalendarDate

    public init(validFrom: CalendarDate, validUntil: CalendarDate) {
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    public static let marginDays = 14

    public static func standard(visitStarts: CalendarDate, visitEnds: CalendarDate) -> ReviewerWindow {
        ReviewerWindow(validFrom: visitStarts.adding(days: -marginDays), validUntil: visitEnds.adding(days: marginDays))
    }

    public func contains(_ day: CalendarDate) -> Bool { validFrom <= day && day <= validUntil }

    /// Why the account cannot be used on `day`, in words for the sign-in page; nil when it can.
    public func refusal(on day: CalendarDate) -> String? {
        if day < validFrom { return "Your reviewer access starts on \(validFrom.display). Sign in again from that day." }
        if day > validUntil { return "Your reviewer access ended on \(validUntil.display). Ask the council's performance team if you need it again." }
        return nil
    }

    /// A window must not end before it starts.
    public var problem: String? {
        validUntil < validFrom ? "The access must end on or after the day it starts (\(validFrom.display))" : nil
    }
}
