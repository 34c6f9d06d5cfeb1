import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Collection routes")
struct CollectionRouteTests {
    @Test func curateThenPublishThenExport() async throws {
        // setup
        let server = try TestServer()
        let token = server.moderatorToken
        try await server.test { client in
            // exercise: create a draft, fill it, check drafts are hidden, publish, export
            let created = try await client.execute(
                uri: "/api/v1/collections", method: .post, headers: .bearer(token, json: true),
                body: Fixture.body(["slug": "local-guide", "title": "Our local guide", "introduction": "**Hello**"]))
            #expect(created.status == .created)
            let filled = try await client.execute(
                uri: "/api/v1/collections/local-guide/items", method: .put, headers: .bearer(token, json: true),
                body: Fixture.body(["items": [3, 1]]))
            let items = try #require(try Fixture.json(filled)["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? Int } == [3, 1])
            try expectProblem(try await client.execute(uri: "/api/v1/collections/local-guide", method: .get), .notFound)
            let hidden = try Fixture.json(try await client.execute(uri: "/api/v1/collections", method: .get))
            #expect((hidden["collections"] as? [Any])?.isEmpty == true)
            let drafts = try Fixture.json(try await client.execute(uri: "/api/v1/collections", method: .get, headers: .bearer(token)))
            #expect((drafts["collections"] as? [Any])?.count == 1)
            #expect(try await client.execute(uri: "/api/v1/collections/local-guide/publish", method: .post, headers: .bearer(token)).status == .ok)
            let html = try await client.execute(uri: "/api/v1/collections/local-guide/export?format=html", method: .get)
            let csv = try await client.execute(uri: "/api/v1/collections/local-guide/export?format=csv", method: .get)
            let word = try await client.execute(uri: "/api/v1/collections/local-guide/export?format=docx&form=short", method: .get)
            // validate
            #expect(html.status == .ok)
            #expect(html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(buffer: html.body).contains("Our local guide"))
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(word.status == .ok)
            #expect(word.headers[.contentType] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            #expect(word.headers[.contentDisposition] == "inline; filename=\"local-guide.docx\"")
            #expect(Array(String(buffer: word.body).utf8.prefix(2)) == Array("PK".utf8), "a zip package")
            try expectProblem(try await client.execute(uri: "/api/v1/collections/local-guide/export?format=site", method: .get), .badRequest)
            try expectProblem(try await client.execute(uri: "/api/v1/collections/local-guide/export?format=docx&form=tiny", method: .get), .badRequest)
        }
    }

    @Test func curatingNeedsAModerator() async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = Fixture.body(["slug": "x", "title": "X"])
            try expectProblem(try await client.execute(uri: "/api/v1/collections", method: .post, headers: .bearer(nil, json: true), body: body), .unauthorized)
            try expectProblem(
                try await client.execute(uri: "/api/v1/collections", method: .post, headers: .bearer("nobody", json: true), body: body), .unauthorized)
            let receipt = try Fixture.json(
                try await client.execute(
                    uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true),
                    body: Fixture.body(Fixture.submission())))
            let editToken = try #require(receipt["edit_token"] as? String)
            try expectProblem(
                try await client.execute(uri: "/api/v1/collections", method: .post, headers: .bearer(editToken, json: true), body: body), .forbidden)
        }
    }

    @Test func onlyPublishedExamplesJoinAndBadBodiesAreNamed() async throws {
        let server = try TestServer()
        let token = server.moderatorToken
        try await server.test { client in
            _ = try await client.execute(
                uri: "/api/v1/collections", method: .post, headers: .bearer(token, json: true),
                body: Fixture.body(["slug": "g", "title": "G"]))
            let receipt = try Fixture.json(
                try await client.execute(
                    uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true),
                    body: Fixture.body(Fixture.submission())))
            let submitted = try #require(receipt["id"] as? Int)
            let refused = try expectProblem(
                try await client.execute(
                    uri: "/api/v1/collections/g/items", method: .put, headers: .bearer(token, json: true),
                    body: Fixture.body(["items": [1, submitted]])), .unprocessableContent)
            #expect((refused["errors"] as? [[String: Any]])?.first?["field"] as? String == "examples")
            let unknown = try expectProblem(
                try await client.execute(
                    uri: "/api/v1/collections", method: .post, headers: .bearer(token, json: true),
                    body: Fixture.body(["slug": "Bad Slug!", "title": "T", "colour": "red"])), .unprocessableContent)
            let fields = Set(((unknown["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields.contains("colour"))
            let nullText = try expectProblem(
                try await client.execute(
                    uri: "/api/v1/collections", method: .post, headers: .bearer(token, json: true),
                    body: Fixture.body(["slug": "n", "title": "N", "introduction": NSNull()])), .unprocessableContent)
            #expect((nullText["errors"] as? [[String: Any]])?.first?["field"] as? String == "introduction")
            let stillEmpty = try Fixture.json(try await client.execute(uri: "/api/v1/collections/g", method: .get, headers: .bearer(token)))
            #expect((stillEmpty["items"] as? [Any])?.isEmpty == true)
        }
    }
}
