import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ErrorTests {
    @Test func unknownRouteAndWrongMethod() async throws {
        try await TestServer().test { client in
            try expectProblem(try await client.execute(uri: "/api/v1/nothing", method: .get), .notFound)
            let wrong = try await client.execute(uri: "/api/v1/examples", method: .delete)
            try expectProblem(wrong, .methodNotAllowed)
            #expect(wrong.headers[.allow] == "GET")
            #expect(try await client.execute(uri: "/api/v1/submissions/3", method: .patch).headers[.allow] == "GET, PUT")
        }
    }

    @Test func badBodies() async throws {
        try await TestServer(limits: ServerLimits(maxBodyBytes: 2_000)).test { client in
            let uri = "/api/v1/submissions"
            try expectProblem(
                try await client.execute(uri: uri, method: .post, headers: .bearer(nil, json: true), body: ByteBuffer(string: "{\"title\":")), .badRequest)
            try expectProblem(
                try await client.execute(uri: uri, method: .post, headers: .bearer(nil, json: true), body: ByteBuffer(string: "[1]")), .badRequest)
            try expectProblem(
                try await client.execute(uri: uri, method: .post, headers: [.contentType: "text/plain"], body: Fixture.body(Fixture.submission())),
                .unsupportedMediaType)
            try expectProblem(try await client.execute(uri: uri, method: .post, body: Fixture.body(Fixture.submission())), .unsupportedMediaType)
            let oversize = ByteBuffer(string: "{\"body\": \"" + String(repeating: "a", count: 3_000) + "\"}")
            try expectProblem(try await client.execute(uri: uri, method: .post, headers: .bearer(nil, json: true), body: oversize), .contentTooLarge)
        }
    }

    @Test func rateLimitsAnswer429WithRetryAfter() async throws {
        // One request a minute of each kind: a token comes back only after 60 s, so a slow machine cannot refill it mid-test.
        try await TestServer(limits: ServerLimits(submissionsPerMinute: 1, searchesPerMinute: 1)).test { client in
            let response = try await client.execute(uri: "/api/v1/examples", method: .get)
            #expect(response.status == .ok)
            let search = try await client.execute(uri: "/api/v1/examples", method: .get)
            try expectProblem(search, .tooManyRequests)
            #expect(Int(search.headers[.retryAfter] ?? "") ?? 0 >= 1)
            _ = try await client.submit()
            let second = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(Fixture.submission()))
            try expectProblem(second, .tooManyRequests)
            #expect(second.headers[.retryAfter] != nil)
        }
    }

    @Test func zeroTurnsRateLimitsOff() async throws {
        try await TestServer(limits: ServerLimits(searchesPerMinute: 0)).test { client in
            for _ in 0..<20 {
                let response = try await client.execute(uri: "/api/v1/examples?limit=1", method: .get)
                #expect(response.status == .ok)
            }
        }
    }
}
