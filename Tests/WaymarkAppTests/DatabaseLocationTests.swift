import Testing
@testable import WaymarkApp

@Suite struct DatabaseLocationTests {
    @Test func unsetMeansTheEmbeddedFile() throws {
        #expect(try DatabaseLocation.from(environment: [:]) == .sqlite(path: "waymark.sqlite"))
        #expect(try DatabaseLocation.from(environment: ["WAYMARK_DATABASE_URL": "  "]) == .sqlite(path: "waymark.sqlite"))
    }

    @Test(arguments: [
        ("/var/lib/waymark/data.sqlite", DatabaseLocation.sqlite(path: "/var/lib/waymark/data.sqlite")),
        ("data.sqlite", .sqlite(path: "data.sqlite")),
        ("sqlite:///srv/w.sqlite", .sqlite(path: "/srv/w.sqlite")),
        ("sqlite://w.sqlite", .sqlite(path: "w.sqlite")),
        ("postgres://u:p@db.example:5432/waymark", .postgres(url: "postgres://u:p@db.example:5432/waymark")),
        ("postgresql://u@localhost/waymark", .postgres(url: "postgresql://u@localhost/waymark")),
    ])
    func readsLocations(value: String, expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation.parse(value) == expected)
    }

    @Test(arguments: [
        ("sqlite::memory:", "in-memory"),
        (":memory:", "in-memory"),
        ("mysql://u@h/db", "the scheme \"mysql\" is not supported"),
        ("postgres://", "is not a valid PostgreSQL URL"),
        ("postgres://u@host:notaport/db", "is not a valid PostgreSQL URL"),
        ("postgres://u:secret@host:5432", "names no database"),
        ("sqlite://", "names no file"),
    ])
    func refusesWithAMessageNamingTheVariable(value: String, fragment: String) {
        do {
            _ = try DatabaseLocation.parse(value)
            Issue.record("\(value) should be refused")
        } catch let error as DatabaseLocation.Invalid {
            #expect(error.description.hasPrefix("WAYMARK_DATABASE_URL: "))
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(!error.description.contains("secret"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
