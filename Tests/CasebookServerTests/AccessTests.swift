import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AccessTests {
    @Test func moderatorRoutesNeedAModerator() async throws {
        let server = try TestServer()
        try await server.test { client in
            let submitted = try await client.submit()
            for uri in ["/api/v1/moderation/queue", "/api/v1/examples/1/history"] {
                let none = try expectProblem(try await client.execute(uri: uri, method: .get), .unauthorized)
                #expect(none["detail"] != nil)
                let noneResponse = try await client.execute(uri: uri, method: .get)
                #expect(noneResponse.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                try expectProblem(try await client.execute(uri: uri, method: .get, headers: .bearer("not-a-token")), .unauthorized)
                try expectProblem(try await client.execute(uri: uri, method: .get, headers: .bearer(submitted.token)), .forbidden)
                #expect(try await client.execute(uri: uri, method: .get, headers: .bearer(server.moderatorToken)).status == .ok)
            }
            try expectProblem(try await client.decide(submitted.id, "approve", token: submitted.token), .forbidden)
        }
    }

    @Test func editTokensReachOnlyTheirOwnSubmission() async throws {
        let server = try TestServer()
        try await server.test { client in
            let mine = try await client.submit()
            let theirs = try await client.submit(Fixture.submission(title: "Somebody else's example of care"))
            let uri = "/api/v1/submissions/\(mine.id)"
            try expectProblem(try await client.execute(uri: uri, method: .get), .unauthorized)
            try expectProblem(try await client.execute(uri: uri, method: .get, headers: .bearer("wrong")), .unauthorized)
            try expectProblem(try await client.execute(uri: uri, method: .get, headers: .bearer(theirs.token)), .forbidden)
            #expect(try await client.execute(uri: uri, method: .get, headers: .bearer(mine.token)).status == .ok)
            #expect(try await client.execute(uri: uri, method: .get, headers: .bearer(server.moderatorToken)).status == .ok)
            let revise = try await client.execute(
                uri: uri, method: .put, headers: .bearer(server.moderatorToken, json: true), body: Fixture.body(Fixture.submission()))
            try expectProblem(revise, .forbidden)
            let contact = try Fixture.json(try await client.execute(uri: uri, method: .get, headers: .bearer(mine.token)))["contact"] as? [String: Any]
            #expect(contact?["email"] as? String == "a.person@example.org")
        }
    }
}
