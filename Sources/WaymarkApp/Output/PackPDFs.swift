import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import Vapor
import WaymarkCore

/// The Board pack as a PDF for the web pages: printed through the render limiter, and for a closed
/// period's frozen snapshot kept in the database (`PackPDFStore`), so a second download, on this
/// server or another, starts no browser.
///
/// Requests for the same closed pack at once share one render rather than queueing one each.
/// Drafts of open periods and past views (`?recorded_on=`) are printed afresh every time.
final class PackPDFs: Sendable {
    /// Turns the pack's HTML into PDF bytes: headless Chromium, or a stand-in in tests.
    typealias Renderer = @Sendable (String) async throws -> [UInt8]

    let limiter: PDFRenderLimiter
    let render: Renderer
    private let inFlight = NIOLockedValueBox<[PackPDFStore.Key: Task<[UInt8], any Error>]>([:])

    init(limiter: PDFRenderLimiter, render: @escaping Renderer) {
        self.limiter = limiter
        self.render = render
    }

    /// Chromium on a thread of its own pool, so the event loops never wait for it.
    static func chromium(_ browser: String?) -> Renderer {
        { html in try await NIOThreadPool.singleton.runIfActive { try PDFPrinter.pdf(fromHTML: html, browser: browser) } }
    }

    /// As the settings say: `WAYMARK_PDF_RENDERS` at once, with `WAYMARK_CHROMIUM` or the PATH's.
    convenience init(settings: Settings) {
        self.init(limiter: PDFRenderLimiter(concurrent: settings.pdfRenders), render: Self.chromium(PDFPrinter.browser(settings)))
    }

    /// The pack's PDF. Throws `PDFRenderLimiter.Busy` when too many are being printed, and
    /// `PDFPrinter.Unavailable` when Chromium is missing or fails.
    func pdf(_ report: PeriodReport, generatedOn: CalendarDate, on db: any Database) async throws -> [UInt8] {
        let html = BoardPackHTML.document(report, generatedOn: generatedOn)
        guard let key = PackPDFStore.key(report, html: html) else {
            return try await limiter.run { try await self.render(html) }
        }
        if let cached = try await PackPDFStore.cached(key, on: db) { return cached }
        let task = inFlight.withLockedValue { tasks -> Task<[UInt8], any Error> in
            if let running = tasks[key] { return running }
            let task = Task { try await self.renderAndStore(html, key: key, on: db) }
            tasks[key] = task
            return task
        }
        return try await task.value
    }

    /// Any other paper's PDF (a review's Board paper), printed within the same limit and not kept.
    func pdf(html: String) async throws -> [UInt8] {
        try await limiter.run { try await self.render(html) }
    }

    private func renderAndStore(_ html: String, key: PackPDFStore.Key, on db: any Database) async throws -> [UInt8] {
        defer { inFlight.withLockedValue { $0[key] = nil } }
        let (bytes, fresh) = try await limiter.run { () async throws -> ([UInt8], Bool) in
            // Another server may have printed it while this request waited for its turn.
            if let cached = try? await PackPDFStore.cached(key, on: db) { return (cached, false) }
            return (try await self.render(html), true)
        }
        if fresh {
            do {
                try await PackPDFStore.store(key, bytes: bytes, on: db)
            } catch {
                // The download still goes out; the next one prints it again.
                db.logger.warning("Could not keep the PDF of period \(key.periodID), closing \(key.closing): \(String(reflecting: error))")
            }
        }
        return bytes
    }
}

extension Application {
    struct PackPDFsKey: StorageKey { typealias Value = PackPDFs }

    /// The process's shared printer unless the application was given its own (tests give a stand-in renderer).
    var packPDFs: PackPDFs {
        get {
            guard let pdfs = storage[PackPDFsKey.self] else { preconditionFailure("Waymark.configure sets the PDF printer first") }
            return pdfs
        }
        set { storage[PackPDFsKey.self] = newValue }
    }
}
