@testable import CasebookKit
import CasebookServer
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Review reminders, the contact relay and alerts (contract section 9) through the real router, on a library
/// in memory: each message read back from the outbox, each link followed.
@Suite struct MailFlowTests {
    static let contact = "a.person@example.org"

    /// A published example with a private contact, on a library whose other examples are not due for review.
    static func publishedExample(_ client: any TestClientProtocol, _ server: TestServer, title: String) async throws -> Int {
        let submitted = try await client.submit(Fixture.submission(title: title))
        #expect(try await client.decide(submitted.id, "approve", token: server.moderatorToken).status == .ok)
        return submitted.id
    }

    static func makeDue(_ id: Int, in database: AppDatabase) throws {
        try database.writer.write { db in
            try db.execute(sql: "UPDATE example SET review_due = '2099-01-01' WHERE status = 'published'")
            try db.execute(sql: "UPDATE example SET review_due = '2020-01-01' WHERE id = ?", arguments: [id])
        }
    }

    static func mail(_ kind: String, in database: AppDatabase) throws -> [Row] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM mail_message WHERE kind = ? ORDER BY id", arguments: [kind])
        }
    }

    /// The path of the first link in a body that starts with `prefix` (after the public URL).
    static func link(_ prefix: String, in body: String) throws -> String {
        let pattern = try Regex("http://localhost:8080(" + NSRegularExpression.escapedPattern(for: prefix) + "[A-Za-z0-9_/-]+)")
        let match = try #require(body.firstMatch(of: pattern))
        return String(try #require(match.output[1].substring))
    }

    static func cookieAndCSRF(_ client: any TestClientProtocol, _ path: String) async throws -> (cookie: String, csrf: String, page: TestResponse) {
        let page = try await client.execute(uri: path, method: .get)
        let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        return (cookie, try WebPageTests.csrf(page), page)
    }

    // MARK: Review reminders

    @Test func theStoppedAndRunningLinksSetTheWorkStatusAndTheNextReview() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try await Self.publishedExample(client, server, title: "Quokka hospice at home rota for rural areas")
            try Self.makeDue(id, in: server.database)
            #expect(try await server.database.writeDueReviewReminders() == 1)
            #expect(try await server.database.writeDueReviewReminders() == 0, "one reminder per review date")
            let reminder = try #require(try Self.mail("review-reminder", in: server.database).first)
            #expect(reminder["recipient"] as String == Self.contact)
            let body: String = reminder["body"]
            let stopped = try Self.link("/reviews/", in: body)
            #expect(stopped.hasSuffix("/running") || stopped.hasSuffix("/changed") || stopped.hasSuffix("/stopped"))
            let base = String(stopped[..<stopped.lastIndex(of: "/")!])
            for answer in ["running", "changed", "stopped"] { #expect(body.contains("\(base)/\(answer)")) }

            let page = try await client.execute(uri: base + "/stopped", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[HTTPField.Name("X-Robots-Tag")!] == "noindex, nofollow")
            #expect(String(buffer: page.body).contains("the work has stopped"))
            var stored = try #require(try await server.database.example(.id(Int64(id))))
            #expect(stored.example.workStatus == .stopped)
            #expect(stored.example.lastConfirmed != nil)
            #expect((stored.example.reviewDue ?? "") > Timestamp.today())
            let examplePage = String(buffer: try await client.execute(uri: "/examples/\(id)", method: .get).body)
            #expect(examplePage.contains("Stopped"))
            #expect(examplePage.contains("Last confirmed"))

            // a slip is put right with the other link, and the audit trail keeps both
            #expect(try await client.execute(uri: base + "/running", method: .get).status == .ok)
            stored = try #require(try await server.database.example(.id(Int64(id))))
            #expect(stored.example.workStatus == .running)
            let actions = try await server.database.history(.id(Int64(id))).map(\.action)
            #expect(actions.suffix(2) == ["review-stopped", "review-running"])

            for wrong in ["/reviews/not-a-token/running", base + "/maybe", "/reviews/\(String(repeating: "x", count: 300))/stopped"] {
                #expect(try await client.execute(uri: wrong, method: .get).status == .notFound, "\(wrong)")
            }
        }
    }

    @Test func theChangedLinkKeepsTheExampleDueAndPassesTheNoteToModerators() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try await Self.publishedExample(client, server, title: "Quokka care home link nurse scheme")
            try Self.makeDue(id, in: server.database)
            try await server.database.writeDueReviewReminders()
            let body: String = try #require(try Self.mail("review-reminder", in: server.database).first)["body"]
            let changed = try Self.link("/reviews/", in: body).replacingOccurrences(of: #"/[a-z]+$"#, with: "/changed", options: .regularExpression)
            let (cookie, csrf, page) = try await Self.cookieAndCSRF(client, changed)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("What has changed?"))
            let tooLong = String(repeating: "a", count: 5_001)
            let refused = try await client.execute(
                uri: changed, method: .post, headers: WebPageTests.form(cookie: cookie), body: ByteBuffer(string: "csrf=\(csrf)&note=\(tooLong)"))
            #expect(refused.status == .unprocessableContent)
            let sent = try await client.execute(
                uri: changed, method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: "csrf=\(csrf)&note=Now+run+across+two+districts"))
            #expect(sent.status == .ok)
            #expect(String(buffer: sent.body).contains("Your note is with the moderators"))
            let stored = try #require(try await server.database.example(.id(Int64(id))))
            #expect(stored.example.reviewDue == "2020-01-01", "still due, for a moderator to bring up to date")
            let queue = try await server.database.moderationQueue(section: .reviewDue, limit: 100, offset: 0)
            #expect(queue.items.contains { $0.id == Int64(id) })
            let last = try #require(try await server.database.history(.id(Int64(id))).last)
            #expect(last.action == "review-changed")
            #expect(last.note?.contains("two districts") == true)
        }
    }

    @Test func aReminderLinkOfAWithdrawnExampleFindsNothing() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try await Self.publishedExample(client, server, title: "Quokka bereavement drop-in at the library")
            try Self.makeDue(id, in: server.database)
            try await server.database.writeDueReviewReminders()
            let body: String = try #require(try Self.mail("review-reminder", in: server.database).first)["body"]
            let link = try Self.link("/reviews/", in: body)
            #expect(try await client.decide(id, "withdraw", note: "Ended", token: server.moderatorToken).status == .ok)
            #expect(try await client.execute(uri: link, method: .get).status == .notFound)
        }
    }

    // MARK: Contact relay

    @Test func aMessageReachesTheContactWithReplyToTheSenderAndNeverShowsTheAddress() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try await Self.publishedExample(client, server, title: "Quokka night sitting service for families")
            let message: [String: Any] = ["name": "Sam Reader", "email": "sam@example.net", "message": "Could we see your rota template?"]
            let sent = try await client.execute(
                uri: "/api/v1/examples/\(id)/contact", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(message))
            #expect(sent.status == .accepted)
            #expect(try Fixture.json(sent)["status"] as? String == "queued")
            #expect(!String(buffer: sent.body).contains(Self.contact))
            let relayed = try #require(try Self.mail("contact", in: server.database).first)
            #expect(relayed["recipient"] as String == Self.contact)
            #expect(relayed["reply_to"] as String? == "sam@example.net")
            #expect((relayed["body"] as String).contains("Could we see your rota template?"))

            let page = String(buffer: try await client.execute(uri: "/examples/\(id)", method: .get).body)
            #expect(page.contains("Write to the team"))
            #expect(!page.contains(Self.contact))
        }
    }

    @Test func aMessageIsRefusedForAPatientIdentifierABadFieldOrAnExampleNotPublished() async throws {
        let server = try TestServer(limits: ServerLimits(messagesPerMinute: 0))
        try await server.test { client in
            let id = try await Self.publishedExample(client, server, title: "Quokka advance care planning clinic")
            let cases: [([String: Any], [String])] = [
                (["name": "Sam", "email": "sam@example.net", "message": "About the patient with NHS number 943 476 5919, please call."], ["message"]),
                (["name": "Sam", "email": "sam@example.net", "message": "Mrs Smith, DOB 12/03/1941, asked about it."], ["message"]),
                (["email": "not an address\r\nBcc: x@example.org", "message": "short", "extra": 1], ["extra", "name", "email", "message"])
            ]
            for (body, fields) in cases {
                let response = try await client.execute(
                    uri: "/api/v1/examples/\(id)/contact", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(body))
                let problem = try expectProblem(response, .unprocessableContent)
                #expect(Set(fieldNames(problem)) == Set(fields))
            }
            #expect(try Self.mail("contact", in: server.database).isEmpty, "nothing refused was written")
            let pending = try await client.submit(Fixture.submission(title: "Quokka pending example"))
            let good: [String: Any] = ["name": "Sam", "email": "sam@example.net", "message": "A question about your work."]
            for target in [pending.id, 999_999] {
                let response = try await client.execute(
                    uri: "/api/v1/examples/\(target)/contact", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(good))
                #expect(response.status == .notFound)
            }
            var noContact = Fixture.submission(title: "Quokka example without a contact")
            noContact["contact"] = nil
            let bare = try await client.submit(noContact)
            #expect(try await client.decide(bare.id, "approve", token: server.moderatorToken).status == .ok)
            let conflict = try await client.execute(
                uri: "/api/v1/examples/\(bare.id)/contact", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(good))
            #expect(conflict.status == .conflict)
        }
    }

    @Test func messagesAreRateLimitedPerClient() async throws {
        let server = try TestServer(limits: ServerLimits(messagesPerMinute: 2))
        try await server.test { client in
            let id = try await Self.publishedExample(client, server, title: "Quokka volunteer befriending")
            let good: [String: Any] = ["name": "Sam", "email": "sam@example.net", "message": "A question about your work."]
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(
                    try await client.execute(
                        uri: "/api/v1/examples/\(id)/contact", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(good)
                    ).status)
            }
            #expect(statuses == [.accepted, .accepted, .tooManyRequests])
        }
    }

    @Test func theContactFormSendsAndKeepsEveryFieldOnAnError() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try await Self.publishedExample(client, server, title: "Quokka carers' evening")
            let (cookie, csrf, _) = try await Self.cookieAndCSRF(client, "/examples/\(id)")
            let wrong = try await client.execute(
                uri: "/examples/\(id)/contact", method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: "csrf=\(csrf)&contact-name=Sam&contact-email=nope&contact-message=NHS+number+943+476+5919+here"))
            let html = String(buffer: wrong.body)
            #expect(wrong.status == .unprocessableContent)
            #expect(html.contains("Enter your email address in the form name@example.org"))
            #expect(html.contains("NHS number"))
            #expect(html.contains("value=\"Sam\""))
            #expect(html.contains("NHS number 943 476 5919 here</textarea>"))
            let sent = try await client.execute(
                uri: "/examples/\(id)/contact", method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: "csrf=\(csrf)&contact-name=Sam&contact-email=sam%40example.net&contact-message=Could+we+talk%3F+Thanks."))
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/examples/\(id)?written=1#contact-heading")
            #expect(try Self.mail("contact", in: server.database).count == 1)
            let forged = try await client.execute(
                uri: "/examples/\(id)/contact", method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: "csrf=forged&contact-name=Sam&contact-email=sam%40example.net&contact-message=Could+we+talk%3F"))
            #expect(forged.status == .forbidden)
        }
    }

    // MARK: Alerts

    @Test func anAlertIsConfirmedGetsOneDigestOfNewlyPublishedMatchesAndUnsubscribesInOneClick() async throws {
        let server = try TestServer()
        try await server.test { client in
            let request: [String: Any] = ["email": "reader@example.net", "q": "quokka", "foundation": "7"]
            let accepted = try await client.execute(uri: "/api/v1/alerts", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(request))
            #expect(accepted.status == .accepted)
            let confirmMail = try #require(try Self.mail("alert-confirm", in: server.database).first)
            #expect(confirmMail["recipient"] as String == "reader@example.net")
            #expect((confirmMail["list_unsubscribe"] as String?)?.contains("/alerts/unsubscribe/") == true)
            #expect(try server.database.alerts().map(\.confirmed) == [false])

            // unconfirmed: nothing is sent, however much is published
            let first = try await Self.publishedExample(client, server, title: "Quokka first example")
            #expect(try await server.database.writeDueAlertDigests() == 0)

            let confirm = try Self.link("/alerts/confirm/", in: confirmMail["body"])
            let confirmed = try await client.execute(uri: confirm, method: .get)
            #expect(confirmed.status == .ok)
            #expect(String(buffer: confirmed.body).contains("Your email updates are on"))
            #expect(try server.database.alerts().map(\.confirmed) == [true])
            #expect(try server.database.alerts().first?.query == "quokka")

            _ = try await client.submit(Fixture.submission(title: "Quokka pending, never in a digest"))
            #expect(try await server.database.writeDueAlertDigests() == 1)
            #expect(try await server.database.writeDueAlertDigests() == 0, "at most one a day")
            let digest = try #require(try Self.mail("alert", in: server.database).first)
            let body: String = digest["body"]
            #expect(body.contains("Quokka first example"))
            #expect(body.contains("/examples/\(first)"))
            #expect(!body.contains("pending, never"))
            let unsubscribe = try #require(digest["list_unsubscribe"] as String?)
            #expect(body.contains(unsubscribe))

            // a day later only what is new since is sent
            try await server.database.writer.write { db in try db.execute(sql: "UPDATE alert SET last_sent_at = '2020-01-01T00:00:00Z'") }
            #expect(try await server.database.writeDueAlertDigests() == 0, "nothing new since the last digest")

            let path = String(unsubscribe.dropFirst("http://localhost:8080".count))
            let oneClick = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(oneClick.status == .ok)
            #expect(try server.database.alerts().isEmpty, "the alert and its address are deleted")
            let again = try await client.execute(uri: path, method: .get)
            #expect(String(buffer: again.body).contains("No updates to stop"))
        }
    }

    @Test func anAlertRequestNamesEveryBadFieldAndCannotFloodAnInbox() async throws {
        let server = try TestServer(limits: ServerLimits(messagesPerMinute: 0))
        try await server.test { client in
            let bad: [String: Any] = ["email": "x\r\nBcc: a@example.org", "foundation": ["99"], "region": "atlantis", "colour": "blue"]
            let response = try await client.execute(uri: "/api/v1/alerts", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(bad))
            let problem = try expectProblem(response, .unprocessableContent)
            #expect(Set(fieldNames(problem)) == ["colour", "email", "foundation[0]", "region"])
            for _ in 0..<5 {
                let ok = try await client.execute(
                    uri: "/api/v1/alerts", method: .post, headers: .bearer(nil, json: true),
                    body: Fixture.body(["email": "someone@example.net", "q": "dementia"]))
                #expect(ok.status == .accepted)
            }
            #expect(try Self.mail("alert-confirm", in: server.database).count == 3)
        }
    }

    @Test func searchAndFoundationPagesOfferUpdatesAndTheFormAsksOnlyForAnAddress() async throws {
        let server = try TestServer()
        try await server.test { client in
            let search = String(buffer: try await client.execute(uri: "/search?q=dementia&region=london", method: .get).body)
            #expect(search.contains("href=\"/alerts/new?q=dementia&amp;region=london\""))
            let foundation = String(buffer: try await client.execute(uri: "/foundations/1", method: .get).body)
            #expect(foundation.contains("href=\"/alerts/new?foundation="))
            let (cookie, csrf, page) = try await Self.cookieAndCSRF(client, "/alerts/new?q=dementia&region=london")
            #expect(String(buffer: page.body).contains("matching \u{201C}dementia\u{201D}"))
            #expect(try await client.execute(uri: "/alerts/new?region=atlantis", method: .get).status == .badRequest)
            let wrong = try await client.execute(
                uri: "/alerts/new", method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: "csrf=\(csrf)&q=dementia&region=london&email=nope"))
            #expect(wrong.status == .unprocessableContent)
            #expect(String(buffer: wrong.body).contains("value=\"nope\""))
            let sent = try await client.execute(
                uri: "/alerts/new", method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: "csrf=\(csrf)&q=dementia&region=london&email=reader%40example.net"))
            #expect(sent.status == .ok)
            #expect(String(buffer: sent.body).contains("We have sent a link to reader@example.net"))
            let alert = try #require(try server.database.alerts().first)
            #expect(alert.query == "dementia")
            #expect(alert.filters == ["region": ["london"]])
        }
    }

    @Test func replyToAndListUnsubscribeAreHeadersThatNoTextCanBreak() throws {
        let mail = MailEnvelope(
            messageID: "id@example.org", date: Date(timeIntervalSince1970: 0), fromName: "Casebook",
            from: try #require(MailAddress("casebook@example.org")), to: try #require(MailAddress("team@example.org")),
            subject: "Hello\r\nBcc: evil@example.org", body: "Hi",
            replyTo: MailAddress("reader@example.net"), listUnsubscribe: "https://casebook.example.org/alerts/unsubscribe/abc\r\nBcc: evil@example.org")
        let text = MailFormat.render(mail)
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(headers.contains("Reply-To: <reader@example.net>"))
        #expect(headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(headers.contains { $0.hasPrefix("List-Unsubscribe: <https://casebook.example.org/alerts/unsubscribe/abc") })
        #expect(!headers.contains { $0.hasPrefix("Bcc:") })
    }
}
