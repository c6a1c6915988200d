import Foundation

/// Lets at most `concurrent` PDF renders run at once, with at most `queueLength` more waiting,
/// each for at most `patience`.
///
/// Every render starts a headless Chromium of several hundred megabytes, so a few viewers asking
/// for PDFs at once could take the server's memory. A request beyond the queue is refused at once,
/// and one that waits longer than its patience gives up; both are told to try again later (503).
/// Nothing here grows without bound: the queue holds at most `queueLength` waiters, and each
/// waiter's timer ends when it is let in, times out or is cancelled.
actor PDFRenderLimiter {
    /// The queue was full, or the wait for a free render ran out.
    struct Busy: Error, Equatable, CustomStringConvertible {
        var timedOut: Bool
        var description: String { timedOut ? "waited too long for a free PDF render" : "too many PDF renders waiting" }
    }

    let concurrent: Int
    let queueLength: Int
    let patience: Duration

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
        var timer: Task<Void, Never>?
    }

    private var running = 0
    private var waiters: [Waiter] = []
    private var nextID: UInt64 = 0

    init(concurrent: Int = 1, queueLength: Int = 4, patience: Duration = .seconds(30)) {
        self.concurrent = max(1, concurrent)
        self.queueLength = max(0, queueLength)
        self.patience = patience
    }

    /// Runs `work` once a render is free, or throws `Busy` without running it.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await work()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }

    /// Renders running and waiting, for tests and logs.
    var load: (running: Int, waiting: Int) { (running, waiters.count) }

    private func acquire() async throws {
        if running < concurrent, waiters.isEmpty {
            running += 1
            return
        }
        guard waiters.count < queueLength else { throw Busy(timedOut: false) }
        try Task.checkCancellation()
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let timer = Task { [patience] in
                    // Cancelled when the waiter is let in: the sleep throws and the timer ends.
                    guard (try? await Task.sleep(for: patience)) != nil else { return }
                    await self.giveUp(id, with: Busy(timedOut: true))
                }
                waiters.append(Waiter(id: id, continuation: continuation, timer: timer))
            }
        } onCancel: {
            Task { await self.giveUp(id, with: CancellationError()) }
        }
    }

    /// A waiter that is still in the queue leaves it with `error`; one already let in is left alone.
    private func giveUp(_ id: UInt64, with error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.timer?.cancel()
        waiter.continuation.resume(throwing: error)
    }

    /// Hands the render to the longest waiter, or frees it.
    private func release() {
        guard !waiters.isEmpty else {
            running -= 1
            return
        }
        let next = waiters.removeFirst()
        next.timer?.cancel()
        next.continuation.resume()
    }
}
