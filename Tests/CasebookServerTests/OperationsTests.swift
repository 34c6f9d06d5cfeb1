@testable import CasebookKit
import CasebookServer
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue #8 on the server: readiness, Prometheus metrics, and storage failures answered as 503.
@Suite struct OperationsTests {
    @Test func readyWhenTheLibraryAnswers() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .ok)
            #expect(try Fixture.json(response)["status"] as? String == "ready")
        }
    }

    @Test func notReadyIsA503ProblemWhenTheLibraryCannotBeRead() async throws {
        let server = try TestServer()
        try await server.database.writer.write { db in try db.execute(sql: "ALTER TABLE example RENAME TO example_elsewhere") }
        try await server.test { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            try expectProblem(response, .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "5")
        }
    }

    @Test func aWriteToAReadOnlyLibraryIsA503ProblemAndNothingIsWritten() async throws {
        let server = try TestServer()
        let before = try await server.database.submissionsWaiting()
        try await server.database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 1") }
        try await server.test { client in
            let response = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true),
                body: Fixture.body(Fixture.submission()))
            try expectProblem(response, .serviceUnavailable)
        }
        #expect(try await server.database.submissionsWaiting() == before)
    }

    @Test func metricsCountRequestsSearchesSubmissionsAndTheQueue() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await client.execute(uri: "/api/v1/examples?q=bereavement", method: .get)
            _ = try await client.submit()
            _ = try await client.execute(uri: "/no/such/page", method: .get)
            let response = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: response.body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(text.contains(#"casebook_http_requests_total{route="/api/v1/examples",method="GET",status="200"} 1"#))
            #expect(text.contains(#"casebook_http_requests_total{route="/api/v1/submissions",method="POST",status="201"} 1"#))
            #expect(text.contains(#"casebook_http_request_duration_seconds_count{route="/api/v1/examples",method="GET",status="200"} 1"#))
            #expect(text.contains("casebook_searches_total 1"))
            #expect(text.contains("casebook_submissions_total 1"))
            #expect(text.contains("casebook_moderation_queue_length 1"))
            #expect(!text.contains("/no/such/page"))
        }
    }
}
