import Fluent
import Foundation
import WaymarkCore

/// Everything the "Peer challenge preparation" Board paper says, read from the review once.
struct ReviewPaper: Sendable {
    struct Theme: Sendable { var title: String, question: String, lead: String?, areas: [String] }
    struct Activity: Sendable { var title: String, when: String, leads: String, status: StatusAssessment? }
    struct Evidence: Sendable { var title: String, description: String, file: String? }

    var reviewID: Int
    var title: String
    var kind: ReviewKind
    var planTitle: String
    var introduction: String
    var themes: [Theme]
    var scopeQuestions: [String]
    var timeline: [Activity]
    var positionStatementDue: CalendarDate?
    var positionStatementSent: CalendarDate?
    var evidenceByTheme: [(theme: String, documents: [Evidence])]
    var peers: [(name: String, role: String, organisation: String)]
    var rooms: [(name: String, purpose: String)]
    var visitDays: [CalendarDate]
    var sessionsPerDay: [(day: CalendarDate, count: Int)]
    var today: CalendarDate

    var paperTitle: String { kind == .lgaCorporatePeerChallenge ? "Peer challenge preparation" : "\(kind.label): preparation" }

    static func load(reviewID: Int, today: CalendarDate, on db: any Database) async throws -> ReviewPaper? {
        guard let review = try await Review.find(reviewID, on: db), let plan = try await Plan.find(review.$plan.id, on: db) else { return nil }
        let themes = try await ReviewTheme.query(on: db).filter(\.$review.$id == reviewID).with(\.$lead).sort(\.$position).all()
        let areaLinks = try await ReviewThemeArea.query(on: db).filter(\.$theme.$id ~~ themes.compactMap(\.id)).with(\.$area).all()
        let activities = try await ReviewActivity.query(on: db).filter(\.$review.$id == reviewID).sort(\.$position).all()
        let documents = try await EvidenceDocument.query(on: db).filter(\.$review.$id == reviewID).filter(\.$withdrawnAt == nil).sort(\.$title).all()
        let filed = try await EvidenceDocumentTheme.query(on: db).filter(\.$document.$id ~~ documents.compactMap(\.id)).all()
        let versions = try await EvidenceVersion.query(on: db).filter(\.$document.$id ~~ documents.compactMap(\.id)).all()
        let peers = try await PeerMember.query(on: db).filter(\.$review.$id == reviewID).sort(\.$position).all()
        let schedule = try await ScheduleRecords.load(reviewID: reviewID, on: db)
        let timeline = activities.compactMap(\.timelineActivity)
        let evidence = themes.map { theme -> (String, [Evidence]) in
            let inTheme = documents.filter { doc in filed.contains { $0.$document.id == doc.id && $0.$theme.id == theme.id } }
            return (theme.kind == .theme ? theme.title : "Scope question \(theme.position)", inTheme.map { doc in
                Evidence(title: doc.title, description: doc.description,
                         file: doc.link ?? versions.first { $0.$document.id == doc.id && $0.number == doc.latestVersion }.map(\.fileName))
            })
        }
        let days = Dictionary(grouping: schedule.sessions, by: \.day).map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
        return ReviewPaper(
            reviewID: reviewID, title: review.title, kind: review.kind, planTitle: plan.title, introduction: review.introduction,
            themes: themes.filter { $0.kind == .theme }.map { theme in
                Theme(title: theme.title, question: theme.question, lead: theme.lead?.name,
                      areas: areaLinks.filter { $0.$theme.id == theme.id }.map(\.area.name).sorted())
            },
            scopeQuestions: themes.filter { $0.kind == .scopeQuestion }.map(\.question),
            timeline: activities.map { Activity(title: $0.title, when: $0.deadlineText, leads: $0.leads, status: $0.timelineActivity.map { ReviewTimeline.status(of: $0, today: today) }) },
            positionStatementDue: ReviewTimeline.positionStatementDue(timeline), positionStatementSent: review.positionStatementSentOn.flatMap { CalendarDate(iso: $0) },
            evidenceByTheme: evidence, peers: peers.map { ($0.name, $0.role, $0.organisation) },
            rooms: schedule.rooms.map { ($0.name, $0.purpose.label) }, visitDays: schedule.visitDays, sessionsPerDay: days, today: today)
    }
}
