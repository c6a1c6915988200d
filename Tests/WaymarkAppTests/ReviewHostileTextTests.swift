import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// Every text field of the review's forms against what a careless paste or a hostile user sends:
/// control characters are refused beside the field, CR LF line endings are kept as LF, 2 MB is
/// refused, mark-up is kept as typed and shown as text; and a refused form writes nothing.
@Suite struct ReviewHostileTextTests {
    /// One field of one form: where it is posted, the rest of a good form, and how to read back
    /// what was stored and see where it is shown.
    struct Field: Sendable {
        var name: String
        var path: String
        var form: [String: String]
        var field: String
        var multiLine: Bool
        var upload = false
        /// Rows of the table the form writes to, to see that a refusal wrote nothing.
        var table: String
        var stored: @Sendable (any Database) async throws -> String?
        var shownAt: @Sendable (any Database) async throws -> String
    }

    static let markup = "<script>alert(1)</script> & <b>bold</b>"
    static let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"

    static func fields(review r: Int, planID: Int, room: Int, document: Int, theme: Int) -> [Field] {
        let latestReview: @Sendable (any Database) async throws -> Review? = { try await Review.query(on: $0).sort(\.$id, .descending).first() }
        let reviewPage: @Sendable (any Database) async throws -> String = { _ in "/reviews/\(r)" }
        let schedulePage: @Sendable (any Database) async throws -> String = { _ in "/reviews/\(r)/schedule" }
        let newReview = ["kind": "other_independent_review", "plan_id": "\(planID)", "title": "A review"]
        let latestDocument: @Sendable (any Database) async throws -> EvidenceDocument? = { try await EvidenceDocument.query(on: $0).sort(\.$id, .descending).first() }
        return [
            Field(name: "review title", path: "/reviews", form: newReview, field: "title", multiLine: false, table: "reviews",
                  stored: { try await latestReview($0)?.title }, shownAt: { "/reviews/\(try await latestReview($0)?.id ?? 0)" }),
            Field(name: "review introduction", path: "/reviews", form: newReview, field: "introduction", multiLine: true, table: "reviews",
                  stored: { try await latestReview($0)?.introduction }, shownAt: { "/reviews/\(try await latestReview($0)?.id ?? 0)" }),
            Field(name: "theme title", path: "/reviews/\(r)/themes", form: ["kind": "theme", "theme_question": "How?"], field: "theme_title", multiLine: false,
                  table: "review_themes", stored: { try await ReviewTheme.query(on: $0).sort(\.$id, .descending).first()?.title }, shownAt: reviewPage),
            Field(name: "theme question", path: "/reviews/\(r)/themes", form: ["kind": "theme", "theme_title": "Housing"], field: "theme_question", multiLine: true,
                  table: "review_themes", stored: { try await ReviewTheme.query(on: $0).sort(\.$id, .descending).first()?.question }, shownAt: reviewPage),
            Field(name: "finding", path: "/reviews/\(r)/findings", form: ["finding_kind": "finding"], field: "finding_text", multiLine: true,
                  table: "review_findings", stored: { try await ReviewFinding.query(on: $0).sort(\.$id, .descending).first()?.text }, shownAt: reviewPage),
            Field(name: "peer's name", path: "/reviews/\(r)/peers", form: ["role": "Officer", "organisation": "LGA"], field: "name", multiLine: false,
                  table: "peer_members", stored: { try await PeerMember.query(on: $0).sort(\.$id, .descending).first()?.name }, shownAt: reviewPage),
            Field(name: "peer's role", path: "/reviews/\(r)/peers", form: ["name": "Ros Jones", "organisation": "LGA"], field: "role", multiLine: false,
                  table: "peer_members", stored: { try await PeerMember.query(on: $0).sort(\.$id, .descending).first()?.role }, shownAt: reviewPage),
            Field(name: "peer's organisation", path: "/reviews/\(r)/peers", form: ["name": "Ros Jones", "role": "Mayor"], field: "organisation", multiLine: false,
                  table: "peer_members", stored: { try await PeerMember.query(on: $0).sort(\.$id, .descending).first()?.organisation }, shownAt: reviewPage),
            Field(name: "room", path: "/reviews/\(r)/rooms", form: ["purpose": "interview"], field: "room_name", multiLine: false,
                  table: "review_rooms", stored: { try await ReviewRoom.query(on: $0).sort(\.$id, .descending).first()?.name }, shownAt: schedulePage),
            Field(name: "interviewee's name", path: "/reviews/\(r)/interviewees", form: ["interviewee_role": "Chief Executive"], field: "interviewee_name", multiLine: false,
                  table: "review_interviewees", stored: { try await ReviewInterviewee.query(on: $0).sort(\.$id, .descending).first()?.name }, shownAt: schedulePage),
            Field(name: "interviewee's role", path: "/reviews/\(r)/interviewees", form: ["interviewee_name": "Will Tuckley"], field: "interviewee_role", multiLine: false,
                  table: "review_interviewees", stored: { try await ReviewInterviewee.query(on: $0).sort(\.$id, .descending).first()?.role }, shownAt: schedulePage),
            Field(name: "session", path: "/reviews/\(r)/sessions", form: ["day": "2018-06-19", "starts": "09:00", "ends": "10:00", "room_id": "\(room)"], field: "session_title",
                  multiLine: false, table: "review_sessions", stored: { try await ReviewSession.query(on: $0).sort(\.$id, .descending).first()?.title }, shownAt: schedulePage),
            Field(name: "evidence title", path: "/reviews/\(r)/evidence", form: ["theme_ids[]": "\(theme)"], field: "title", multiLine: false, upload: true, table: "evidence_documents",
                  stored: { try await latestDocument($0)?.title }, shownAt: { "/evidence/\(try await latestDocument($0)?.id ?? 0)" }),
            Field(name: "evidence description", path: "/reviews/\(r)/evidence", form: ["title": "Strategic Plan", "theme_ids[]": "\(theme)"], field: "description", multiLine: true, upload: true,
                  table: "evidence_documents", stored: { try await latestDocument($0)?.description }, shownAt: { "/evidence/\(try await latestDocument($0)?.id ?? 0)" }),
            Field(name: "reason for withdrawing evidence", path: "/evidence/\(document)/withdraw", form: ["version": "1"], field: "reason", multiLine: true,
                  table: "audit_events", stored: { try await EvidenceDocument.find(document, on: $0)?.withdrawnReason }, shownAt: { _ in "/evidence/\(document)" }),
        ]
    }

