import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// "We tried this too" (contract section 10) through the API: report, queue, decide, shown on the example.
@Suite("Adoption routes")
struct AdoptionRouteTests {
    static func report(
        _ organisation: String = "Upland Hospice", adapted: String = "We ran the cafe fortnightly in a library."
    )
        -> [String: Any]
    {
        [
            "organisation": ["name": organisation, "type": "hospice"], "region": "north-west", "what_we_adapted": adapted,
            "what_happened": "Twelve people came each time.", "contact": ["name": "Private Lead", "email": "lead@example.org", "public": false]
        ]
    }

    func post(_ client: some TestClientProtocol, example: Int, _ body: [String: Any]) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/examples/\(example)/adoptions", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(body))
    }

    func decideAdoption(_ client: some TestClientProtocol, _ id: Int, _ body: [String: Any], token: String?) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/moderation/adoptions/\(id)/decision", method: .post, headers: .bearer(token, json: true), body: Fixture.body(body))
    }

    @Test func aReportIsQueuedApprovedAndShownOnTheExampleAndARejectedOneIsNot() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let example = try await client.submit()
            #expect(try await client.decide(example.id, "approve", token: server.moderatorToken).status == .ok)
            // exercise
            let sent = try await post(client, example: example.id, Self.report())
            let other = try await post(client, example: example.id, Self.report("Coastal Trust", adapted: "We tried it in a care home lounge."))
            let receipt = try Fixture.json(sent), otherID = try #require(try Fixture.json(other)["id"] as? Int)
            let id = try #require(receipt["id"] as? Int)
            let before = try Fixture.json(try await client.execute(uri: "/api/v1/examples/\(example.id)", method: .get))
            let queue = try Fixture.json(
                try await client.execute(
                    uri: "/api/v1/moderation/queue?section=adoptions", method: .get, headers: .bearer(server.moderatorToken)))
            let anonymous = try await decideAdoption(client, id, ["action": "approve"], token: nil)
            let approved = try await decideAdoption(client, id, ["action": "approve"], token: server.moderatorToken)
            let noNote = try await decideAdoption(client, otherID, ["action": "reject"], token: server.moderatorToken)
            let rejected = try await decideAdoption(client, otherID, ["action": "reject", "note": "Not about this example."], token: server.moderatorToken)
            let changes = try await decideAdoption(client, otherID, ["action": "request-changes", "note": "More, please."], token: server.moderatorToken)
            let after = try await client.execute(uri: "/api/v1/examples/\(example.id)", method: .get)
            let page = String(buffer: try await client.execute(uri: "/examples/\(example.id)", method: .get).body)
            let search = try Fixture.json(try await client.execute(uri: "/api/v1/examples?q=bereavement", method: .get))
            // validate
            #expect(sent.status == .created && receipt["status"] as? String == "submitted")
            #expect((before["adoptions"] as? [Any])?.isEmpty == true)
            let items = try #require(queue["items"] as? [[String: Any]])
            #expect(items.map { $0["kind"] as? String } == ["adoption", "adoption"])
            #expect(items.map { $0["example_id"] as? Int } == [example.id, example.id])
            #expect(items.first?["id"] as? Int == id)
            #expect((queue["counts"] as? [String: Int])?["adoptions"] == 2)
            try expectProblem(anonymous, .unauthorized)
            let approvedStatus = try Fixture.json(approved)["status"] as? String
            #expect(approved.status == .ok && approvedStatus == "published")
            try expectProblem(noNote, .unprocessableContent)
            let rejectedStatus = try Fixture.json(rejected)["status"] as? String
            #expect(rejected.status == .ok && rejectedStatus == "rejected")
            try expectProblem(changes, .conflict)
            let shown = try #require(try Fixture.json(after)["adoptions"] as? [[String: Any]])
            #expect(shown.map { ($0["organisation"] as? [String: Any])?["name"] as? String } == ["Upland Hospice"])
            #expect(shown.first?["what_we_adapted"] as? String == "We ran the cafe fortnightly in a library.")
            #expect(shown.first?["contact"] == nil && shown.first?["status"] == nil)
            let body = String(buffer: after.body)
            #expect(!body.contains("lead@example.org") && !body.contains("Coastal Trust") && !body.contains("moderator"))
            #expect(page.contains("Tried in 1 other place") && page.contains("Upland Hospice") && !page.contains("Coastal Trust"))
            #expect(!page.contains("lead@example.org"))
            let hit = try #require((search["results"] as? [[String: Any]])?.first)
            #expect(hit["adoptions"] as? Int == 1)
            let list = try Fixture.json(try await client.execute(uri: "/api/v1/examples/\(example.id)/adoptions", method: .get))
            #expect((list["adoptions"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])
            let one = try await client.execute(uri: "/api/v1/examples/\(example.id)/adoptions/\(id)", method: .get)
            let oneJSON = try Fixture.json(one)
            #expect(one.status == .ok && oneJSON["what_we_adapted"] as? String == "We ran the cafe fortnightly in a library.")
            let refused = try await client.execute(uri: "/api/v1/examples/\(example.id)/adoptions/\(otherID)", method: .get)
            try expectProblem(refused, .notFound)
            #expect(!String(buffer: refused.body).contains("Coastal Trust"))
        }
    }

    @Test func aReportAboutAnUnpublishedExampleIsNotFoundAndABadOneNamesEachField() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let waiting = try await client.submit()
            let published = try await client.submit(Fixture.submission(title: "A published example to report on"))
            #expect(try await client.decide(published.id, "approve", token: server.moderatorToken).status == .ok)
            // exercise
            let unpublished = try await post(client, example: waiting.id, Self.report())
            let missing = try await post(client, example: 999_999, Self.report())
            let bad = try await post(
                client, example: published.id,
                ["organisation": ["name": " "], "what_we_adapted": "short", "region": "atlantis", "extra": true])
            // validate
            try expectProblem(unpublished, .notFound)
            try expectProblem(missing, .notFound)
            let problem = try expectProblem(bad, .unprocessableContent)
            #expect(Set(fieldNames(problem)) == ["organisation.name", "what_we_adapted", "region", "extra"])
            let queue = try await server.database.moderationQueue(section: .adoptions, limit: 10, offset: 0)
            #expect(queue.total == 0)
        }
    }

    @Test func aReportHoldingAPatientIdentifierIsFlaggedAndNeedsTheFlagsAcknowledged() async throws {
        let server = try TestServer()
        try await server.test { client in
            let example = try await client.submit()
            #expect(try await client.decide(example.id, "approve", token: server.moderatorToken).status == .ok)
            let sent = try Fixture.json(
                try await post(client, example: example.id, Self.report(adapted: "We visited Mr Smith, NHS number 943 476 5919, weekly.")))
            let id = try #require(sent["id"] as? Int)
            #expect((sent["flags"] as? [[String: Any]])?.map { $0["field"] as? String } == ["what_we_adapted"])
            try expectProblem(try await decideAdoption(client, id, ["action": "approve"], token: server.moderatorToken), .conflict)
            let acknowledged = try await decideAdoption(
                client, id, ["action": "approve", "acknowledge_flags": true], token: server.moderatorToken)
            #expect(acknowledged.status == .ok)
        }
    }
}
