import CasebookKit
import CasebookServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The moderators' pages at scale, through the real router: flags in place, the required confirmation,
/// redaction with the changes marked, queue sections, and curation without typing numbers.
@Suite struct ModerationPageTests {
    /// A signed-in moderator's cookies, and a way to fetch a page's form token.
    struct Session {
        let cookies: String
        let client: any TestClientProtocol

        func get(_ path: String) async throws -> TestResponse {
            try await client.execute(uri: path, method: .get, headers: [.cookie: cookies])
        }

        /// Posts a form from the page at `from`, with that page's CSRF token.
        func post(_ path: String, _ fields: [(String, String)], from page: String) async throws -> TestResponse {
            let token = try WebPageTests.csrf(try await get(page))
            let body = ([("csrf", token)] + fields).map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
            var headers = WebPageTests.form(cookie: cookies)
            headers[.cookie] = cookies
            return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        }

        static func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        }
    }

    static func signIn(_ client: any TestClientProtocol, token: String) async throws -> Session {
        let page = try await client.execute(uri: "/moderate/sign-in", method: .get)
        let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let signIn = try await client.execute(
            uri: "/moderate/sign-in", method: .post, headers: WebPageTests.form(cookie: cookie),
            body: ByteBuffer(string: "csrf=\(try WebPageTests.csrf(page))&token=\(token)"))
        let session = try #require(signIn.headers[values: .setCookie].first { $0.hasPrefix("casebook_session=") })
        return Session(cookies: cookie + "; " + String(session.split(separator: ";")[0]), client: client)
    }

    @Test func flagsAreMarkedApprovingNeedsTheConfirmationAndARedactionShowsItsChanges() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            var draft = Fixture.submission(title: "Night sitters for families in a coastal town")
            draft["summary"] = "Call the team on 07700 900123 for night sitting at home."
            let submitted = try await client.submit(draft)
            let session = try await Self.signIn(client, token: server.moderatorToken)
            let review = "/moderate/examples/\(submitted.id)"
            // exercise
            let queue = String(buffer: try await session.get("/moderate?section=new").body)
            let page = String(buffer: try await session.get(review).body)
            let refused = try await session.post(review + "/decision", [("action", "approve")], from: review)
            let statusAfterRefusal = try server.database.requireExample(.id(Int64(submitted.id))).status
            let edited = try await session.post(
                review + "/edit",
                [
                    ("title", "Night sitters for families in a coastal town"),
                    ("summary", "Call the hospice switchboard for night sitting at home."),
                    ("body", ""), ("edit-note", "removed a phone number")
                ], from: review)
            let changed = String(buffer: try await session.get(review).body)
            let approved = try await session.post(review + "/decision", [("action", "approve")], from: review)
            // validate
            #expect(queue.contains("New <span class=\"count\">(1)</span>"))
            #expect(queue.contains("Flagged: 1 thing to check"))
            #expect(page.contains("<mark class=\"flagged\"><span class=\"visually-hidden\">Flagged, phone number: </span>07700 900123</mark>"))
            #expect(page.contains("id=\"acknowledge\""))
            #expect(!page.contains("<th scope=\"row\">Keywords</th>") && !page.contains(">Links</h4>"), "no empty rows")
            #expect(!page.contains("; </td>"), "no stray semicolon after the foundations")
            #expect(!page.contains("Not yet evaluated"), "evidence not given is left out")
            #expect(!page.contains("withdraw"), "the note hint offers only what the page offers")
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("href=\"#acknowledge\""))
            #expect(statusAfterRefusal == .submitted)
            #expect(edited.status == .seeOther)
            #expect(changed.contains("What changed from version 1 to version 2"))
            #expect(changed.contains("<del><span class=\"visually-hidden\">Removed: </span>team on 07700 900123 "))
            #expect(changed.contains("<ins><span class=\"visually-hidden\">Added: </span>hospice switchboard "))
            #expect(changed.contains("Screening found nothing to check."))
            #expect(changed.contains("removed a phone number"))
            #expect(approved.status == .seeOther)
            #expect(try server.database.requireExample(.id(Int64(submitted.id))).status == .published)
            let anonymousPage = String(buffer: try await client.execute(uri: "/examples/\(submitted.id)", method: .get).body)
            let anonymousJSON = String(buffer: try await client.execute(uri: "/api/v1/examples/\(submitted.id)", method: .get).body)
            let found = try Fixture.json(try await client.execute(uri: "/api/v1/examples?q=07700", method: .get))
            #expect(anonymousPage.contains("hospice switchboard") && !anonymousPage.contains("07700"))
            #expect(anonymousJSON.contains("hospice switchboard") && !anonymousJSON.contains("07700"))
            #expect(found["total"] as? Int == 0, "the redacted number is not in the search index either")
        }
    }

    @Test func theConfirmationOnThePageIsRecordedInTheHistory() async throws {
        let server = try TestServer()
        try await server.test { client in
            var draft = Fixture.submission(title: "Night sitters for families in a coastal town")
            draft["body"] = "Write to sam@example.org for the rota."
            let submitted = try await client.submit(draft)
            let session = try await Self.signIn(client, token: server.moderatorToken)
            let review = "/moderate/examples/\(submitted.id)"
            let approved = try await session.post(review + "/decision", [("action", "approve"), ("acknowledge", "yes")], from: review)
            #expect(approved.status == .seeOther)
            let events = try await server.database.history(.id(Int64(submitted.id)))
            #expect(events.map(\.action) == ["submit", "acknowledge-flags", "approve"])
            #expect(events[1].note?.contains("sam@example.org") == true)
        }
    }

    @Test func theSubmissionFormWarnsBeforeItAcceptsAnIdentifier() async throws {
        let server = try TestServer()
        try await server.test { client in
            let page = try await client.execute(uri: "/submit", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let fields =
                "csrf=\(try WebPageTests.csrf(page))&title=Night+sitters+at+home&summary=Ring+07700+900123+for+a+night+sitter."
                + "&foundations=24-7-access&organisation-name=Coastal+Hospice"
            let before = try server.database.allExamples().count
            let warned = try await client.execute(uri: "/submit", method: .post, headers: WebPageTests.form(cookie: cookie), body: ByteBuffer(string: fields))
            let html = String(buffer: warned.body)
            #expect(warned.status == .ok)
            #expect(html.contains("looks like a phone number; remove it, or confirm it is not about a patient"))
            #expect(html.contains("id=\"identifiers-checked\""))
            #expect(try server.database.allExamples().count == before, "nothing is stored before the submitter confirms")
            let sent = try await client.execute(
                uri: "/submit", method: .post, headers: WebPageTests.form(cookie: cookie),
                body: ByteBuffer(string: fields + "&identifiers-checked=yes"))
            #expect(sent.status == .seeOther)
            #expect(try server.database.allExamples().count == before + 1)
        }
    }

    @Test func theQueuePageHasSectionsPagingAndMarksOverdueReviews() async throws {
        let server = try TestServer()
        let due = (1...25).map { number in
            Example(
                title: "Overdue example \(number) of shared care", summary: "What a team tried and learnt locally, number \(number).",
                foundations: ["shared-records"], organisation: Organisation(name: "Trust", type: .acuteTrust),
                status: .published, publishedAt: "2020-01-01T00:00:00Z", reviewDue: "2021-01-01")
        }
        try server.database.importExamples(due)
        let total = try await server.database.moderationQueue(section: .reviewDue, limit: 1, offset: 0).total
        try await server.test { client in
            let session = try await Self.signIn(client, token: server.moderatorToken)
            let first = String(buffer: try await session.get("/moderate?section=review-due").body)
            let second = String(buffer: try await session.get("/moderate?section=review-due&offset=20").body)
            let bad = try await session.get("/moderate?section=old")
            #expect(first.contains("Review due <span class=\"count\">(\(total))</span></a>"))
            #expect(first.contains("aria-current=\"page\">Review due"))
            #expect(first.contains("Review overdue by") && first.contains("years"))
            #expect(first.contains("Page 1 of \((total + 19) / 20)"))
            #expect(first.contains("href=\"/moderate?section=review-due&amp;offset=20\""))
            #expect(second.contains("rel=\"prev\""))
            #expect(first.components(separatedBy: "class=\"card").count - 1 == 20)
            #expect(bad.status == .badRequest)
            let oldest = try await server.database.moderationQueue(section: .reviewDue, limit: 1, offset: 0).items[0].id
            let confirmed = try await session.post(
                "/moderate/examples/\(oldest)/confirm",
                [("from", "queue")], from: "/moderate?section=review-due")
            #expect(confirmed.status == .seeOther)
            #expect(try await server.database.moderationQueue(section: .reviewDue, limit: 1, offset: 0).total == total - 1)
        }
    }

    @Test func curationBySearchWithReorderEditPreviewAndTheSlugFromTheTitle() async throws {
        let server = try TestServer()
        try await server.test { client in
            let session = try await Self.signIn(client, token: server.moderatorToken)
            let created = try await session.post("/moderate/collections", [("title", "Care at night: a guide"), ("slug", "")], from: "/moderate/collections")
            #expect(created.headers[.location] == "/moderate/collections/care-at-night-a-guide")
            let page = "/moderate/collections/care-at-night-a-guide"
            let search = String(buffer: try await session.get(page + "?q=bereavement").body)
            let ids = search.matches(of: /name="example" value="(\d+)"><input type="hidden" name="q"/).map { String($0.1) }
            #expect(ids.count >= 2)
            for id in ids.prefix(2) { _ = try await session.post(page + "/add", [("example", id), ("q", "bereavement")], from: page) }
            let again = try await session.post(page + "/add", [("example", ids[0])], from: page)
            #expect(again.headers[.location]?.contains("already=\(ids[0])") == true)
            #expect(String(buffer: try await session.get(page + "?already=\(ids[0])").body).contains("is already in the collection"))
            #expect(String(buffer: try await session.get(page + "?q=bereavement").body).contains("Already in the collection"))
            _ = try await session.post(page + "/move", [("example", ids[0]), ("direction", "down")], from: page)
            #expect(try await server.database.requireCollection("care-at-night-a-guide").items.map { String($0.exampleID) } == [ids[1], ids[0]])
            _ = try await session.post(
                page + "/edit",
                [
                    ("title", "Care at night"), ("description", ""), ("introduction", ""),
                    ("contact", "Ask the night team at Coastal Hospice.")
                ], from: page)
            let untitled = try await session.post(page + "/edit", [("title", " "), ("description", ""), ("introduction", ""), ("contact", "")], from: page)
            #expect(untitled.status == .unprocessableContent)
            #expect(String(buffer: untitled.body).contains("href=\"#edit-title\""))
            #expect(!String(buffer: untitled.body).contains("id=\"example-error\""), "the error sits by the title, not the number field")
            let preview = try await session.get(page + "/preview")
            #expect(preview.status == .ok && preview.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(buffer: preview.body).contains("Ask the night team at Coastal Hospice."))
            let anonymous = try await client.execute(uri: page + "/preview", method: .get)
            #expect(anonymous.status == .seeOther)
            let example = String(buffer: try await session.get("/examples/\(ids[0])").body)
            #expect(example.contains("action=\"/moderate/collections/add-example\""))
            let added = try await session.post(
                "/moderate/collections/add-example", [("collection", "care-at-night-a-guide"), ("example", "1")],
                from: "/examples/1")
            #expect(added.status == .seeOther)
            let anonymousPage = String(buffer: try await client.execute(uri: "/examples/\(ids[0])", method: .get).body)
            #expect(!anonymousPage.contains("add-example"), "only a signed-in moderator sees Add to collection")
        }
    }
}
