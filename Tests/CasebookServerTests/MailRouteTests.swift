import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The submitter's mail address through the real router: taken for mail, shown on no public route.
@Suite struct MailRouteTests {
    static let address = "private.submitter@example.org"

    @Test func submitterEmailGoesToTheOutboxAndNowherePublic() async throws {
        let server = try TestServer()
        try await server.test { client in
            var body = Fixture.submission(title: "Quokka memory cafe for bereaved carers")
            body["submitter_email"] = Self.address
            let submitted = try await client.submit(body)
            #expect(try await client.decide(submitted.id, "approve", token: server.moderatorToken).status == .ok)
            for path in [
                "/api/v1/examples/\(submitted.id)", "/examples/\(submitted.id)", "/api/v1/examples?q=quokka", "/search?q=quokka",
                "/feed.atom", "/api/v1/examples/\(submitted.id)/similar", "/"
            ] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(!String(buffer: response.body).contains(Self.address), "\(path) shows the submitter's address")
            }
            let mail = try server.database.outbox().filter { $0.to == Self.address }
            #expect(mail.map(\.kind).sorted() == ["decision", "receipt"])
        }
    }

    @Test func noExportReadAnonymouslyHoldsAPrivateAddressButEachHoldsTheReportsFromElsewhere() async throws {
        let server = try TestServer()
        let token = server.moderatorToken
        try await server.test { client in
            // setup: a published example with a private contact and a submitter address, a published report
            // with a private contact, and a published collection holding the example
            var body = Fixture.submission(title: "Quokka memory cafe for bereaved carers")
            body["submitter_email"] = Self.address
            let submitted = try await client.submit(body)
            #expect(try await client.decide(submitted.id, "approve", token: token).status == .ok)
            let report = try await client.execute(
                uri: "/api/v1/examples/\(submitted.id)/adoptions", method: .post, headers: .bearer(nil, json: true),
                body: Fixture.body(AdoptionRouteTests.report(adapted: "We held the cafe in a village hall.")))
            let reportID = try #require(try Fixture.json(report)["id"] as? Int)
            let decided = try await client.execute(
                uri: "/api/v1/moderation/adoptions/\(reportID)/decision", method: .post, headers: .bearer(token, json: true),
                body: Fixture.body(["action": "approve"]))
            #expect(decided.status == .ok)
            _ = try await client.execute(
                uri: "/api/v1/collections", method: .post, headers: .bearer(token, json: true),
                body: Fixture.body(["slug": "quokka-guide", "title": "Quokka guide"]))
            _ = try await client.execute(
                uri: "/api/v1/collections/quokka-guide/items", method: .put, headers: .bearer(token, json: true),
                body: Fixture.body(["items": [submitted.id]]))
            #expect(try await client.execute(uri: "/api/v1/collections/quokka-guide/publish", method: .post, headers: .bearer(token)).status == .ok)
            // exercise and validate: every text export, and the collection's pages, read with no token
            let privateAddresses = [Self.address, "a.person@example.org", "lead@example.org"]
            for format in ["html", "markdown", "json", "csv"] {
                let response = try await client.execute(uri: "/api/v1/collections/quokka-guide/export?format=\(format)", method: .get)
                let text = String(buffer: response.body)
                #expect(response.status == .ok, "\(format)")
                for address in privateAddresses { #expect(!text.contains(address), "\(format) holds \(address)") }
                if format == "csv" {
                    #expect(text.contains(",1,"), "the CSV counts the report")
                } else {
                    #expect(text.contains("village hall"), "\(format) shows the report from elsewhere")
                }
            }
            for path in ["/api/v1/collections/quokka-guide", "/collections/quokka-guide", "/examples/\(submitted.id)"] {
                let text = String(buffer: try await client.execute(uri: path, method: .get).body)
                for address in privateAddresses { #expect(!text.contains(address), "\(path) holds \(address)") }
            }
        }
    }

    @Test func aSubmitterEmailThatCouldInjectAHeaderIsRefused() async throws {
        let server = try TestServer()
        try await server.test { client in
            var body = Fixture.submission()
            body["submitter_email"] = "me@example.org\r\nBcc: everyone@example.org"
            let response = try await client.execute(uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(body))
            let problem = try expectProblem(response, .unprocessableContent)
            #expect(String(describing: problem).contains("submitter_email"))
            #expect(try server.database.outbox().isEmpty)
        }
    }

    @Test func theSubmissionFormAsksForAnAddressForMailAndNamesABadOne() async throws {
        let server = try TestServer()
        try await server.test { client in
            let page = try await client.execute(uri: "/submit", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let fields =
                "csrf=\(try WebPageTests.csrf(page))&title=Evening+sitters+for+carers&summary=Volunteers+sit+in+the+evening+so+carers+rest."
                + "&foundations=24-7-access&organisation-name=Coastal+Hospice"
            let bad = try await client.execute(
                uri: "/submit", method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: fields + "&submitter-email=me%40example.org%0D%0ABcc%3A+x%40example.org"))
            let sent = try await client.execute(
                uri: "/submit", method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: fields + "&submitter-email=form.sender%40example.org"))
            #expect(String(buffer: page.body).contains("id=\"submitter-email\""))
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("href=\"#submitter-email\""))
            #expect(sent.status == .seeOther)
            #expect(try server.database.outbox().map(\.to) == ["form.sender@example.org"])
            let revision = try await client.execute(uri: try #require(sent.headers[.location]), method: .get)
            #expect(!String(buffer: revision.body).contains("form.sender@example.org"))
        }
    }
}
