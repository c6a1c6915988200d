import Foundation
import Vapor
import WaymarkCore

/// Every environment variable Waymark reads, read once at start-up, checked, and passed in from
/// there (`app.settings`). A value that is wrong stops start-up with one line naming the variable;
/// only `WAYMARK_DATABASE_URL` is reported later, by the first command that needs the database,
/// so `waymark --help` works whatever it holds. The README's configuration table and
/// `.env.example` list the same variables (`SettingsTests` checks that they do).
public struct Settings: Sendable {
    /// Each variable with what it sets, in the README's order.
    public static let variables: [(name: String, meaning: String)] = [
        ("WAYMARK_DATABASE_URL", "The database: a SQLite file path (default waymark.sqlite) or a postgres:// URL"),
        ("WAYMARK_DATABASE_WAIT_SECONDS", "How long serve waits for an unreachable database at start-up (default 30; 0 not to wait)"),
        ("WAYMARK_PUBLIC_URL", "The address people reach Waymark at, for links in emails and open data; https makes cookies Secure"),
        ("WAYMARK_COUNCIL_NAME", "The council's name on the public pages (default The council)"),
        ("WAYMARK_PUBLIC_CONTACT_EMAIL", "The contact address in the open data catalogue"),
        ("WAYMARK_PUBLIC_CACHE_SECONDS", "How long the public pages are served from memory before being read again (default 2)"),
        ("WAYMARK_TIME_ZONE", "The council's time zone, in which each day begins (default Europe/London)"),
        ("WAYMARK_SESSION_IDLE_MINUTES", "Minutes without a request before a session ends (default 30)"),
        ("WAYMARK_SESSION_MAX_HOURS", "Hours after signing in when a session ends whatever happens (default 12)"),
        ("WAYMARK_REVIEWER_RETENTION_MONTHS", "Months after a review's access ends before its reviewers' accounts are removed (default 12)"),
        ("WAYMARK_SMTP_URL", "The mail server, as smtp://user:password@host:port; without it no email is sent"),
        ("WAYMARK_MAIL_FROM", "The sender of Waymark's emails (default waymark@localhost)"),
        ("WAYMARK_BACKUP_DIR", "A folder for serve's daily backups; without it there are none"),
        ("WAYMARK_BACKUP_KEEP_DAYS", "Days a scheduled backup is kept (default 30)"),
        ("WAYMARK_SHUTDOWN_GRACE_SECONDS", "Seconds serve lets requests in flight finish after SIGTERM (default 10)"),
        ("WAYMARK_METRICS_TOKEN", "Turns /metrics on, answering only this bearer token"),
        ("WAYMARK_LOG_FORMAT", "text (default) or json: one JSON object a line"),
        ("WAYMARK_CHROMIUM", "The Chromium that prints PDFs (default: chromium on the PATH)"),
        ("WAYMARK_PDF_RENDERS", "How many PDFs are printed at once (default 1)"),
        ("WAYMARK_BCRYPT_COST", "The bcrypt work factor for passwords (default 12; tests lower it)"),
        ("WAYMARK_TIMINGS", "Set to anything to have import and report print how long each step took"),
    ]

    public var databaseURL: String?
    public var databaseWaitSeconds: Int
    public var publicURL: String? {
        didSet { publicBaseTag = Self.tag(publicBase) }
    }
    /// A short hash of `publicBase`, in every public page's ETag so that moving the site changes
    /// them; worked out once, not on every public request.
    public private(set) var publicBaseTag = ""
    public var councilName: String
    public var publicContactEmail: String?
    public var publicCacheSeconds: Double
    public var timeZone: TimeZone
    var sessionLifetime: SessionLifetime
    public var reviewerRetentionMonths: Int
    public var smtpURL: String?
    public var mailFrom: String
    public var backupDirectory: String?
    public var backupKeepDays: Int
    public var shutdownGraceSeconds: Int
    public var metricsToken: String?
    public var jsonLogs: Bool
    public var chromium: String?
    /// The PATH's folders, where Chromium is looked for when WAYMARK_CHROMIUM is not set.
    public var searchPath: [String]
    public var pdfRenders: Int
    public var bcryptCost: Int
    public var timings: Bool

