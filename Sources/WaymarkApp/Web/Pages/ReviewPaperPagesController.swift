import Fluent
import Vapor
import WaymarkCore

/// The review's Board paper as a page (prints to A4), a PDF, a spreadsheet and a CSV of the
/// timeline.
struct ReviewPaperPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reviews", ":reviewID", "paper", use: page)
        routes.get("reviews", ":reviewID", "paper.pdf", use: pdf)
        routes.get("reviews", ":reviewID", "paper.xlsx", use: xlsx)
        routes.get("reviews", ":reviewID", "paper.csv", use: csv)
    }

    private func paper(_ req: Request) async throws -> ReviewPaper {
        try req.authorize(.read)
        guard let id = req.parameters.get("reviewID").flatMap(Int.init),
              let paper = try await ReviewPaper.load(reviewID: id, today: AsOf.today(req.application.now()), on: req.db) else { throw Abort(.notFound) }
        return paper
    }

    func page(req: Request) async throws -> HTML {
        let paper = try await paper(req)
        let base = "/reviews/\(paper.reviewID)/paper"
        return Layout.page(ReviewPaperHTML.title(paper), context: req.layoutContext, """
        <div class="no-print">
        \(Layout.breadcrumbs([("/reviews", "Reviews"), ("/reviews/\(paper.reviewID)", paper.title)]))
        <p>Download as <a href="\(base).pdf">PDF</a>, <a href="\(base).xlsx">spreadsheet (XLSX)</a> or <a href="\(base).csv">CSV</a> (the timeline). This page also prints to A4.</p>
        </div>
        \(ReviewPaperHTML.body(paper))
        """)
    }

    func pdf(req: Request) async throws -> Response {
        let paper = try await paper(req)
        do {
            let bytes = try await req.application.packPDFs.pdf(html: ReviewPaperHTML.document(paper))
            return .download(bytes, type: "application/pdf", name: fileName(paper, "pdf"))
        } catch let unavailable as PDFPrinter.Unavailable {
            throw Abort(.serviceUnavailable, reason: unavailable.description)
        } catch is PDFRenderLimiter.Busy {
            throw Abort(.serviceUnavailable, reason: "Waymark is making other PDFs just now. Try again in a minute, or print the paper's page from the browser.")
        }
    }

    func xlsx(req: Request) async throws -> Response {
        let paper = try await paper(req)
        let sheets: [XLSXWriter.Sheet] = [
            .init(name: "Themes", rows: [["Theme", "Question", "Corporate lead", "Plan areas"].map(XLSXWriter.Cell.header)]
                  + paper.themes.map { [.text($0.title), .text($0.question), .text($0.lead ?? ""), .text($0.areas.joined(separator: ", "))] }
                  + paper.scopeQuestions.enumerated().map { [.text("Scope question \($0.offset + 1)"), .text($0.element), .text(""), .text("")] },
                  columnWidths: [36, 70, 24, 30], frozenRows: 1),
            .init(name: "Timeline", rows: [Self.timelineHeaders.map(XLSXWriter.Cell.header)] + paper.timeline.map { Self.timelineRow($0).map(XLSXWriter.Cell.text) },
                  columnWidths: [36, 20, 30, 14, 60], frozenRows: 1),
            .init(name: "Evidence", rows: [["Theme", "Document", "Description", "File or page"].map(XLSXWriter.Cell.header)]
                  + paper.evidenceByTheme.flatMap { group in group.documents.map { [.text(group.theme), .text($0.title), .text($0.description), .text($0.file ?? "")] } },
                  columnWidths: [36, 36, 50, 30], frozenRows: 1),
            .init(name: "Peer team", rows: [["Name", "Role", "Organisation"].map(XLSXWriter.Cell.header)] + paper.peers.map { [.text($0.name), .text($0.role), .text($0.organisation)] },
                  columnWidths: [24, 40, 40], frozenRows: 1),
        ]
        let bytes = try await req.application.threadPool.runIfActive { try XLSXWriter.write(sheets) }
        return .download(bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: fileName(paper, "xlsx"))
    }

    func csv(req: Request) async throws -> Response {
        let paper = try await paper(req)
        let text = OutputFormat.csvLines([Self.timelineHeaders.map(SpreadsheetText.neutralised)] + paper.timeline.map { Self.timelineRow($0).map(SpreadsheetText.neutralised) })
        return .download(Array(text.utf8), type: "text/csv; charset=utf-8", name: fileName(paper, "csv"))
    }

    static let timelineHeaders = ["Activity", "Timeline", "Lead officer", "Status", "Why"]

    static func timelineRow(_ activity: ReviewPaper.Activity) -> [String] {
        [activity.title, activity.when, activity.leads, activity.status?.status.label ?? "", activity.status?.explanation ?? ""]
    }

    private func fileName(_ paper: ReviewPaper, _ suffix: String) -> String {
        let base = "\(paper.title) \(paper.paperTitle)".map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(base).split(separator: "-").joined(separator: "-") + "." + suffix
    }
}
