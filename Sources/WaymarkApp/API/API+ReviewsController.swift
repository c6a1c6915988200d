import Fluent
import Vapor
import WaymarkCore

/// `GET /api/v1/reviews` and `/api/v1/reviews/{id}`: independent reviews, read-only, with their
/// themes, timeline (each activity's status worked out for today), schedule and evidence
/// records (never the files themselves). A reviewer reads only their own review, and no
/// withdrawn evidence.
struct ReviewsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reviews", use: list)
        routes.get("reviews", ":reviewID", use: show)
    }

    struct Summary: Content {
        var id: Int, title: String, kind: String, plan_id: Int
        var visit_starts: String?, visit_ends: String?
    }

    struct ReviewList: Content { var reviews: [Summary] }

    struct Theme: Content { var id: Int, kind: String, title: String, question: String, lead: String?, area_ids: [Int] }
    struct Activity: Content { var id: Int, kind: String, title: String, when: String, leads: String, completed_on: String?, status: String?, explanation: String? }
    struct Interviewee: Content { var name: String, role: String, briefed_on: String? }
    struct Session: Content { var id: Int, day: String, starts: String, ends: String, room: String, title: String, theme: String?, peers: [String], interviewees: [Interviewee] }
    struct Version: Content { var number: Int, file_name: String, content_type: String, size: Int, sha256: String, uploaded_by: String, uploaded_at: String, purged: Bool }
    struct Evidence: Content { var id: Int, title: String, description: String, link: String?, theme_ids: [Int], withdrawn: Bool, versions: [Version] }
    struct PositionStatement: Content { var due: String?, sent_on: String?, standing: String? }
    struct Detail: Content {
        var id: Int, title: String, kind: String, plan_id: Int, introduction: String
        var position_statement: PositionStatement
        var themes: [Theme], timeline: [Activity], schedule: [Session], evidence: [Evidence]
        var recommendations: [Recommendation], follows: Followed?
    }

    func list(req: Request) async throws -> ReviewList {
        try req.authorize(.read)
        var reviews = try await Review.query(on: req.db).sort(\.$id).all()
        if let user = req.currentUser, user.role == .reviewer { reviews = reviews.filter { $0.id == user.$review.id } }
        var out: [Summary] = []
        for review in reviews {
            let id = try review.requireID()
            let days = try await ScheduleRecords.visitDays(reviewID: id, on: req.db)
            out.append(Summary(id: id, title: review.title, kind: review.kind.rawValue, plan_id: review.$plan.id, visit_starts: days.first?.iso, visit_ends: days.last?.iso))
        }
        return ReviewList(reviews: out)
    }

    func show(req: Request) async throws -> Detail {
        try req.authorize(.read)
        guard let raw = req.parameters.get("reviewID"), let id = Int(raw) else { throw APIError.invalid("id", "a review id is a whole number, such as /api/v1/reviews/1") }
        guard let review = try await Review.find(id, on: req.db) else { throw APIError.notFound("Review \(id)") }
        let isReviewer = req.currentUser?.role == .reviewer
        if isReviewer && req.currentUser?.$review.id != id { throw APIError.notFound("Review \(id)") }
        let today = AsOf.today(req.application.now())
        let themes = try await ReviewTheme.query(on: req.db).filter(\.$review.$id == id).with(\.$lead).sort(\.$position).all()
        let areas = try await ReviewThemeArea.query(on: req.db).filter(\.$theme.$id ~~ themes.compactMap(\.id)).all()
        let activities = try await ReviewActivity.query(on: req.db).filter(\.$review.$id == id).sort(\.$position).all()
        let timeline = activities.map { activity -> Activity in
            let assessed = activity.timelineActivity.map { ReviewTimeline.status(of: $0, today: today) }
            return Activity(id: activity.id ?? 0, kind: activity.kind.rawValue, title: activity.title, when: activity.deadlineText, leads: activity.leads,
                            completed_on: activity.completedOn, status: assessed?.status.rawValue, explanation: assessed?.explanation)
        }
        let due = ReviewTimeline.positionStatementDue(activities.compactMap(\.timelineActivity))
        let standing = due.map { SubmissionSchedule.standing(of: .init(id: id, title: "", due: $0, submittedOn: review.positionStatementSentOn.flatMap { CalendarDate(iso: $0) }), today: today).label }
        let loaded = try await ScheduleRecords.load(reviewID: id, on: req.db)
        let sessions = loaded.sessions.sorted { ($0.day, $0.start, $0.room?.name ?? "") < ($1.day, $1.start, $1.room?.name ?? "") }.map { s in
            Session(id: s.id, day: s.day.iso, starts: s.start.display, ends: s.end.display, room: s.room?.name ?? "", title: s.title, theme: s.theme, peers: s.peers.map(\.name),
                    interviewees: s.interviewees.map { Interviewee(name: $0.name, role: $0.role, briefed_on: $0.briefedOn?.iso) })
        }
        var documents = try await EvidenceDocument.query(on: req.db).filter(\.$review.$id == id).sort(\.$title).all()
        if isReviewer { documents = documents.filter { !$0.isWithdrawn } }
        let filed = try await EvidenceDocumentTheme.query(on: req.db).filter(\.$document.$id ~~ documents.compactMap(\.id)).all()
        let versions = try await EvidenceVersion.query(on: req.db).filter(\.$document.$id ~~ documents.compactMap(\.id)).sort(\.$number).all()
        let evidence = documents.map { doc in
            Evidence(id: doc.id ?? 0, title: doc.title, description: doc.description, link: doc.link,
                     theme_ids: filed.filter { $0.$document.id == doc.id }.map(\.$theme.id).sorted(), withdrawn: doc.isWithdrawn,
                     versions: versions.filter { $0.$document.id == doc.id }.map {
                         Version(number: $0.number, file_name: $0.fileName, content_type: $0.contentType, size: $0.size, sha256: $0.sha256,
                                 uploaded_by: $0.uploadedBy, uploaded_at: ISO8601DateFormatter().string(from: $0.uploadedAt), purged: $0.purgedAt != nil)
                     })
        }
        return Detail(id: id, title: review.title, kind: review.kind.rawValue, plan_id: review.$plan.id, introduction: review.introduction,
                      position_statement: .init(due: due?.iso, sent_on: review.positionStatementSentOn, standing: standing),
                      themes: themes.map { theme in
                          Theme(id: theme.id ?? 0, kind: theme.kind.rawValue, title: theme.title, question: theme.question, lead: theme.lead?.name,
                                area_ids: areas.filter { $0.$theme.id == theme.id }.map(\.$area.id).sorted())
                      },
                      timeline: timeline, schedule: sessions, evidence: evidence,
                      recommendations: try await Self.recommendations(reviewID: id, today: today, on: req.db),
                      follows: try await Self.followed(review, today: today, on: req.db))
    }
}
