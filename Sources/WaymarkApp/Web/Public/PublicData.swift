import Fluent
import Vapor
import WaymarkCore

/// The open data: each publication as CSV and JSON, a DCAT-style catalogue of them for
/// harvesters, and an Atom feed of publications, all under the Open Government Licence.
enum PublicData {
    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    @Sendable static func csv(req: Request) async throws -> Response {
        let publication = try await PublicPagesController.publication(req)
        guard publication.withdrawnAt == nil, let content = try await req.application.publicCache.content(publication, on: req.db) else {
            throw Abort(.gone, reason: "This publication was withdrawn: \(publication.withdrawnReason ?? "")")
        }
        let response = try await req.application.publicCache.response(req, etag: PublicPagesController.etag(publication, req.application.settings) + "-csv-v2", lastModified: publication.publishedAt,
                                                                      type: "text/csv; charset=utf-8") {
            Array(OutputFormat.csvLines([OpenData.csvHeaders] + OpenData.csvRows(content, number: publication.id ?? 0).map { $0.map(SpreadsheetText.neutralised) }).utf8)
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"publication-\(publication.id ?? 0)-milestones.csv\"")
        response.headers.replaceOrAdd(name: "Link", value: "<\(OpenData.licenceURL)>; rel=\"license\", <milestones.csv-metadata.json>; rel=\"describedby\"; type=\"application/csvm+json\"")
        return response
    }

