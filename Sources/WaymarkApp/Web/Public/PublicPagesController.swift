import Crypto
import Fluent
import Vapor
import WaymarkCore

/// `/public`: what residents see. Only published periods, drawn from the content frozen when
/// each was published; no sign-in, no cookies, the same for everyone.
struct PublicPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pub = routes.grouped("public")
        pub.get(use: home)
        pub.get("plans", ":planID", use: plan)
        pub.get("publications", ":number", use: publication)
        pub.get("publications", ":number", "areas", ":area", use: area)
        pub.get("publications", ":number", "milestones.csv", use: PublicData.csv)
        pub.get("publications", ":number", "publication.json", use: PublicData.json)
        pub.get("publications", ":number", "milestones.csv-metadata.json", use: PublicData.csvMetadata)
        pub.get("data.json", use: PublicData.catalogue)
        pub.get("feed.atom", use: PublicData.feed)
        pub.get("accessibility", use: accessibility)
        pub.get("publication.schema.json", use: PublicationSchema.serve)
    }

    static let pageSize = 100

    /// The list of publications and their state: what the home page, a plan's page, the feed and
    /// the catalogue are drawn from, and so their version.
    static func register(_ req: Request) async throws -> (publications: [Publication], etag: String, modified: Date) {
        let register = try await req.application.publicCache.register(now: req.application.now()) {
            let all = try await Publication.metadata(on: req.db).with(\.$plan).sort(\.$id, .descending).all()
            let state = all.map { "\($0.id ?? 0):\($0.withdrawnAt == nil ? 0 : 1)" }.joined(separator: ",") + "|" + req.application.settings.councilName + "|" + req.application.settings.publicBase
            let etag = SHA256.hash(data: Data(state.utf8)).prefix(12).hexEncoded
            let modified = all.map { $0.withdrawnAt ?? $0.publishedAt }.max() ?? Date(timeIntervalSince1970: 0)
            return .init(publications: all, etag: etag, modified: modified)
        }
        return (register.publications, register.etag, register.modified)
    }

    static func page(council: String, _ title: String, _ content: HTML) -> [UInt8] {
        let context = Layout.Context(user: nil, csrfToken: nil, currentPath: "/public")
        return Array(("<!DOCTYPE html>\n" + Layout.page(title + " – " + council, context: context, """
        <p class="caption">\(council): improvement plan progress</p>
        \(content)
        <p class="hint"><a href="/public">All published plans</a> · <a href="/public/data.json">Open data catalogue</a> · <a href="/public/feed.atom">Publications feed (Atom)</a> · <a href="/public/accessibility">Accessibility statement</a></p>
        <p class="hint">Published under the <a href="\(OpenData.licenceURL)">\(OpenData.licenceName)</a>.</p>
        """).rendered).utf8)
    }

    func home(req: Request) async throws -> Response {
        let (all, etag, modified) = try await Self.register(req)
        return try await req.application.publicCache.response(req, etag: etag, lastModified: modified) {
            var latest: [(Plan, Publication)] = []
            for publication in all where publication.withdrawnAt == nil && !latest.contains(where: { $0.0.id == publication.$plan.id }) {
                latest.append((publication.plan, publication))
            }
            var rows: [HTML] = []
            for (plan, publication) in latest {
                let content = try await req.application.publicCache.content(publication, on: req.db)
                rows.append("<tr><td><a href=\"/public/plans/\(plan.id ?? 0)\">\(plan.title)</a></td><td>\(content?.period ?? "") (\(content?.months ?? ""))</td><td>\(MilestoneUpdateForm.timestamp(publication.publishedAt))</td></tr>")
            }
            return Self.page(council: req.application.settings.councilName, "Published plans", """
            <h1>Improvement plans: progress reports</h1>
            <p>Each quarter the council reports its progress on its improvement plans to the Improvement Board. Once a quarter is closed and approved, it is published here.</p>
            \(rows.isEmpty ? HTML("<p>Nothing has been published yet.</p>") : """
            <table class="table"><caption class="visually-hidden">Published plans and their latest quarter</caption>
            <thead><tr><th scope="col">Plan</th><th scope="col">Latest published quarter</th><th scope="col">Published</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
            """)
        }
    }

    func plan(req: Request) async throws -> Response {
        guard let planID = req.parameters.get("planID").flatMap(Int.init) else { throw Abort(.notFound) }
        let (all, etag, modified) = try await Self.register(req)
        let mine = all.filter { $0.$plan.id == planID }
        guard let latest = mine.first(where: { $0.withdrawnAt == nil }) else { throw Abort(.notFound, reason: "Nothing of this plan has been published.") }
        return try await req.application.publicCache.response(req, etag: etag + "-plan", lastModified: modified) {
            var earlier: [HTML] = []
            for p in mine {
                let content = try await req.application.publicCache.content(p, on: req.db)
                earlier.append("<li><a href=\"/public/publications/\(p.id ?? 0)\">Publication \(p.id ?? 0): \(content?.period ?? "") (\(content?.months ?? ""))</a>\(p.withdrawnAt == nil ? HTML("") : HTML(" – withdrawn"))</li>")
            }
            let content = try await req.application.publicCache.content(latest, on: req.db)
            return Self.page(council: req.application.settings.councilName, latest.plan.title, PublicationPage.body(latest, content: content, plan: latest.plan, publicBase: req.application.settings.publicBase) + """
            <h2>All publications of this plan</h2><ul class="list">\(earlier)</ul>
            """)
        }
    }

    func publication(req: Request) async throws -> Response {
        let publication = try await Self.publication(req)
        return try await req.application.publicCache.response(req, etag: Self.etag(publication, req.application.settings), lastModified: publication.withdrawnAt ?? publication.publishedAt) {
            Self.page(council: req.application.settings.councilName, "Publication \(publication.id ?? 0): \(publication.plan.title)",
                      PublicationPage.body(publication, content: try await req.application.publicCache.content(publication, on: req.db), plan: publication.plan, publicBase: req.application.settings.publicBase))
        }
    }

    func area(req: Request) async throws -> Response {
        let publication = try await Self.publication(req)
        guard let index = req.parameters.get("area").flatMap(Int.init), publication.withdrawnAt == nil,
              let content = try await req.application.publicCache.content(publication, on: req.db),
              content.areas.indices.contains(index - 1) else { throw Abort(.notFound) }
        let page = max(1, req.query[Int.self, at: "page"] ?? 1)
        let area = content.areas[index - 1]
        let pages = max(1, (area.milestones.count + Self.pageSize - 1) / Self.pageSize)
        guard page <= pages else { throw Abort(.notFound) }
        return try await req.application.publicCache.response(req, etag: Self.etag(publication, req.application.settings) + "-a\(index)-p\(page)", lastModified: publication.publishedAt) {
            Self.page(council: req.application.settings.councilName, "\(area.name): publication \(publication.id ?? 0)", PublicationPage.area(publication, content: content, index: index, page: page, pages: pages))
        }
    }

    func accessibility(req: Request) async throws -> Response {
        try await req.application.publicCache.response(req, etag: "accessibility-1", lastModified: Date(timeIntervalSince1970: 1_764_633_600)) {
            Self.page(council: req.application.settings.councilName, "Accessibility statement", """
            <h1>Accessibility statement</h1>
            <p>\(req.application.settings.councilName) wants as many people as possible to be able to use these pages. You should be able to change colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the screen, navigate the pages using just a keyboard or speech recognition software, and listen to them using a screen reader.</p>
            <h2>How accessible these pages are</h2>
            <p>These pages aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at AA standard. Statuses and ratings are given in words as well as colours, charts are described in words and have their figures in tables, and tables scroll on small screens.</p>
            <h2>Open data</h2>
            <p>Every publication is also available as CSV and JSON, listed in the <a href="/public/data.json">open data catalogue</a>.</p>
            <h2>Reporting accessibility problems</h2>
            <p>If you find a problem not listed here, or need information in a different format, contact the council's strategy and performance team.</p>
            <h2>Enforcement procedure</h2>
            <p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).</p>
            """)
        }
    }

    static func publication(_ req: Request) async throws -> Publication {
        guard let number = req.parameters.get("number").flatMap(Int.init),
              let publication = try await register(req).publications.first(where: { $0.id == number }) else {
            throw Abort(.notFound, reason: "There is no such publication.")
        }
        return publication
    }

    /// A publication's pages name its permanent address under `WAYMARK_PUBLIC_URL`, so a new
    /// address is a new version of every page.
    static func etag(_ publication: Publication, _ settings: Settings) -> String {
        publication.etag + (publication.withdrawnAt == nil ? "" : "-w") + "-" + settings.publicBaseTag
    }
}
