import Fluent
import Vapor
import WaymarkAPI
import WaymarkCore

/// Independent reviews, read-only, with their themes, timeline (each activity's status worked
/// out for today), schedule and evidence records (never the files themselves). A reviewer
/// reads only their own review, and no withdrawn evidence.
extension WaymarkAPIHandler {
    func listReviews(_ input: Operations.ListReviews.Input) async throws -> Operations.ListReviews.Output {
        let req = try request
        try req.authorize(.read)
        var reviews = try await Review.query(on: req.db).sort(\.$id).all()
        if let user = req.currentUser, user.role == .reviewer { reviews = reviews.filter { $0.id == user.$review.id } }
        var out: [Components.Schemas.ReviewSummary] = []
        for review in reviews {
            let id = try review.requireID()
            let days = try await ScheduleRecords.visitDays(reviewID: id, on: req.db)
            out.append(.init(id: id, kind: try documented(review.kind.rawValue), planId: review.$plan.id, title: review.title,
                             visitEnds: days.last?.iso, visitStarts: days.first?.iso))
        }
        return .ok(.init(body: .json(.init(reviews: out))))
    }

    func getReview(_ input: Operations.GetReview.Input) async throws -> Operations.GetReview.Output {
        let req = try request, id = input.path.id
        try req.authorize(.read)
        guard let review = try await Review.find(id, on: req.db) else { throw APIError.notFound("Review \(id)") }
        let isReviewer = req.currentUser?.role == .reviewer
        if isReviewer && req.currentUser?.$review.id != id { throw APIError.notFound("Review \(id)") }
        let today = AsOf.today(req.application.now())
        let themes = try await ReviewTheme.query(on: req.db).filter(\.$review.$id == id).with(\.$lead).sort(\.$position).all()
        let areas = try await ReviewThemeArea.query(on: req.db).filter(\.$theme.$id ~~ themes.compactMap(\.id)).all()
        let activities = try await ReviewActivity.query(on: req.db).filter(\.$review.$id == id).sort(\.$position).all()
        let timeline = try activities.map { activity -> Components.Schemas.TimelineActivity in
            let assessed = activity.timelineActivity.map { ReviewTimeline.status(of: $0, today: today) }
            return .init(completedOn: activity.completedOn, explanation: assessed?.explanation, id: activity.id ?? 0, kind: activity.kind.rawValue,
                         leads: activity.leads, status: try assessed.map { try documented($0.status.rawValue) }, title: activity.title, when: activity.deadlineText)
        }
        let due = ReviewTimeline.positionStatementDue(activities.compactMap(\.timelineActivity))
        let standing = due.map { SubmissionSchedule.standing(of: .init(id: id, title: "", due: $0, submittedOn: review.positionStatementSentOn.flatMap { CalendarDate(iso: $0) }), today: today).label }
        let loaded = try await ScheduleRecords.load(reviewID: id, on: req.db)
        let sessions = loaded.sessions.sorted { ($0.day, $0.start, $0.room?.name ?? "") < ($1.day, $1.start, $1.room?.name ?? "") }.map { s in
            Components.Schemas.VisitSession(day: s.day.iso, ends: s.end.display, id: s.id,
                                            interviewees: s.interviewees.map { .init(briefedOn: $0.briefedOn?.iso, name: $0.name, role: $0.role) },
                                            peers: s.peers.map(\.name), room: s.room?.name ?? "", starts: s.start.display, theme: s.theme, title: s.title)
        }
        var documents = try await EvidenceDocument.query(on: req.db).filter(\.$review.$id == id).sort(\.$title).all()
        if isReviewer { documents = documents.filter { !$0.isWithdrawn } }
        let filed = try await EvidenceDocumentTheme.query(on: req.db).filter(\.$document.$id ~~ documents.compactMap(\.id)).all()
        let versions = try await EvidenceVersion.query(on: req.db).filter(\.$document.$id ~~ documents.compactMap(\.id)).sort(\.$number).all()
        let evidence = documents.map { doc in
            Components.Schemas.EvidenceRecord(
                description: doc.description, id: doc.id ?? 0, link: doc.link,
                themeIds: filed.filter { $0.$document.id == doc.id }.map(\.$theme.id).sorted(), title: doc.title,
                versions: versions.filter { $0.$document.id == doc.id }.map {
                    .init(contentType: $0.contentType, fileName: $0.fileName, number: $0.number, purged: $0.purgedAt != nil, sha256: $0.sha256,
                          size: $0.size, uploadedAt: $0.uploadedAt, uploadedBy: $0.uploadedBy)
                },
                withdrawn: doc.isWithdrawn)
        }
        let body = Components.Schemas.Review(
            evidence: evidence, follows: try await Self.followed(review, today: today, on: req.db), id: id, introduction: review.introduction,
            kind: try documented(review.kind.rawValue), planId: review.$plan.id,
            positionStatement: .init(due: due?.iso, sentOn: review.positionStatementSentOn, standing: try standing.map { try documented($0) }),
            recommendations: try await Self.recommendations(reviewID: id, today: today, on: req.db),
            schedule: sessions,
            themes: try themes.map { theme in
                .init(areaIds: areas.filter { $0.$theme.id == theme.id }.map(\.$area.id).sorted(), id: theme.id ?? 0, kind: try documented(theme.kind.rawValue),
                      lead: theme.lead?.name, question: theme.question, title: theme.title)
            },
            timeline: timeline, title: review.title)
        return .ok(.init(body: .json(body)))
    }

    /// A review's recommendations, each with its milestones' status today in their plan's scheme.
    static func recommendations(reviewID: Int, today: CalendarDate, on db: any Database) async throws -> [Components.Schemas.ReviewRecommendation] {
        try await RecommendationProgress.load(reviewID: reviewID, today: today, on: db).map { item in
            .init(id: item.finding.id ?? 0,
                  milestones: item.answers.map { .init(deadline: $0.deadline, id: $0.milestoneID, planId: $0.planID, status: $0.verdict.code,
                                                       statusLabel: $0.verdict.short, title: $0.title) },
                  number: item.finding.number, stage: try documented(item.finding.stage.rawValue), text: item.finding.text, themeId: item.finding.$theme.id)
        }
    }

    /// For a follow-up visit, the review it follows and where its recommendations stand today.
    static func followed(_ review: Review, today: CalendarDate, on db: any Database) async throws -> Components.Schemas.FollowedReview? {
        guard let first = try await review.$follows.get(on: db) else { return nil }
        let id = try first.requireID()
        return .init(id: id, recommendations: try await recommendations(reviewID: id, today: today, on: db), title: first.title)
    }
}