    /// The CSV's metadata in the W3C's CSV on the Web form: its title, publisher, licence and
    /// each column's name and datatype, which a CSV file cannot carry itself.
    @Sendable static func csvMetadata(req: Request) async throws -> Response {
        let publication = try await PublicPagesController.publication(req)
        guard publication.withdrawnAt == nil, let content = try await req.application.publicCache.content(publication, on: req.db) else {
            throw Abort(.gone, reason: "This publication was withdrawn: \(publication.withdrawnReason ?? "")")
        }
        return try await req.application.publicCache.response(req, etag: PublicPagesController.etag(publication, req.application.settings) + "-csvw-v2", lastModified: publication.publishedAt,
                                                              type: "application/csvm+json") {
            let url = "\(req.application.settings.publicBase)/public/publications/\(publication.id ?? 0)/milestones.csv"
            let metadata: [String: Any] = [
                "@context": "http://www.w3.org/ns/csvw",
                "url": url,
                "dc:title": "\(content.planTitle): \(content.period) milestones",
                "dc:publisher": content.council,
                "dc:modified": iso(publication.publishedAt),
                "dc:license": ["@id": OpenData.licenceURL],
                "dc:rights": OpenData.licenceName,
                "tableSchema": ["columns": OpenData.csvHeaders.map { ["name": $0, "titles": $0, "datatype": OpenData.csvDatatypes[$0] ?? "string"] }],
            ]
            return Array(try JSONSerialization.data(withJSONObject: metadata, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
        }
    }

    struct Document: Content {
        var schema = PublicationSchema.path
        var licence: String
        var licence_url: String
        var publication: Int
        var published: String
        var content: PublicationContent
    }

    @Sendable static func json(req: Request) async throws -> Response {
        let publication = try await PublicPagesController.publication(req)
        guard publication.withdrawnAt == nil, let content = try await req.application.publicCache.content(publication, on: req.db) else {
            throw Abort(.gone, reason: "This publication was withdrawn: \(publication.withdrawnReason ?? "")")
        }
        return try await req.application.publicCache.response(req, etag: PublicPagesController.etag(publication, req.application.settings) + "-json", lastModified: publication.publishedAt,
                                                              type: "application/json; charset=utf-8") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return Array(try encoder.encode(Document(licence: OpenData.licenceName, licence_url: OpenData.licenceURL, publication: publication.id ?? 0,
                                                     published: iso(publication.publishedAt), content: content)))
        }
    }

    /// A Project Open Data v1.1 catalogue (the `data.json` that data.gov.uk-style harvesters
    /// read), with the fields that schema requires of each dataset; its contact point's address,
    /// which the schema requires too, once `WAYMARK_PUBLIC_CONTACT_EMAIL` is set.
    struct Catalogue: Content {
        struct Distribution: Content {
            var type = "dcat:Distribution"
            var title: String, mediaType: String, downloadURL: String, describedBy: String? = nil
            enum CodingKeys: String, CodingKey { case type = "@type", title, mediaType, downloadURL, describedBy }
        }
        struct Organisation: Content {
            var type = "org:Organization"
            var name: String
            enum CodingKeys: String, CodingKey { case type = "@type", name }
        }
        struct Contact: Content {
            var type = "vcard:Contact"
            var fn: String
            var hasEmail: String?
            enum CodingKeys: String, CodingKey { case type = "@type", fn, hasEmail }
        }
        struct Dataset: Content {
            var type = "dcat:Dataset"
            var identifier: String, title: String, description: String, license: String, modified: String, issued: String
            var accessLevel = "public"
            var keyword: [String]
            var publisher: Organisation
            var contactPoint: Contact
            var distribution: [Distribution]
            enum CodingKeys: String, CodingKey {
                case type = "@type", identifier, title, description, license, modified, issued, accessLevel, keyword, publisher, contactPoint, distribution
            }
        }
        var type = "dcat:Catalog"
        var context = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
        var conformsTo = "https://project-open-data.cio.gov/v1.1/schema"
        var describedBy = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
        var dataset: [Dataset]
        enum CodingKeys: String, CodingKey { case type = "@type", context = "@context", conformsTo, describedBy, dataset }
    }

    /// Who answers questions about the data (`WAYMARK_PUBLIC_CONTACT_EMAIL`); the catalogue
    /// names the team and, when set, the address.
    static func contact(_ settings: Settings) -> Catalogue.Contact {
        .init(fn: "\(settings.councilName): strategy and performance team", hasEmail: settings.publicContactEmail.map { "mailto:" + $0 })
    }

    @Sendable static func catalogue(req: Request) async throws -> Response {
        let (all, etag, modified) = try await PublicPagesController.register(req)
        return try await req.application.publicCache.response(req, etag: etag + "-catalogue-v2-" + String((contact(req.application.settings).hasEmail ?? "").utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }, radix: 16), lastModified: modified, type: "application/json; charset=utf-8") {
            var datasets: [Catalogue.Dataset] = []
            for p in all where p.withdrawnAt == nil {
                guard let content = try await req.application.publicCache.content(p, on: req.db), let number = p.id else { continue }
                let url = "\(req.application.settings.publicBase)/public/publications/\(number)"
                datasets.append(.init(identifier: url, title: "\(content.planTitle): \(content.period) progress", description: content.summary,
                             license: OpenData.licenceURL, modified: iso(p.publishedAt), issued: iso(p.publishedAt),
                             keyword: ["improvement plan", "best value", "performance", content.period], publisher: .init(name: content.council), contactPoint: contact(req.application.settings),
                             distribution: [.init(title: "Milestones (CSV)", mediaType: "text/csv", downloadURL: url + "/milestones.csv",
                                                  describedBy: url + "/milestones.csv-metadata.json"),
                                            .init(title: "Publication (JSON)", mediaType: "application/json", downloadURL: url + "/publication.json",
                                                  describedBy: req.application.settings.publicBase + PublicationSchema.path)]))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return Array(try encoder.encode(Catalogue(dataset: datasets)))
        }
    }

    @Sendable static func feed(req: Request) async throws -> Response {
        let (all, etag, modified) = try await PublicPagesController.register(req)
        return try await req.application.publicCache.response(req, etag: etag + "-feed", lastModified: modified, type: "application/atom+xml; charset=utf-8") {
            var entries: [OpenData.FeedEntry] = []
            for p in all {
                guard let number = p.id else { continue }
                let content = try await req.application.publicCache.content(p, on: req.db)
                let title = "\(content?.planTitle ?? p.plan.title): \(content?.period ?? "")" + (p.withdrawnAt == nil ? "" : " (withdrawn)")
                let summary = p.withdrawnAt == nil ? (content?.summary ?? "") : "Withdrawn: \(p.withdrawnReason ?? "")"
                entries.append(.init(id: "\(req.application.settings.publicBase)/public/publications/\(number)", title: title, updated: iso(p.withdrawnAt ?? p.publishedAt),
                                     link: "\(req.application.settings.publicBase)/public/publications/\(number)", summary: summary))
            }
            return Array(OpenData.atom(title: "\(req.application.settings.councilName): improvement plan publications", id: "\(req.application.settings.publicBase)/public/feed.atom",
                                       selfLink: "\(req.application.settings.publicBase)/public/feed.atom", updated: iso(modified), author: req.application.settings.councilName, entries: entries).utf8)
        }
    }
}
