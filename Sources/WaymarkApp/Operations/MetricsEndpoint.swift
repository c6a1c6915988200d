import Crypto
import Foundation
import SQLKit
import Vapor

/// `GET /metrics`, for Prometheus. Off unless `WAYMARK_METRICS_TOKEN` is set (then the route
/// answers 404 as if it did not exist), and then only for requests bearing that token: the
/// figures say how busy the council's staff are, which is not for the public.
enum MetricsEndpoint {
    struct TokenKey: StorageKey { typealias Value = String }

    static func register(on app: Application) {
        let token = app.settings.metricsToken ?? ""
        if !token.isEmpty { app.storage[TokenKey.self] = token }
        app.get("metrics", use: serve)
    }

    @Sendable static func serve(req: Request) async throws -> Response {
        guard let token = req.application.storage[TokenKey.self] else { throw Abort(.notFound) }
        guard let offered = req.headers.bearerAuthorization?.token, same(offered, token) else {
            let refused = Response(status: .unauthorized, body: .init(string: "Send the metrics token as Authorization: Bearer …\n"))
            refused.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"metrics\"")
            return refused
        }
        await readGauges(req.db.sql)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: Data(WaymarkMetrics.text())))
    }

    /// Compared by digest, so the time taken says nothing about how much of a guess was right.
    static func same(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }

    /// What the database holds now. A database that does not answer is reported as down; the
    /// rest keep their last values rather than the scrape failing.
    static func readGauges(_ sql: any SQLDatabase) async {
        struct Count: Decodable { var n: Int }
        let started = ContinuousClock.now
        do {
            try await sql.raw("SELECT 1").run()
            WaymarkMetrics.set(WaymarkMetrics.pingSeconds, Double((ContinuousClock.now - started).nanoseconds) / 1e9)
            WaymarkMetrics.set(WaymarkMetrics.databaseUp, 1)
        } catch {
            WaymarkMetrics.set(WaymarkMetrics.databaseUp, 0)
            return
        }
        if let sessions = try? await sql.raw("SELECT COUNT(*) AS n FROM _fluent_sessions").first(decoding: Count.self) {
            WaymarkMetrics.set(WaymarkMetrics.sessions, Double(sessions.n))
        }
        if let waiting = try? await sql.raw("SELECT COUNT(*) AS n FROM reminders WHERE state <> 'sent'").first(decoding: Count.self) {
            WaymarkMetrics.set(WaymarkMetrics.remindersWaiting, Double(waiting.n))
        }
        if let last = try? await JobLease.lastFinished("backup", on: sql) {
            WaymarkMetrics.set(WaymarkMetrics.backupAge, Date().timeIntervalSince(last))
        }
    }
}

/// Counts and times every request by its route's pattern ("/plans/:planID"), never its path, so
/// the number of series stays the number of routes.
struct RequestMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            record(request, status: response.status.code, since: started)
            return response
        } catch {
            record(request, status: (error as? any AbortError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    private func record(_ request: Request, status: UInt, since started: ContinuousClock.Instant) {
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        WaymarkMetrics.request(route: route, method: request.method.rawValue, status: status, took: ContinuousClock.now - started)
    }
}
