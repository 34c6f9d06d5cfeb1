import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PublicRouteTests {
    @Test func healthAndReferenceData() async throws {
        try await TestServer().test { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(try Fixture.json(health)["status"] as? String == "ok")
            let foundations = try Fixture.json(try await client.execute(uri: "/api/v1/foundations", method: .get))["foundations"] as? [[String: Any]]
            #expect(foundations?.count == 10)
            #expect(foundations?.first?["key"] as? String == "personalised-care-planning")
            let ambitions = try Fixture.json(try await client.execute(uri: "/api/v1/ambitions", method: .get))["ambitions"] as? [[String: Any]]
            #expect(ambitions?.count == 6)
        }
    }

    @Test func searchIsTheCLIDocument() async throws {
        let server = try TestServer()
        let expected = try await server.database.search(SearchQuery(text: "advance care planning", foundations: ["education-and-training"], limit: 5))
        try await server.test { client in
            let response = try await client.execute(uri: "/api/v1/examples?q=advance+care%20planning&foundation=5&limit=5", method: .get)
            #expect(response.status == .ok)
            let results = try JSONDecoder().decode(SearchResults.self, from: Data(response.body.readableBytesView))
            #expect(results == expected)
        }
    }

    @Test func searchRejectsUnusableParameters() async throws {
        try await TestServer(limits: ServerLimits(maxQueryLength: 10)).test { client in
            for (query, parameter) in [
                ("foundation=nope", "foundation"), ("region=mars", "region"), ("limit=0", "limit"), ("limit=101", "limit"),
                ("offset=-1", "offset"), ("limit=ten", "limit"), ("q=eleven+chars", "q"), ("evidence=7", "evidence")
            ] {
                let problem = try expectProblem(try await client.execute(uri: "/api/v1/examples?\(query)", method: .get), .badRequest)
                #expect(fieldNames(problem) == [parameter])
            }
        }
    }

    @Test func examplesArePublishedOnlyAndHidePrivateContacts() async throws {
        let server = try TestServer()
        try await server.test { client in
            let submitted = try await client.submit()
            try await expectProblem(try await client.execute(uri: "/api/v1/examples/\(submitted.id)", method: .get), .notFound)
            _ = try await client.decide(submitted.id, "approve", token: server.moderatorToken)
            let shown = try Fixture.json(try await client.execute(uri: "/api/v1/examples/\(submitted.id)", method: .get))
            #expect(shown["id"] as? Int == submitted.id)
            #expect(shown["contact"] == nil)
            let byUID = try await client.execute(uri: "/api/v1/examples/\(try #require(shown["uid"] as? String))", method: .get)
            #expect(byUID.status == .ok)
        }
    }

    @Test func coverageAndFeed() async throws {
        try await TestServer().test { client in
            let coverage = try Fixture.json(try await client.execute(uri: "/api/v1/stats/coverage", method: .get))["coverage"] as? [String: Any]
            #expect(coverage?.isEmpty == false)
            let feed = try await client.execute(uri: "/feed.atom", method: .get)
            #expect(feed.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
            let xml = String(buffer: feed.body)
            #expect(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
            #expect(xml.components(separatedBy: "<entry>").count - 1 == 20)
        }
    }

    @Test func feedEscapesText() async throws {
        let server = try TestServer()
        try await server.test { client in
            let submitted = try await client.submit(Fixture.submission(title: "Cafe <b>\"tea & talk\"</b>"))
            _ = try await client.decide(submitted.id, "approve", token: server.moderatorToken)
            let xml = String(buffer: try await client.execute(uri: "/feed.atom", method: .get).body)
            #expect(xml.contains("<title>Cafe &lt;b&gt;&quot;tea &amp; talk&quot;&lt;/b&gt;</title>"))
            #expect(!xml.contains("<b>"))
        }
    }
}
