import CasebookKit
@testable import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// One way in: every body read under the one limit, errors named, one allowance per client and action,
/// `HEAD` wherever `GET` is. (The same attacks over real sockets: Tests/reliability/attacks_test.py.)
@Suite("Input paths")
struct InputPathTests {
    @Test func theRequestLogLeavesEveryPrivateTokenOut() {
        #expect(loggablePath("/submissions/12/secret-edit-token") == "/submissions/12/…")
        #expect(loggablePath("/reviews/secret-review-token/stopped") == "/reviews/…")
        #expect(loggablePath("/alerts/confirm/secret-confirm-token") == "/alerts/confirm/…")
        #expect(loggablePath("/alerts/unsubscribe/secret-unsubscribe-token") == "/alerts/unsubscribe/…")
        #expect(loggablePath("/alerts/new?q=dementia") == "/alerts/new?q=dementia")
        #expect(loggablePath("/examples/12") == "/examples/12")
    }

    @Test func webFormsAreReadUnderTheBodyLimit() async throws {
        try await TestServer(limits: ServerLimits(maxBodyBytes: 2_000)).test { client in
            let form = ByteBuffer(string: "token=" + String(repeating: "a", count: 5_000))
            for uri in ["/moderate/sign-in", "/submit"] {
                let response = try await client.execute(uri: uri, method: .post, headers: WebPageTests.form(cookie: nil), body: form)
                #expect(response.status == .contentTooLarge, "\(uri)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("2000 bytes"))
            }
            // Under the limit, the same form reaches its handler (403: it has no form token).
            let small = try await client.execute(
                uri: "/moderate/sign-in", method: .post, headers: WebPageTests.form(cookie: nil),
                body: ByteBuffer(string: "token=abc"))
            #expect(small.status == .forbidden)
        }
    }

