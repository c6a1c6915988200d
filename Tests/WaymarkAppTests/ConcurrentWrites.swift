import Foundation
import Vapor
import VaporTesting
import WaymarkCore

/// Lets `count` tasks through together, so concurrent writes really do meet.
actor StartingLine {
    private let count: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { self.count = count }

    func arrive() async {
        if waiting.count + 1 == count {
            for runner in waiting { runner.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

/// Runs `body` `count` times at once (released together) and returns each outcome in order.
func allAtOnce<T: Sendable>(_ count: Int = 10, _ body: @escaping @Sendable (Int) async throws -> T) async -> [Result<T, any Error>] {
    let line = StartingLine(count)
    return await withTaskGroup(of: (Int, Result<T, any Error>).self) { group in
        for index in 0..<count {
            group.addTask {
                await line.arrive()
                do { return (index, .success(try await body(index))) } catch { return (index, .failure(error)) }
            }
        }
        var results: [(Int, Result<T, any Error>)] = []
        for await result in group { results.append(result) }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// Sends the same form `count` times at once, spread over `servers`, as `client` (signed in, with
/// its CSRF token); returns each answer's status code.
func raceForm(_ path: String, _ form: [String: String], as client: WebClient, servers: [Application], count: Int = 10) async throws -> [UInt] {
    let testers = try servers.map { try $0.testing() }
    var fields = form
    fields["csrf_token"] = client.csrf
    let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    var headers = HTTPHeaders()
    headers.contentType = .urlEncodedForm
    headers.replaceOrAdd(name: .cookie, value: client.cookie ?? "")
    let sendHeaders = headers
    let results = await allAtOnce(count) { index in
        try await testers[index % testers.count].sendRequest(.POST, path, headers: sendHeaders, body: ByteBuffer(string: body)).status.code
    }
    return try results.map { try $0.get() }
}

extension Result {
    var thrown: Failure? { if case .failure(let error) = self { return error } else { return nil } }
    var value: Success? { if case .success(let value) = self { return value } else { return nil } }
}

@testable import WaymarkApp

/// For tests that open and close periods on the way to what they test.
extension ReportingPeriodService {
    func opened(planID: Int, label: String) async throws -> PlanReportingPeriod {
        guard case .saved(let period) = try await open(planID: planID, label: label) else { throw TestSetupError("\(label) did not open") }
        return period
    }

    @discardableResult
    func closed(periodID: Int, today: WaymarkCore.CalendarDate) async throws -> PlanReportingPeriod {
        guard case .saved(let period) = try await close(periodID: periodID, today: today) else { throw TestSetupError("the period did not close") }
        return period
    }
}
