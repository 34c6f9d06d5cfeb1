import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SubmissionTests {
    @Test func submitDecideSearchRoundTrip() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let submitted = try await client.submit(Fixture.submission(title: "Zebrafinch singing group for carers"))
            // exercise
            let queue = try Fixture.json(try await client.execute(uri: "/api/v1/moderation/queue", method: .get, headers: .bearer(server.moderatorToken)))
            let decided = try await client.decide(submitted.id, "approve", note: "Thank you", token: server.moderatorToken)
            let found = try Fixture.json(try await client.execute(uri: "/api/v1/examples?q=zebrafinch", method: .get))
            // validate
            #expect((queue["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == submitted.id } == true)
            #expect(try Fixture.json(decided)["status"] as? String == "published")
            #expect((found["results"] as? [[String: Any]])?.first?["id"] as? Int == submitted.id)
        }
    }

    @Test func fieldsAClientMayNotSetAreIgnored() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(Fixture.submission()))
            let receipt = try Fixture.json(response)
            #expect(response.status == .created)
            #expect(receipt["status"] as? String == "submitted")
            #expect(receipt["uid"] as? String != "0b7c5c1e-6a53-4d59-9a0e-2f1f3e6c1a11")
            #expect(response.headers[.location] == "/api/v1/submissions/\(receipt["id"] as? Int ?? 0)")
            let stored = try server.database.requireExample(.id(Int64(receipt["id"] as? Int ?? 0)))
            #expect(stored.status == .submitted && stored.example.publishedAt == nil)
        }
    }

    @Test func submitterSeesNotesAndRevises() async throws {
        let server = try TestServer()
        try await server.test { client in
            let submitted = try await client.submit()
            let early = try await client.execute(
                uri: "/api/v1/submissions/\(submitted.id)", method: .put, headers: .bearer(submitted.token, json: true),
                body: Fixture.body(Fixture.submission()))
            #expect(try expectProblem(early, .conflict)["detail"] as? String == "cannot revise: the example is submitted")
            _ = try await client.decide(submitted.id, "request-changes", note: "Please add the outcomes", token: server.moderatorToken)
            let view = try Fixture.json(try await client.execute(uri: "/api/v1/submissions/\(submitted.id)", method: .get, headers: .bearer(submitted.token)))
            #expect(view["status"] as? String == "changes-requested")
            #expect((view["notes"] as? [[String: Any]])?.first?["note"] as? String == "Please add the outcomes")
            let revised = try await client.execute(
                uri: "/api/v1/submissions/\(submitted.id)", method: .put, headers: .bearer(submitted.token, json: true),
                body: Fixture.body(Fixture.submission(title: "Bereavement cafe, with outcomes")))
            #expect(try Fixture.json(revised)["status"] as? String == "submitted")
        }
    }

    @Test func decisionsNeedNotesAndLegalTransitions() async throws {
        let server = try TestServer()
        try await server.test { client in
            let submitted = try await client.submit()
            let noNote = try expectProblem(try await client.decide(submitted.id, "reject", token: server.moderatorToken), .unprocessableContent)
            #expect(fieldNames(noNote) == ["note"])
            let badAction = try expectProblem(try await client.decide(submitted.id, "revise", token: server.moderatorToken), .unprocessableContent)
            #expect(fieldNames(badAction) == ["action"])
            let illegal = try expectProblem(try await client.decide(submitted.id, "withdraw", note: "gone", token: server.moderatorToken), .conflict)
            #expect((illegal["detail"] as? String)?.contains("submitted") == true)
            try await expectProblem(try await client.decide(99_999, "approve", token: server.moderatorToken), .notFound)
            let history = try Fixture.json(
                try await client.execute(
                    uri: "/api/v1/examples/\(submitted.id)/history", method: .get,
                    headers: .bearer(server.moderatorToken)))
            #expect((history["events"] as? [[String: Any]])?.first?["action"] as? String == "submit")
        }
    }

    @Test func validationNamesEveryField() async throws {
        try await TestServer().test { client in
            var body = Fixture.submission()
            body["title"] = "x"
            body["foundations"] = ["nope"]
            body["colour"] = "blue"
            let response = try await client.execute(uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(body))
            let problem = try expectProblem(response, .unprocessableContent)
            #expect(Set(fieldNames(problem)) == ["title", "foundations[0]", "colour"])
        }
    }
}
