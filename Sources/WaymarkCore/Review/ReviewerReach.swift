/// What an external reviewer's account may open: its own review (themes, evidence, schedule), and
/// the reviewed plan's dashboards, milestones, KPIs and closed periods' Board packs, read-only.
/// Everything not listed is refused, so a page added later is closed to reviewers until it is
/// added here on purpose.
public enum ReviewerReach {
    /// What the ids in the path must belong to for the reviewer to see the page.
    public enum Scope: Equatable, Sendable {
        /// The reviewer's own review.
        case review
        /// An evidence document of the review, not withdrawn.
        case evidence
        /// The reviewed plan, or one of its activities, milestones or KPIs. For a follow-up
        /// visit, milestones also include those answering the first review's recommendations.
        case plan, activity, milestone, kpi
        /// A closed reporting period of the reviewed plan (a draft pack is not for reviewers).
        case closedPeriod
        /// The list of reviews: the reviewer is sent to theirs.
        case reviewList
        /// Their own session and account: signing out, staying signed in, changing the password.
        case ownAccount
    }

    public struct Match: Equatable, Sendable {
        public var scope: Scope
        /// The path's id, where the scope has one.
        public var id: Int?

        public init(scope: Scope, id: Int?) {
            self.scope = scope
            self.id = id
        }
    }

    private static let routes: [(method: String, pattern: [String], scope: Scope)] = [
        ("GET", [], .reviewList),
        ("GET", ["reviews"], .reviewList),
        ("GET", ["reviews", ":id"], .review),
        ("GET", ["reviews", ":id", "evidence"], .review),
        ("GET", ["reviews", ":id", "schedule"], .review),
        ("GET", ["reviews", ":id", "schedule", "*"], .review),
        ("GET", ["reviews", ":id", "schedule", "*", "agenda.pdf"], .review),
        ("GET", ["reviews", ":id", "rooms", "*", "agenda"], .review),
        ("GET", ["reviews", ":id", "rooms", "*", "agenda.pdf"], .review),
        ("GET", ["reviews", ":id", "paper"], .review),
        ("GET", ["reviews", ":id", "interviewees"], .review),
        ("GET", ["evidence", ":id"], .evidence),
        ("GET", ["evidence", ":id", "versions", "*"], .evidence),
        // Their own notes: the only thing a reviewer writes.
        ("POST", ["evidence", ":id", "notes"], .evidence),
        ("GET", ["plans", ":id"], .plan),
        ("GET", ["plans", ":id", "milestones"], .plan),
        ("GET", ["plans", ":id", "kpis"], .plan),
        ("GET", ["activities", ":id"], .activity),
        ("GET", ["milestones", ":id"], .milestone),
        ("GET", ["kpis", ":id"], .kpi),
        ("GET", ["periods", ":id", "pack"], .closedPeriod),
        ("GET", ["periods", ":id", "pack.pdf"], .closedPeriod),
        ("GET", ["periods", ":id", "pack.csv"], .closedPeriod),
        ("GET", ["periods", ":id", "pack.xlsx"], .closedPeriod),
        ("GET", ["periods", ":id", "outcomes.csv"], .closedPeriod),
        ("GET", ["api", "v1", "plans", ":id", "status"], .plan),
        ("GET", ["api", "v1", "plans", ":id", "milestones"], .plan),
        ("GET", ["api", "v1", "plans", ":id", "kpis"], .plan),
        ("GET", ["api", "v1", "kpis", ":id"], .kpi),
        ("GET", ["api", "v1", "reviews", ":id"], .review),
        ("GET", ["account"], .ownAccount),
        ("GET", ["account", "password"], .ownAccount),
        ("POST", ["account", "password"], .ownAccount),
        ("POST", ["sign-out"], .ownAccount),
        ("POST", ["session", "keep-alive"], .ownAccount),
    ]

    /// The scope of a request, or nil when reviewers may not open it at all. `components` is the
    /// path split at "/", without empty parts; ":id" matches a whole number only, "*" anything.
    public static func match(method: String, components: [String]) -> Match? {
        for route in routes where route.method == method && route.pattern.count == components.count {
            var id: Int?
            let fits = zip(route.pattern, components).allSatisfy { pattern, part in
                switch pattern {
                case ":id":
                    guard part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), part.utf8.count <= 18, let number = Int(part) else { return false }
                    id = number
                    return true
                case "*": return true
                default: return pattern == part
                }
            }
            if fits { return Match(scope: route.scope, id: id) }
        }
        return nil
    }
}