    /// The public site's address for absolute links in feeds, the catalogue and emails.
    public var publicBase: String { Self.base(publicURL) }

    private static func base(_ publicURL: String?) -> String {
        guard let url = publicURL else { return "http://localhost:8080" }
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    private static func tag(_ base: String) -> String {
        SHA256.hash(data: Data(base.utf8)).prefix(4).hexEncoded
    }

    /// Whether cookies must be Secure: Waymark is reached over https.
    public var isHTTPS: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    /// The variables as given; nothing else reads the environment.
    public init(environment: [String: String]) throws {
        func text(_ name: String) -> String? {
            let value = environment[name]?.trimmingCharacters(in: .whitespaces) ?? ""
            return value.isEmpty ? nil : value
        }
        func whole(_ name: String, default value: Int, _ range: ClosedRange<Int>, unit: String) throws -> Int {
            guard let given = text(name) else { return value }
            guard let number = Int(given), range.contains(number) else {
                let upper = range.upperBound == .max ? " or more" : " to \(range.upperBound)"
                throw StartupError("\(name): \"\(given)\" must be a whole number of \(unit) from \(range.lowerBound)\(upper)")
            }
            return number
        }
        databaseURL = text(DatabaseLocation.variable)
        databaseWaitSeconds = try whole(DatabaseWait.variable, default: DatabaseWait.defaultSeconds, 0...Int.max, unit: "seconds")
        let publicURL = text("WAYMARK_PUBLIC_URL")
        self.publicURL = publicURL
        publicBaseTag = Self.tag(Self.base(publicURL))
        councilName = text("WAYMARK_COUNCIL_NAME") ?? "The council"
        publicContactEmail = text("WAYMARK_PUBLIC_CONTACT_EMAIL")
        publicCacheSeconds = try Double(whole("WAYMARK_PUBLIC_CACHE_SECONDS", default: 2, 0...86_400, unit: "seconds"))
        timeZone = try AsOf.zone(from: environment)
        sessionLifetime = try SessionLifetime.fromEnvironment(environment)
        reviewerRetentionMonths = try ReviewRetention.months(from: environment)
        smtpURL = text("WAYMARK_SMTP_URL")
        mailFrom = text("WAYMARK_MAIL_FROM") ?? "waymark@localhost"
        backupDirectory = text("WAYMARK_BACKUP_DIR")
        backupKeepDays = try whole("WAYMARK_BACKUP_KEEP_DAYS", default: 30, 1...3650, unit: "days")
        shutdownGraceSeconds = try whole("WAYMARK_SHUTDOWN_GRACE_SECONDS", default: 10, 1...600, unit: "seconds")
        metricsToken = text("WAYMARK_METRICS_TOKEN")
        jsonLogs = try JSONLogHandler.format(environment) == "json"
        chromium = text("WAYMARK_CHROMIUM")
        searchPath = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        pdfRenders = try whole("WAYMARK_PDF_RENDERS", default: 1, 1...16, unit: "renders")
        bcryptCost = try whole("WAYMARK_BCRYPT_COST", default: 12, 4...31, unit: "rounds")
        timings = environment["WAYMARK_TIMINGS"] != nil
    }

    /// The database to open, or the problem with `WAYMARK_DATABASE_URL`.
    public func databaseLocation() throws -> DatabaseLocation {
        try DatabaseLocation.from(environment: databaseURL.map { [DatabaseLocation.variable: $0] } ?? [:])
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    /// Set once, at start-up, by `Waymark.configure`; read everywhere else.
    public var settings: Settings {
        get {
            guard let settings = storage[SettingsKey.self] else { preconditionFailure("Waymark.configure sets the settings first") }
            return settings
        }
        set { storage[SettingsKey.self] = newValue }
    }
}
