import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Answers 503 for a request stuck on a connection that PostgreSQL dropped.
///
/// When PostgreSQL stops while a transaction is half-way, the driver can leave that request's
/// next query waiting on the closed connection for ever: the person gets no answer at all. So a
/// request still running after ``patience`` has its database checked on a connection of its own
/// (never the pool's, which may hold only dead ones, or be busy with a long import); if that
/// cannot connect, the request is answered 503 like every other during the outage, and its work
/// is left to fail on its own. A request that is merely slow, with the database up, runs on.
struct StuckRequestWatch: Sendable {
    static let patience: Duration = .seconds(2)
    static let interval: Duration = .seconds(1)
    let probe: PostgresConnection.Configuration
    /// One check at a time for the whole server, its answer shared for ``interval``: on a busy
    /// machine many requests run past their patience at once, and a connection each would make
    /// PostgreSQL busier still.
    private let shared = SharedProbe()

    init(probe: PostgresConnection.Configuration) {
        self.probe = probe
    }

    /// `body`'s answer, or DatabaseAway once the database cannot be reached while it runs.
    func race(_ request: Request, _ body: @escaping @Sendable () async throws -> Response) async throws -> Response {
        let outcome = Outcome()
        let work = Task {
            do { await outcome.finish(.success(try await body())) } catch { await outcome.finish(.failure(error)) }
        }
        let probe = self.probe, shared = self.shared
        let eventLoop = request.eventLoop, logger = request.logger
        let watch = Task {
            try await Task.sleep(for: Self.patience)
            var unsure = 0
            while await !outcome.isFinished {
                switch await shared.answer({ await Self.probe(probe, on: eventLoop, logger: logger) }) {
                case .answered: unsure = 0
                case .refused: unsure = Self.unsureLimit
                case .unsure: unsure += 1
                }
                // A refusal is PostgreSQL gone; a slow connection may be a busy machine, so only
                // several in a row count as gone (a host that stopped answering altogether).
                if unsure >= Self.unsureLimit {
                    await outcome.finish(.failure(DatabaseAway()))
                    return
                }
                try await Task.sleep(for: Self.interval)
            }
        }
        let result = await outcome.value()
        watch.cancel()
        _ = work
        return try result.get()
    }

    static let unsureLimit = 3

    enum ProbeAnswer { case answered, refused, unsure }

    /// Whether a new connection to PostgreSQL answers `SELECT 1`: answered; refused (nothing
    /// listens, or the server is shutting down or starting); or unsure (it did not answer in time).
    static func probe(_ configuration: PostgresConnection.Configuration, on eventLoop: any EventLoop, logger: Logger) async -> ProbeAnswer {
        do {
            let connection = try await PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 0, logger: logger).get()
            var failure: (any Error)?
            do { _ = try await connection.query("SELECT 1", logger: logger).get() } catch { failure = error }
            // Closed before it is let go: the driver insists, and a probe must leave nothing open.
            try? await connection.close()
            if let failure { throw failure }
            return .answered
        } catch {
            guard DatabaseFailure.isUnreachable(error) else { return .answered }
            return DatabaseFailure.isTimeout(error) ? .unsure : .refused
        }
    }

    /// The latest check's answer while it is under ``interval`` old, or one new check shared by
    /// every request that asks meanwhile.
    private actor SharedProbe {
        private var last: (answer: ProbeAnswer, at: ContinuousClock.Instant)?
        private var running: Task<ProbeAnswer, Never>?

        func answer(_ check: @escaping @Sendable () async -> ProbeAnswer) async -> ProbeAnswer {
            if let last, ContinuousClock.now - last.at < StuckRequestWatch.interval { return last.answer }
            if let running { return await running.value }
            let task = Task { await check() }
            running = task
            let answer = await task.value
            last = (answer, .now)
            running = nil
            return answer
        }
    }

    /// The first of the work and the watch to finish decides the answer.
    private actor Outcome {
        private var result: Result<Response, any Error>?
        private var waiting: [CheckedContinuation<Result<Response, any Error>, Never>] = []

        var isFinished: Bool { result != nil }

        func finish(_ value: Result<Response, any Error>) {
            guard result == nil else { return }
            result = value
            for continuation in waiting { continuation.resume(returning: value) }
            waiting = []
        }

        func value() async -> Result<Response, any Error> {
            if let result { return result }
            return await withCheckedContinuation { waiting.append($0) }
        }
    }
}

extension Application {
    struct StuckRequestWatchKey: StorageKey { typealias Value = StuckRequestWatch }

    /// Set when the database is PostgreSQL; SQLite has no connection to lose.
    var stuckRequestWatch: StuckRequestWatch? {
        get { storage[StuckRequestWatchKey.self] }
        set { storage[StuckRequestWatchKey.self] = newValue }
    }
}
