import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp

/// The KPIs in the JSON API: values as decimal strings, ratings and directions as stable words,
/// and entering a value with a token, under the same rules as the pages.
@Suite struct KPIsAPITests {
    @Test(arguments: TestDatabase.allCases)
    func kpisReadAndWriteAsDecimalStrings(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (planID, accounts) = try await KPIPagesTests.imported(app)
            let headers = try await apiHeaders(app, accounts, .performanceOfficer)
            let tester = try app.testing()
            let list = try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/kpis", headers: headers)
            #expect(list.status == .ok)
            let body = list.body.string
            #expect(body.contains("\"value\":\"40.5\""))
            #expect(body.contains("\"rating\":\"green\""))
            #expect(body.contains("\"direction\":\"improving\""))
            #expect(body.contains("\"value\":\"22.38\""))
            #expect(!body.contains("\"value\":40.5"))
            #expect(list.headers.first(name: "X-Total-Count") == "5")
            let paged = try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/kpis?limit=2&offset=1", headers: headers)
            #expect(paged.headers.first(name: "X-Total-Count") == "5")
            #expect(paged.headers.first(name: "Link")?.contains("limit=2&offset=3") == true)
            #expect(paged.body.string.components(separatedBy: "\"frequency\"").count - 1 == 2)
            #expect(try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/kpis?limit=501", headers: headers).status == .badRequest)
            // A parameter written with no value is refused, not read as the default.
            for query in ["limit=", "offset=", "limit=&offset=1", "limit=2x"] {
                let refused = try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/kpis?\(query)", headers: headers)
                #expect(refused.status == .badRequest, "\(query)")
                #expect(refused.body.string.contains("must be a whole number"), "\(query)")
            }

            let kpi = try #require(try await KPI.query(on: app.db).filter(\.$name == "E-newsletter click rate").first())
            let id = try kpi.requireID()
            let one = try await tester.sendRequest(.GET, "/api/v1/kpis/\(id)", headers: headers)
            #expect(one.status == .ok && one.body.string.contains("\"name\":\"E-newsletter click rate\""))
            #expect(try await tester.sendRequest(.GET, "/api/v1/kpis/999999", headers: headers).status == .notFound)
            #expect(try await tester.sendRequest(.GET, "/api/v1/plans/999999/kpis", headers: headers).status == .notFound)

            let before = try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/kpis?period=H2%202017-18&limit=500", headers: headers)
            #expect(before.status == .ok && !before.body.string.contains("\"value\":\"8.25\""))
            let saved = try await tester.sendRequest(.POST, "/api/v1/kpis/\(id)/values", headers: headers,
                                                     body: ByteBuffer(string: #"{"period":"H2 2017-18","value":"8.25","target":"5"}"#))
            #expect(saved.status == .created, "\(saved.body.string)")
            #expect(try await KPIValue.query(on: app.db).filter(\.$period == "H2 2017-18").first()?.value == "8.25")
            // The list is kept per data version, so the value just saved is in it at once.
            let listed = try await tester.sendRequest(.GET, "/api/v1/plans/\(planID)/kpis?period=H2%202017-18&limit=500", headers: headers)
            #expect(listed.body.string.contains("\"value\":\"8.25\""), "\(listed.body.string.prefix(300))")
            let red = try await tester.sendRequest(.POST, "/api/v1/kpis/\(id)/values", headers: headers,
                                                   body: ByteBuffer(string: #"{"period":"H1 2018-19","value":"1","target":"5"}"#))
            #expect(red.status == .unprocessableEntity)
            #expect(red.body.string.contains("\"field\":\"commentary\""))
            let again = try await tester.sendRequest(.POST, "/api/v1/kpis/\(id)/values", headers: headers,
                                                     body: ByteBuffer(string: #"{"period":"H2 2017-18","value":"9","version":7}"#))
            #expect(again.status == .conflict)
            var viewer = try await apiHeaders(app, accounts, .viewer)
            viewer.contentType = .json
            #expect(try await tester.sendRequest(.POST, "/api/v1/kpis/\(id)/values", headers: viewer,
                                                 body: ByteBuffer(string: #"{"period":"H2 2017-18","value":"9"}"#)).status == .forbidden)
            // Definitions: the performance team adds one, or changes one by name; bad values are named.
            let defined = try await tester.sendRequest(.POST, "/api/v1/plans/\(planID)/kpis", headers: headers,
                                                       body: ByteBuffer(string: #"{"name":"Complaints answered on time","area":"Communications","unit":"percentage","polarity":"higher","frequency":"monthly","tolerance":"5%","published":true}"#))
            #expect(defined.status == .created, "\(defined.body.string)")
            let made = try #require(try await KPI.query(on: app.db).filter(\.$name == "Complaints answered on time").first())
            #expect(made.frequency == .monthly && made.tolerance == "5%" && made.published)
            let wrong = try await tester.sendRequest(.POST, "/api/v1/plans/\(planID)/kpis", headers: headers,
                                                     body: ByteBuffer(string: #"{"name":"X","polarity":"sideways","area":"Nowhere"}"#))
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("\"field\":\"polarity\""))
            #expect(try await tester.sendRequest(.POST, "/api/v1/plans/\(planID)/kpis", headers: viewer,
                                                 body: ByteBuffer(string: #"{"name":"Y"}"#)).status == .forbidden)
            let document = try await tester.sendRequest(.GET, "/api/v1/openapi.json")
            #expect(document.body.string.contains("\"/api/v1/plans/{id}/kpis\""))
            #expect(document.body.string.contains("\"no_data\""))
        }
    }
}