    static func post(_ client: inout WebClient, _ field: Field, _ value: String) async throws -> TestingHTTPResponse {
        var form = field.form
        form[field.field] = value
        guard field.upload else { return try await client.post(field.path, form) }
        return try await EvidenceUpload.send(&client, to: field.path, fields: form.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                             file: ("plan.pdf", UploadSamples.pdf))
    }

    @Test(arguments: TestDatabase.allCases)
    func everyReviewFieldHoldsAgainstHostileText(database: TestDatabase) async throws {
        try await withApp(database) { app in
            var (team, planID, review) = try await ReviewPagesTests.setUp(app)
            let officer = try #require(try await User.query(on: app.db).filter(\.$role == .performanceOfficer).first())
            let theme = try #require(try await ReviewTheme.query(on: app.db).filter(\.$review.$id == review).first()).id!
            guard case .saved(let room) = try await ScheduleService(db: app.db, user: officer).addRoom(reviewID: review, name: "MP602", purpose: "interview"),
                  case .saved(let document) = try await EvidenceService(db: app.db, user: officer).add(reviewID: review, .init(title: "Plan", themeIDs: [theme], file: ("plan.pdf", Data(UploadSamples.pdf)))) else {
                throw TestSetupError("room or evidence not set up")
            }
            _ = try await team.get("/reviews/\(review)")
            for field in Self.fields(review: review, planID: planID, room: room.id!, document: document.id!, theme: theme) {
                let rows = try await app.count(field.table)
                // A control character, and for a one-line field a line break, is refused beside the field.
                for bad in ["Bell\u{7}here", "Null\u{0}here", "Escape\u{1B}[31mhere"] + (field.multiLine ? [] : ["Two\r\nlines"]) {
                    let refused = try await Self.post(&team, field, bad)
                    #expect(refused.status == .unprocessableEntity, "\(field.name) \(bad.debugDescription): \(refused.status)")
                    #expect(refused.body.string.contains("<li><a href=\"#\(field.field)\">"), "\(field.name) \(bad.debugDescription): the error is not beside the field")
                    #expect(refused.body.string.contains(field.multiLine ? "must not contain control characters other than line breaks and tabs" : "must be on one line"),
                            "\(field.name) \(bad.debugDescription)")
                }
                // 2 MB: refused whole, before or at the field's limit.
                let huge = try await Self.post(&team, field, String(repeating: "x", count: 2_000_000))
                #expect([413, 422].contains(huge.status.code), "\(field.name) 2 MB: \(huge.status)")
                #expect(try await app.count(field.table) == rows, "\(field.name): a refused form wrote something")

                // Mark-up is kept as typed and shown as text; CR LF comes back as LF.
                let typed = field.multiLine ? Self.markup + "\r\nSecond line" : Self.markup
                let saved = try await Self.post(&team, field, typed)
                #expect(saved.status == .seeOther, "\(field.name): \(saved.status) \(saved.body.string.prefix(300))")
                #expect(try await field.stored(app.db) == (field.multiLine ? Self.markup + "\nSecond line" : Self.markup), "\(field.name)")
                let page = try await team.get(try await field.shownAt(app.db)).body.string
                #expect(page.contains(Self.escaped) && !page.contains("<script>alert(1)"), "\(field.name) is not shown as text")
            }
        }
    }
}
