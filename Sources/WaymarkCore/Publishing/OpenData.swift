/// The open data a publication offers: CSV with fixed headers (one row a milestone, ISO dates,
/// no totals, no currency signs), an Atom feed of publications (RFC 4287) and a DCAT-style
/// catalogue. Licensed under the Open Government Licence v3.0.
public enum OpenData {
    public static let licenceName = "Open Government Licence v3.0"
    public static let licenceURL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

    public static let csvHeaders = ["publication", "plan", "period", "area", "ref", "activity", "milestone", "lead_officers", "lead_job_titles",
                                    "deadline_as_written", "due_date", "revised_deadline", "revised_due_date", "status", "public_commentary"]

    /// Each CSV column's datatype for its CSV on the Web (CSVW) metadata.
    public static let csvDatatypes: [String: String] = ["publication": "integer", "due_date": "date", "revised_due_date": "date"]

    public static func csvRows(_ content: PublicationContent, number: Int) -> [[String]] {
        content.areas.flatMap { area in
            area.milestones.map { m in
                [String(number), content.planTitle, content.period, area.name, m.ref, m.activity, m.title, m.leads.joined(separator: " / "),
                 (m.leadJobTitles ?? []).joined(separator: " / "), m.deadline, m.dueDate ?? "", m.revisedDeadline ?? "", m.revisedDueDate ?? "",
                 m.statusLabel, m.commentary ?? ""]
            }
        }
    }

    public struct FeedEntry: Sendable, Equatable {
        public var id: String
        public var title: String
        public var updated: String
        public var link: String
        public var summary: String
        public init(id: String, title: String, updated: String, link: String, summary: String) {
            (self.id, self.title, self.updated, self.link, self.summary) = (id, title, updated, link, summary)
        }
    }

    /// An Atom feed: `updated` values are RFC 3339 timestamps, ids are URLs of this site.
    public static func atom(title: String, id: String, selfLink: String, updated: String, author: String, entries: [FeedEntry]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "<title>\(escape(title))</title>\n<id>\(escape(id))</id>\n<updated>\(escape(updated))</updated>\n"
        xml += "<link rel=\"self\" href=\"\(escape(selfLink))\"/>\n<author><name>\(escape(author))</name></author>\n"
        xml += "<rights>\(escape(licenceName))</rights>\n"
        for entry in entries {
            xml += "<entry>\n<id>\(escape(entry.id))</id>\n<title>\(escape(entry.title))</title>\n<updated>\(escape(entry.updated))</updated>\n"
            xml += "<link rel=\"alternate\" href=\"\(escape(entry.link))\"/>\n<summary>\(escape(entry.summary))</summary>\n</entry>\n"
        }
        return xml + "</feed>\n"
    }

    /// Text for XML: the five special characters escaped, and characters XML 1.0 cannot carry
    /// (control characters but tab and line breaks) left out.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
