import Fluent
import Foundation
import SQLKit
import Vapor
import WaymarkAPI

enum Routes {
    static func register(on app: Application) throws {
        configureSessions(app)
        app.storage[Application.ReportCacheKey.self] = ReportCache()
        app.storage[Application.ListCountsKey.self] = ReportCache(capacity: 512)
        app.storage[Application.ListAnchorsKey.self] = ReportCache(capacity: 1_024)
        app.middleware = Middlewares()
        app.middleware.use(RequestIDMiddleware())
        app.middleware.use(RequestMetricsMiddleware())
        app.middleware.use(SecurityHeadersMiddleware(publicURL: app.settings.publicURL))
        app.middleware.use(WaymarkErrorMiddleware())
        app.middleware.use(DatabaseOutageGate())
        app.storage[Application.PublicCacheKey.self] = PublicServing.Cache(freshness: app.settings.publicCacheSeconds)
        // The public pages never run the session, user or CSRF middleware: they cannot show who
        // is signed in, and set no cookie.
        app.middleware.use(PublicServing.ExceptPublic(inner: app.sessions.middleware))
        app.middleware.use(PublicServing.ExceptPublic(inner: UserSessionMiddleware()))
        app.middleware.use(PublicServing.ExceptPublic(inner: APITokenMiddleware()))
        app.middleware.use(PublicServing.ExceptPublic(inner: ReviewerFence()))
        app.middleware.use(PublicServing.ExceptPublic(inner: CSRFMiddleware()))
        // After the CSRF check, which collects a streamed body, so every form is seen whole.
        app.middleware.use(FormLineEndings())

        app.get("health") { req async throws -> HealthResponse in
            let sql = req.db.sql
            try await sql.raw("SELECT 1").run()
            return HealthResponse(status: "ok", database: sql.dialect.name == "postgresql" ? "postgresql" : "sqlite")
        }
        // Liveness for load balancers: answers without touching the database.
        app.get("health", "live") { _ in "ok" }
        // Readiness: the database answers and holds every migration this build knows.
        app.get("health", "ready") { req async throws -> Response in
            let sql = req.db.sql
            struct Row: Decodable { var name: String }
            let applied = Set(try await sql.raw("SELECT name FROM _fluent_migrations").all(decoding: Row.self).map(\.name))
            let pending = Migrations.all.map(\.name).filter { !applied.contains($0) }
            let response = Response(status: pending.isEmpty ? .ok : .serviceUnavailable)
            try response.content.encode(ReadyResponse(status: pending.isEmpty ? "ok" : "migrations_pending",
                                                      database: sql.dialect.name == "postgresql" ? "postgresql" : "sqlite",
                                                      pendingMigrations: pending.count))
            return response
        }
        Assets.register(on: app)
        MetricsEndpoint.register(on: app)

        try app.register(collection: SignInController())
        try app.register(collection: SecondStepController())
        try app.register(collection: TwoStepPagesController())
        try app.register(collection: KPIPagesController())
        try app.register(collection: KPIImportPagesController())
        try app.register(collection: PlanPagesController())
        try app.register(collection: MilestoneListController())
        try app.register(collection: MilestonePagesController())
        try app.register(collection: StatusDecisionPagesController())
        try app.register(collection: PlanSettingsPagesController())
        try app.register(collection: RegisterPagesController())
        try app.register(collection: SchemeAdminPagesController())
        try app.register(collection: RegisterItemPagesController())
        try app.register(collection: SuccessorPlanPagesController())
        try app.register(collection: AdminPagesController())
        try app.register(collection: UserPagesController())
        try app.register(collection: AccountPagesController())
        try app.register(collection: SessionPagesController())
        try app.register(collection: SignInLinkController())
        try app.register(collection: StructurePagesController())
        try app.register(collection: PeoplePagesController())
        try app.register(collection: PeriodPagesController())
        try app.register(collection: ReportPagesController())
        try app.register(collection: GovernancePagesController())
        try app.register(collection: GovernanceTrailController())
        try app.register(collection: ImportPagesController())
        try app.register(collection: SettingsPagesController())
        try app.register(collection: DirectionsPagesController())
        try app.register(collection: ReviewPagesController())
        try app.register(collection: EvidencePagesController())
        try app.register(collection: SchedulePagesController())
        try app.register(collection: AgendaPagesController())
        try app.register(collection: ReviewerAccessPagesController())
        try app.register(collection: FindingPagesController())
        try app.register(collection: ReviewPaperPagesController())
        try app.register(collection: PublicPagesController())
        try app.register(collection: PublishPagesController())
        try app.register(collection: OutboxController())

        try WaymarkAPIHandler.register(on: app)
        app.get("api", "v1", "openapi.json") { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(string: APIDocument.json))
        }
    }

    /// Sessions live in the database, so several Waymark processes can share one PostgreSQL.
    /// Cookies are HttpOnly and SameSite=Lax always, and Secure when WAYMARK_PUBLIC_URL is https.
    static func configureSessions(_ app: Application) {
        app.sessions.use(.fluent)
        let stored = app.sessions.driver
        app.sessions.use { _ in ChangedSessionsOnly(base: SessionAndUserReader(base: stored)) }
        let secure = app.settings.isHTTPS
        app.sessions.configuration = SessionsConfiguration(cookieName: "waymark-session") { id in
            // Max-Age rather than Expires: the cookie is re-sent on every response, and formatting an
            // Expires date each time cost more than the rest of a cached dashboard.
            HTTPCookies.Value(string: id.string, expires: nil, maxAge: 12 * 3600, domain: nil, path: "/",
                              isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
    }
}

struct ReadyResponse: Content {
    var status: String
    var database: String
    var pendingMigrations: Int

    enum CodingKeys: String, CodingKey { case status, database, pendingMigrations = "pending_migrations" }
}

struct HealthResponse: Content {
    var status: String
    var database: String
}
