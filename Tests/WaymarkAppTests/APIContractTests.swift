import Foundation
import Testing
import Vapor
import VaporTesting
import WaymarkCore
@testable import WaymarkApp
import WaymarkAPI
import Yams

/// The API as openapi.yaml describes it: the served document is the YAML, the parameters are
/// refused by the document's own rules naming the parameter, and the generated server's own
/// refusals (a body it cannot read, a body too large, a type it does not take) are the stable
/// JSON errors, never a 500.
@Suite struct APIContractTests {
    @Test func theServedDocumentIsTheYAMLWithItsOrderKept() throws {
        let fromJSON = try JSONSerialization.jsonObject(with: Data(APIDocument.json.utf8)) as? NSDictionary
        let fromYAML = try #require(try Yams.load(yaml: APIDocument.yaml) as? [String: Any])
        #expect(fromJSON == NSDictionary(dictionary: fromYAML))
        #expect(APIDocument.json.hasPrefix("{\n \"openapi\": \"3.1.0\",\n \"info\""))
        #expect(APIDocument.json.contains("\"/api/v1/plans/{id}/milestones\""))
        // Quoted in the YAML, so a string in JSON, as response codes must be.
        #expect(APIDocument.json.contains("\"200\": {"))
    }

    /// YAML reads some unquoted text as numbers (09:30 is 570 in YAML 1.1): every example of a
    /// string must still be a string once served.
    @Test func everyStringsExampleIsAString() throws {
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                if object["type"] as? String == "string", let example = object["example"] {
                    #expect(example is String, "\(path)/example is \(example)")
                }
                for (key, inner) in object { walk(inner, path + "/" + key) }
            } else if let array = value as? [Any] {
                for (index, inner) in array.enumerated() { walk(inner, path + "/\(index)") }
            }
        }
        walk(try JSONSerialization.jsonObject(with: Data(APIDocument.json.utf8)), "")
    }

    @Test func thePublicationSchemaStandsAlone() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(APIDocument.publicationSchema.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect((schema["required"] as? [String])?.contains("licence") == true)
        #expect(!APIDocument.publicationSchema.contains("$ref"))
    }

    @Test func everyOperationsParametersHaveRules() throws {
        let rules = APIParameterRules.byOperation
        #expect(rules["GET /api/v1/plans/{id}/milestones"]?.map(\.name) == ["id", "status", "area", "lead", "as_of", "limit", "offset", "after"])
        let limit = try #require(rules["GET /api/v1/plans/{id}/milestones"]?.first { $0.name == "limit" })
        #expect(limit == APIParameterRule(name: "limit", location: .query, type: "integer", minimum: 1, maximum: 5000))
        #expect(rules["GET /api/v1/plans"] == nil || rules["GET /api/v1/plans"]?.isEmpty == true)
    }

    @Test func aParameterIsRefusedSayingWhatItMustBe() {
        let limit = APIParameterRule(name: "limit", location: .query, type: "integer", minimum: 1, maximum: 5000)
        #expect(APIRequestScope.problem(with: "25", under: limit) == nil)
        #expect(APIRequestScope.problem(with: "0", under: limit) == "\"0\" must be a whole number from 1 to 5000")
        #expect(APIRequestScope.problem(with: "5001", under: limit) != nil)
        #expect(APIRequestScope.problem(with: "ten", under: limit) != nil)
        #expect(APIRequestScope.problem(with: " 5", under: limit) != nil)
        let offset = APIParameterRule(name: "offset", location: .query, type: "integer", minimum: 0)
        #expect(APIRequestScope.problem(with: "-1", under: offset) == "\"-1\" must be a whole number from 0 up")
        #expect(APIRequestScope.problem(with: "99999999999999999999999", under: offset) != nil)
        let asOf = APIParameterRule(name: "as_of", location: .query, type: "string", format: "date")
        #expect(APIRequestScope.problem(with: "2017-12-31", under: asOf) == nil)
        #expect(APIRequestScope.problem(with: "2017-02-30", under: asOf) != nil)
        let status = APIParameterRule(name: "status", location: .query, type: "string", minLength: 1)
        #expect(APIRequestScope.problem(with: "", under: status) == "must not be empty")
        // Hostile text is quoted back cut short, never whole.
        let long = String(repeating: "<script>", count: 10_000)
        #expect((APIRequestScope.problem(with: long, under: limit)?.count ?? 0) < 200)
    }

    @Test(arguments: TestDatabase.allCases)
    func theGeneratedServersRefusalsAreStableJSON(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let outcome = try await importSeedPlan(app)
            let accounts = try await TestAccounts.make(app)
            let tester = try app.testing()
            let officer = try await apiHeaders(app, accounts, .performanceOfficer)
            let milestone = try #require(try await Milestone.query(on: app.db).first())
            let updates = "/api/v1/milestones/\(milestone.id!)/updates"

            func error(_ response: TestingHTTPResponse) throws -> APIErrorBody.Detail { try response.content.decode(APIErrorBody.self).error }

            let badID = try await tester.sendRequest(.GET, "/api/v1/plans/1abc/milestones", headers: officer)
            #expect(badID.status == .badRequest)
            #expect(try error(badID).message.hasPrefix("id: "))
            let badLimit = try await tester.sendRequest(.GET, "/api/v1/plans/\(outcome.planID)/milestones?limit=5001", headers: officer)
            #expect(try error(badLimit).message == "limit: \"5001\" must be a whole number from 1 to 5000")
            let badOffset = try await tester.sendRequest(.GET, "/api/v1/plans/\(outcome.planID)/kpis?offset=-3", headers: officer)
            #expect(try error(badOffset).code == "invalid_parameter")

            let noBody = try await tester.sendRequest(.POST, updates, headers: officer)
            #expect(noBody.status == .badRequest)
            #expect(try error(noBody).code == "invalid_body")
            let wrongShape = try await tester.sendRequest(.POST, updates, headers: officer, body: ByteBuffer(string: #"{"commentary": 5, "version": "x"}"#))
            #expect(wrongShape.status == .badRequest)
            #expect(try error(wrongShape).code == "invalid_body")
            var text = officer
            text.contentType = .plainText
            let wrongType = try await tester.sendRequest(.POST, updates, headers: text, body: ByteBuffer(string: #"{"commentary": "x", "version": 1}"#))
            #expect(wrongType.status == .unsupportedMediaType)
            #expect(try error(wrongType).code == "unsupported_media_type")
            // Larger than any route takes: refused whole, before the generated server reads it.
            let huge = #"{"commentary": ""# + String(repeating: "a", count: 2_000_000) + #"", "version": 1}"#
            let tooLarge = try await tester.sendRequest(.POST, updates, headers: officer, body: ByteBuffer(string: huge))
            #expect(tooLarge.status == .payloadTooLarge)
            #expect(try await Milestone.find(milestone.id, on: app.db)?.version == milestone.version)

            // Without a session or token the answer is 401 whatever the parameters.
            #expect(try await tester.sendRequest(.GET, "/api/v1/plans/abc").status == .unauthorized)
            #expect(try await tester.sendRequest(.POST, updates, body: ByteBuffer(string: huge)).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func pagesLinkTheAssetsByTheirContent(database: TestDatabase) async throws {
        try await withApp(database) { app in
            let tester = try app.testing()
            let page = try await tester.sendRequest(.GET, "/sign-in").body.string
            for asset in Assets.all where asset.name == "waymark" {
                #expect(page.contains(asset.url))
                let served = try await tester.sendRequest(.GET, asset.url)
                #expect(served.status == .ok)
                #expect(served.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
                #expect(served.headers.contentType?.subType == asset.ext.replacingOccurrences(of: "js", with: "javascript"))
                #expect(asset.url.contains(String(SHA256.hash(data: Data(served.body.readableBytesView)).hex.prefix(12))))
                let plain = try await tester.sendRequest(.GET, "/assets/\(asset.name).\(asset.ext)")
                #expect(plain.headers.first(name: .cacheControl) == "no-cache")
                #expect(plain.body == served.body)
                let again = try await tester.sendRequest(.GET, asset.url, headers: ["If-None-Match": "\"\(asset.hash)\""])
                #expect(again.status == .notModified)
            }
            #expect(try await tester.sendRequest(.GET, "/assets/waymark.000000000000.css").status == .notFound)
            #expect(Assets.stylesheet.contains(".skip-link"))
        }
    }
}