    @Test func aDuplicateKeyIsRefusedByName() async throws {
        let server = try TestServer()
        try await server.test { client in
            let submission = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true),
                body: ByteBuffer(string: #"{"title": "One title here", "title": "Another title"}"#))
            let problem = try expectProblem(submission, .badRequest)
            #expect((problem["detail"] as? String)?.contains("'title' twice") == true)
            let decision = try await client.execute(
                uri: "/api/v1/moderation/1/decision", method: .post, headers: .bearer(server.moderatorToken, json: true),
                body: ByteBuffer(string: #"{"action": "reject", "action": "approve"}"#))
            #expect((try expectProblem(decision, .badRequest)["detail"] as? String)?.contains("'action' twice") == true)
            let items = try await client.execute(
                uri: "/api/v1/collections/x/items", method: .put, headers: .bearer(server.moderatorToken, json: true),
                body: ByteBuffer(string: #"{"items": [1], "items": [2]}"#))
            try expectProblem(items, .badRequest)
        }
    }

    @Test func aNoteIsAtMostFiveThousandCharacters() async throws {
        let server = try TestServer()
        try await server.test { client in
            let submitted = try await client.submit()
            let long = try await client.decide(submitted.id, "reject", note: String(repeating: "n", count: 5_001), token: server.moderatorToken)
            let problem = try expectProblem(long, .unprocessableContent)
            let errors = try #require(problem["errors"] as? [[String: Any]])
            #expect(errors.map { $0["field"] as? String } == ["note"])
            #expect(errors.first?["message"] as? String == "must be at most 5,000 characters")
            let fits = try await client.decide(submitted.id, "reject", note: String(repeating: "n", count: 5_000), token: server.moderatorToken)
            #expect(fits.status == .ok)
        }
    }

    @Test func badFieldsOfSmallBodiesAreAllNamed() async throws {
        let server = try TestServer()
        try await server.test { client in
            let decision = try await client.execute(
                uri: "/api/v1/moderation/1/decision", method: .post, headers: .bearer(server.moderatorToken, json: true),
                body: Fixture.body(["action": "shout", "note": 3, "extra": true]))
            let errors = try #require(try expectProblem(decision, .unprocessableContent)["errors"] as? [[String: Any]])
            #expect(errors.compactMap { $0["field"] as? String } == ["extra", "action", "note"])
            let items = try await client.execute(
                uri: "/api/v1/collections/x/items", method: .put, headers: .bearer(server.moderatorToken, json: true),
                body: Fixture.body(["items": [1, true, 2.5, "zz"]]))
            let itemErrors = try #require(try expectProblem(items, .unprocessableContent)["errors"] as? [[String: Any]])
            #expect(itemErrors.compactMap { $0["field"] as? String } == ["items[1]", "items[2]", "items[3]"])
        }
    }

    @Test func headAnswersWhereverGetDoes() async throws {
        try await TestServer().test { client in
            for uri in ["/api/v1/stats/coverage", "/", "/feed.atom", "/api/v1/examples/1", "/healthz"] {
                let get = try await client.execute(uri: uri, method: .get)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(get.status == .ok && head.status == .ok, "\(uri)")
                #expect(head.headers[.contentLength] == String(get.body.readableBytes), "\(uri)")
                #expect(head.body.readableBytes == 0, "\(uri)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
            }
            let missing = try await client.execute(uri: "/api/v1/nothing", method: .head)
            #expect(missing.status == .notFound && missing.body.readableBytes == 0)
            #expect(missing.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func oneAllowancePerClientAcrossTheAPIAndThePages() async throws {
        try await TestServer(limits: ServerLimits(submissionsPerMinute: 2, searchesPerMinute: 2)).test { client in
            _ = try await client.submit()
            _ = try await client.submit()
            let form = try await client.execute(uri: "/submit", method: .post, headers: WebPageTests.form(cookie: nil), body: ByteBuffer(string: "title=x"))
            #expect(form.status == .tooManyRequests)
            #expect(form.headers[.retryAfter] != nil)
            #expect(try await client.execute(uri: "/api/v1/examples", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/search?q=care", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/examples", method: .get).status == .tooManyRequests)
            #expect(try await client.execute(uri: "/search?q=care", method: .get).status == .tooManyRequests)
        }
    }
}

/// What anyone may read shows only what the public pages show: after a withdrawal, no route read
/// without a token shows the withdrawn example, and none shows a moderator's name.
@Suite("Public routes after a withdrawal")
struct WithdrawnExampleTests {
    /// A published collection of examples 1 and 2, then example 2 withdrawn; returns its uid and title.
    static func withdrawSecondMember(_ client: any TestClientProtocol, token: String) async throws -> (uid: String, title: String) {
        _ = try await client.execute(
            uri: "/api/v1/collections", method: .post, headers: .bearer(token, json: true),
            body: Fixture.body(["slug": "guide", "title": "Our guide"]))
        _ = try await client.execute(
            uri: "/api/v1/collections/guide/items", method: .put, headers: .bearer(token, json: true),
            body: Fixture.body(["items": [1, 2]]))
        #expect(try await client.execute(uri: "/api/v1/collections/guide/publish", method: .post, headers: .bearer(token)).status == .ok)
        let example = try Fixture.json(try await client.execute(uri: "/api/v1/examples/2", method: .get))
        let withdrawn = try await client.decide(2, "withdraw", note: "Withdrawn at the hospice's request", token: token)
        #expect(withdrawn.status == .ok)
        return (try #require(example["uid"] as? String), try #require(example["title"] as? String))
    }

    static func expectHidden(_ response: TestResponse, _ withdrawn: (uid: String, title: String), sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(buffer: response.body)
        #expect(response.status == .ok, sourceLocation: sourceLocation)
        #expect(!text.contains(withdrawn.uid), sourceLocation: sourceLocation)
        #expect(!text.contains(withdrawn.title), sourceLocation: sourceLocation)
        #expect(!text.contains("\"mod\""), sourceLocation: sourceLocation)
        #expect(!text.contains("added_by") && !text.contains("updated_by"), sourceLocation: sourceLocation)
    }

    @Test func theCollection() async throws {
        let server = try TestServer()
        try await server.test { client in
            let withdrawn = try await Self.withdrawSecondMember(client, token: server.moderatorToken)
            let collection = try await client.execute(uri: "/api/v1/collections/guide", method: .get)
            Self.expectHidden(collection, withdrawn)
            #expect((try Fixture.json(collection)["items"] as? [Any])?.count == 1)
            // A moderator still sees the whole record.
            let full = try await client.execute(uri: "/api/v1/collections/guide", method: .get, headers: .bearer(server.moderatorToken))
            #expect(String(buffer: full.body).contains(withdrawn.uid) && String(buffer: full.body).contains("updated_by"))
        }
    }

    @Test func theListOfCollections() async throws {
        let server = try TestServer()
        try await server.test { client in
            let withdrawn = try await Self.withdrawSecondMember(client, token: server.moderatorToken)
            Self.expectHidden(try await client.execute(uri: "/api/v1/collections", method: .get), withdrawn)
        }
    }

    @Test func theCollectionsExports() async throws {
        let server = try TestServer()
        try await server.test { client in
            let withdrawn = try await Self.withdrawSecondMember(client, token: server.moderatorToken)
            for format in ["json", "csv", "markdown", "html"] {
                let export = try await client.execute(uri: "/api/v1/collections/guide/export?format=\(format)", method: .get)
                Self.expectHidden(export, withdrawn)
                #expect(!String(buffer: export.body).contains("withdrawn"), "\(format)")
            }
            // A moderator's export still notes what dropped out.
            let full = try await client.execute(uri: "/api/v1/collections/guide/export?format=json", method: .get, headers: .bearer(server.moderatorToken))
            #expect(String(buffer: full.body).contains(withdrawn.uid))
        }
    }

    @Test func theExampleAndTheSearch() async throws {
        let server = try TestServer()
        try await server.test { client in
            let withdrawn = try await Self.withdrawSecondMember(client, token: server.moderatorToken)
            try expectProblem(try await client.execute(uri: "/api/v1/examples/2", method: .get), .notFound)
            try expectProblem(try await client.execute(uri: "/api/v1/examples/\(withdrawn.uid)", method: .get), .notFound)
            Self.expectHidden(try await client.execute(uri: "/api/v1/examples?limit=50", method: .get), withdrawn)
        }
    }

    @Test func theFeed() async throws {
        let server = try TestServer()
        try await server.test { client in
            let withdrawn = try await Self.withdrawSecondMember(client, token: server.moderatorToken)
            Self.expectHidden(try await client.execute(uri: "/feed.atom", method: .get), withdrawn)
        }
    }

    @Test func theCollectionPage() async throws {
        let server = try TestServer()
        try await server.test { client in
            let withdrawn = try await Self.withdrawSecondMember(client, token: server.moderatorToken)
            Self.expectHidden(try await client.execute(uri: "/collections/guide", method: .get), withdrawn)
        }
    }
}

/// Every kind of page has its template, checked when the renderer loads.
@Suite("Page templates")
struct PageTemplateTests {
    @Test func everyPageTemplateIsShipped() throws {
        let renderer = try PageRenderer.shipped(try ServerResources.locate())
        for template in PageTemplate.allCases.map(\.rawValue) + ["layout"] {
            #expect(renderer.library.getTemplate(named: template) != nil, "\(template)")
        }
    }

    @Test func aMissingTemplateOrPartialStopsTheServerNamingIt() throws {
        // setup: a copy of the shipped resources without a page template and a partial another template includes
        let shipped = try ServerResources.locate().folder
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-resources-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: shipped, to: copy)
        for name in ["review", "result"] {
            try FileManager.default.removeItem(at: copy.appendingPathComponent("Templates/\(name).mustache"))
        }
        // exercise
        let database = try AppDatabase.inMemory()
        #expect(throws: Never.self) { _ = try buildApplication(TestArguments(database: database)) }
        do {
            _ = try buildApplication(TestArguments(database: database, resourceFolder: copy))
            Issue.record("the server was built without its templates")
        } catch let error as ServerResourceError {
            // validate
            #expect(error.missing == ["Templates/result.mustache", "Templates/review.mustache"])
            #expect(error.description.contains("Templates/review.mustache") && error.description.contains(copy.path))
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-empty-\(UUID().uuidString)")
        #expect(throws: ServerResourceError.self) { _ = try buildApplication(TestArguments(database: database, resourceFolder: empty)) }
    }
}
