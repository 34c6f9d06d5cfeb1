import CasebookKit
import CasebookServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The web pages through the real router: rendering, escaping, CSRF, sessions and security headers.
@Suite struct WebPageTests {
    @Test func publicPagesRenderAsHTMLWithTheSecurityHeaders() async throws {
        let server = try TestServer()
        try await server.test { client in
            for path in [
                "/", "/search?q=bereavment", "/examples/1", "/foundations", "/foundations/1", "/coverage", "/collections",
                "/submit", "/moderate/sign-in"
            ] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'none'") == true, "\(path)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path)")
            }
            let coverage = String(buffer: try await client.execute(uri: "/coverage", method: .get).body)
            #expect(coverage.contains("/search?q=&amp;foundation=personalised-care-planning&amp;ambition="))
            #expect(!coverage.contains(">0<span"), "an empty cell is not a link")
            let css = try await client.execute(uri: "/static/style.css", method: .get)
            #expect(css.headers[.cacheControl]?.contains("max-age=31536000") == true)
        }
    }

    /// The rows of every facts table in `html`, as "label: text" with the links taken out.
    static func factRows(_ html: String) -> [String] {
        html.matches(of: /<tr><th scope="row">([^<]+)<\/th><td>(.*?)<\/td><\/tr>/).map { match in
            String(match.1) + ": " + String(match.2).replacing(/<[^>]+>/, with: "")
        }
    }

    @Test func theExamplePageAndTheGuideShowAnExampleThroughOneArticle() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup: seed example 1 in a collection
            _ = try await server.database.createCollection(slug: "one", draft: CollectionDraft(title: "One"), actor: "curator")
            try await server.database.addToCollection("one", examples: [.id(1)], actor: "curator")
            // exercise
            let page = String(buffer: try await client.execute(uri: "/examples/1", method: .get).body)
            let output = try HTMLRenderer().render(try await server.database.exportDocument(slug: "one"))
            guard case .file(let data, _) = output else { return #expect(Bool(false), "the guide is one file") }
            let guide = String(decoding: data, as: UTF8.self)
            // validate: the same article markup, the same facts in the same words, linked where each surface links
            #expect(page.contains("<article class=\"example\" id=\"example-1\">") && guide.contains("<article class=\"example\" id=\"example-1\">"))
            let rows = Self.factRows(page)
            #expect(rows.count >= 4)
            #expect(rows == Self.factRows(guide))
            #expect(
                rows.contains { $0.hasPrefix("Published: ") && $0.range(of: #"^Published: \d{1,2} [A-Z][a-z]+ \d{4}$"#, options: .regularExpression) != nil })
            #expect(page.contains("<a href=\"/foundations/"), "the page links foundations to their pages")
            #expect(guide.contains("<a href=\"#foundation-"), "the guide links them to its chapters")
        }
    }

    @Test func pageErrorsAreHTMLAndAPIErrorsStayProblemJSON() async throws {
        let server = try TestServer()
        try await server.test { client in
            let page = try await client.execute(uri: "/examples/99999", method: .get)
            #expect(page.status == .notFound)
            #expect(String(buffer: page.body).contains("Page not found"))
            let unknown = try await client.execute(uri: "/no-such-page", method: .get)
            #expect(unknown.headers[.contentType] == "text/html; charset=utf-8")
            try expectProblem(try await client.execute(uri: "/api/v1/examples/99999", method: .get), .notFound)
        }
    }

    @Test func hostileTextIsEscapedAndOnlySafeMarkdownIsRaw() async throws {
        let server = try TestServer()
        try await server.test { client in
            var draft = Fixture.submission(title: "<script>alert('t')</script> title")
            draft["body"] = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) **bold**"
            let submitted = try await client.submit(draft)
            _ = try await server.database.decide(.id(Int64(submitted.id)), action: .approve, note: nil, actor: "mod")
            let html = String(buffer: try await client.execute(uri: "/examples/\(submitted.id)", method: .get).body)
            #expect(!html.contains("<script>alert"))
            #expect(html.contains("&lt;script&gt;alert"))
            #expect(!html.contains("<img"))
            #expect(!html.contains("href=\"javascript:"))
            #expect(html.contains("<strong>bold</strong>"))
        }
    }

    @Test func aPostWithoutTheFormTokenIsRefused() async throws {
        let server = try TestServer()
        try await server.test { client in
            let page = try await client.execute(uri: "/submit", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            for fields in ["title=Forged", "csrf=wrong&title=Forged"] {
                let response = try await client.execute(uri: "/submit", method: .post, headers: Self.form(cookie: cookie), body: ByteBuffer(string: fields))
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
            let noCookie = try await client.execute(
                uri: "/submit", method: .post, headers: Self.form(cookie: nil),
                body: ByteBuffer(string: "csrf=\(try Self.csrf(page))&title=Forged"))
            #expect(noCookie.status == .forbidden)
        }
    }

    @Test func formErrorsAreSummarisedNamedAndKeepTheInput() async throws {
        let server = try TestServer()
        try await server.test { client in
            let page = try await client.execute(uri: "/submit", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let body = "csrf=\(try Self.csrf(page))&title=Hi&summary=&contact-email=%3Cb%3Enope"
            let response = try await client.execute(uri: "/submit", method: .post, headers: Self.form(cookie: cookie), body: ByteBuffer(string: body))
            let html = String(buffer: response.body)
            #expect(response.status == .unprocessableContent)
            for anchor in ["#title", "#summary", "#foundations", "#organisation-name", "#contact-email"] {
                #expect(html.contains("href=\"\(anchor)\""), "\(anchor)")
            }
            #expect(html.contains("value=\"Hi\""))
            #expect(html.contains("value=\"&lt;b&gt;nope\""))
            #expect(html.contains("Enter a summary"))
            #expect(html.contains(" novalidate"))
        }
    }

    @Test func formErrorsAreInstructionsThatDoNotRepeatTheLabel() async throws {
        // setup
        let server = try TestServer()
        try await server.test { client in
            let page = try await client.execute(uri: "/submit", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let body =
                "csrf=\(try Self.csrf(page))&title=Hi&summary=Ten+or+more+characters&foundations=shared-records"
                + "&organisation-name=Hospice&started=13&started-year=2023&links=www.example.org&contact-email=nope"
            // exercise
            let response = try await client.execute(uri: "/submit", method: .post, headers: Self.form(cookie: cookie), body: ByteBuffer(string: body))
            // validate
            let html = String(buffer: response.body)
            let expected = [
                "title": "Enter a title in 3 to 200 characters (you entered 2)",
                "started": "Enter the month and year the work started, such as April 2023",
                "links": "Enter a web address starting http:// or https://, not ‘www.example.org’",
                "contact-email": "Enter an email address, such as name@example.org"
            ]
            for (field, message) in expected {
                #expect(html.contains("id=\"\(field)-error\"><span class=\"visually-hidden\">Error:</span> \(message)</p>"), "\(field)")
                #expect(html.contains("href=\"#\(field)\">\(message)</a>"), "\(field) in the summary")
            }
            #expect(html.contains("starting http:// or https://, one on each line"), "the hint says what is accepted")
            #expect(Self.repeatedIDs(html).isEmpty, "\(Self.repeatedIDs(html))")
        }
    }

    @Test func aMonthAndYearOrAYearAloneAreStoredAsTheFormatHoldsThem() async throws {
        let server = try TestServer()
        try await server.test { client in
            for (fields, stored) in [("&started=4&started-year=2023", "2023-04"), ("&started=&started-year=2021", "2021")] {
                let page = try await client.execute(uri: "/submit", method: .get)
                let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
                let body =
                    "csrf=\(try Self.csrf(page))&title=Night+sitting&summary=Ten+or+more+characters&foundations=shared-records"
                    + "&organisation-name=Hospice" + fields
                let response = try await client.execute(uri: "/submit", method: .post, headers: Self.form(cookie: cookie), body: ByteBuffer(string: body))
                #expect(response.status == .seeOther)
                let id = try #require(response.headers[.location]?.firstMatch(of: /submissions\/(\d+)\//).flatMap { Int64($0.1) })
                #expect(try await server.database.example(.id(id))?.example.started == stored)
            }
        }
    }

    @Test func thePreviewShowsTheExampleAsPublishedAndStoresNothingUntilSent() async throws {
        let server = try TestServer()
        try await server.test { client in
            let before = try await server.database.moderationQueue(all: true).count
            let page = try await client.execute(uri: "/submit", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let fields =
                "csrf=\(try Self.csrf(page))&title=Night+sitting&summary=Volunteers+sit+with+people+at+night&foundations=shared-records"
                + "&organisation-name=Hospice&sections-what-we-did=Trained+twelve+volunteers&sections-what-did-not-work=Rotas+at+first"
                + "&outcome-measures=ipos&outcome-measures=voices&work-status=stopped&licence=CC-BY-NC-4.0"
                + "&contact-name=Sam&contact-email=sam%40example.org"
            // exercise: the preview step
            let preview = try await client.execute(
                uri: "/submit", method: .post, headers: Self.form(cookie: cookie), body: ByteBuffer(string: fields + "&step=preview"))
            // validate: the article as published (no private contact), the form kept, nothing stored
            let html = String(buffer: preview.body)
            #expect(preview.status == .ok)
            #expect(html.contains("Check your example"))
            for words in [
                "What we did", "Trained twelve volunteers", "What did not work", ExampleFacts.stoppedNote,
                "Integrated Palliative care Outcome Scale (IPOS)", "Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"
            ] {
                #expect(html.contains(words), "\(words)")
            }
            let article = try #require(html.components(separatedBy: "preview-frame").dropFirst().first?.components(separatedBy: "</article>").first)
            #expect(!article.contains("sam@example.org"), "a private contact is not in the preview")
            #expect(html.contains(">Trained twelve volunteers</textarea>"), "the form keeps what was typed")
            #expect(Self.repeatedIDs(html).isEmpty, "\(Self.repeatedIDs(html))")
            #expect(try await server.database.moderationQueue(all: true).count == before)
            // exercise: send
            let sent = try await client.execute(
                uri: "/submit", method: .post, headers: Self.form(cookie: cookie), body: ByteBuffer(string: fields + "&step=send"))
            #expect(sent.status == .seeOther)
            let id = try #require(sent.headers[.location]?.firstMatch(of: /submissions\/(\d+)\//).flatMap { Int64($0.1) })
            let example = try #require(try await server.database.example(.id(id))?.example)
            #expect(example.sections[.whatWeDid] == "Trained twelve volunteers")
            #expect(example.sections[.whatDidNotWork] == "Rotas at first")
            #expect(example.body.isEmpty)
            #expect(example.outcomeMeasures == [.ipos, .voices])
            #expect((example.workStatus, example.licence) == (.stopped, .ccByNC))
        }
    }

    @Test func noPageUsesAnIDTwice() async throws {
        let server = try TestServer()
        try await server.test { client in
            let moderator = try await Self.signIn(client, token: server.moderatorToken)
            let pages: [(String, HTTPFields)] = [
                ("/", [:]), ("/search?q=care", [:]), ("/submit", [:]), ("/examples/1", [:]), ("/foundations", [:]),
                ("/foundations/shared-records", [:]), ("/coverage", [:]), ("/collections", [:]), ("/moderate/sign-in", [:]),
                ("/moderate", [.cookie: moderator]), ("/moderate/examples/1", [.cookie: moderator]),
                ("/moderate/collections", [.cookie: moderator])
            ]
            for (path, headers) in pages {
                let response = try await client.execute(uri: path, method: .get, headers: headers)
                #expect(response.status == .ok, "\(path)")
                #expect(Self.repeatedIDs(String(buffer: response.body)).isEmpty, "\(path): \(Self.repeatedIDs(String(buffer: response.body)))")
            }
        }
    }

    /// The ids an HTML page gives to more than one element.
    static func repeatedIDs(_ html: String) -> [String] {
        let ids = html.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
        return Dictionary(grouping: ids) { $0 }.filter { $0.value.count > 1 }.keys.sorted()
    }

    /// Signs a moderator in through the sign-in form; returns the cookies to send.
    static func signIn(_ client: any TestClientProtocol, token: String) async throws -> String {
        let page = try await client.execute(uri: "/moderate/sign-in", method: .get)
        let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let signIn = try await client.execute(
            uri: "/moderate/sign-in", method: .post, headers: Self.form(cookie: cookie),
            body: ByteBuffer(string: "csrf=\(try Self.csrf(page))&token=\(token)"))
        #expect(signIn.status == .seeOther)
        let session = signIn.headers[values: .setCookie].map { String($0.split(separator: ";")[0]) }
        return ([cookie] + session).joined(separator: "; ")
    }

    @Test func moderatorPagesNeedASessionAndSignInSetsALaxHttpOnlyCookie() async throws {
        let server = try TestServer()
        try await server.test { client in
            for path in ["/moderate", "/moderate/examples/1", "/moderate/collections"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location] == "/moderate/sign-in", "\(path)")
            }
            let page = try await client.execute(uri: "/moderate/sign-in", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let signIn = try await client.execute(
                uri: "/moderate/sign-in", method: .post, headers: Self.form(cookie: cookie, proto: "https"),
                body: ByteBuffer(string: "csrf=\(try Self.csrf(page))&token=\(server.moderatorToken)"))
            #expect(signIn.status == .seeOther)
            let session = try #require(signIn.headers[values: .setCookie].first { $0.hasPrefix("casebook_session=") })
            for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] { #expect(session.contains(flag), "\(flag)") }
            #expect(!session.contains("Secure"), "Secure only with --secure-cookies")
            let both = cookie + "; " + String(session.split(separator: ";")[0])
            let queue = try await client.execute(uri: "/moderate", method: .get, headers: [.cookie: both])
            #expect(queue.status == .ok)
            #expect(String(buffer: queue.body).contains("Moderation queue"))
            // The session's account is read by name on every request: once revoked, the session no longer signs in.
            try server.database.revokeAccount(name: "mod")
            let revoked = try await client.execute(uri: "/moderate", method: .get, headers: [.cookie: both])
            #expect(revoked.status == .seeOther)
            #expect(revoked.headers[.location] == "/moderate/sign-in")
        }
    }

    @Test func secureCookiesAreSecureAndSignOutEndsTheSessionInTheStore() async throws {
        // setup
        var configured = try TestServer()
        configured.secureCookies = true
        let server = configured
        try await server.test { client in
            let cookies = try await Self.signIn(client, token: server.moderatorToken)
            let queue = try await client.execute(uri: "/moderate", method: .get, headers: [.cookie: cookies])
            #expect(queue.status == .ok)
            // validate: with --secure-cookies the form cookie and the session cookie are both Secure
            let page = try await client.execute(uri: "/moderate/sign-in", method: .get)
            #expect(page.headers[.setCookie]?.contains("Secure") == true)
            // a session is no credential for the API, which reads bearer tokens only
            let api = try await client.execute(uri: "/api/v1/moderation/queue", method: .get, headers: [.cookie: cookies])
            try expectProblem(api, .unauthorized)
            // exercise: sign out, then send the old session cookie again
            let csrf = try Self.csrf(queue)
            let out = try await client.execute(
                uri: "/moderate/sign-out", method: .post, headers: Self.form(cookie: cookies),
                body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(out.status == .seeOther)
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix("casebook_session=") })
            let again = try await client.execute(uri: "/moderate", method: .get, headers: [.cookie: cookies])
            #expect(again.status == .seeOther && again.headers[.location] == "/moderate/sign-in")
        }
    }

    @Test func theSubmittersPrivateLinkShowsOnlyWithTheRightToken() async throws {
        let server = try TestServer()
        try await server.test { client in
            let submitted = try await client.submit()
            let own = try await client.execute(uri: "/submissions/\(submitted.id)/\(submitted.token)", method: .get)
            #expect(own.status == .ok)
            #expect(String(buffer: own.body).contains("Submitted"))
            let wrong = try await client.execute(uri: "/submissions/\(submitted.id)/not-the-token", method: .get)
            #expect(wrong.status == .notFound)
        }
    }

    static func form(cookie: String?, proto: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        if let proto { headers[HTTPField.Name("X-Forwarded-Proto")!] = proto }
        return headers
    }

    static func csrf(_ page: TestResponse) throws -> String {
        let html = String(buffer: page.body)
        let match = try #require(html.firstMatch(of: /name="csrf" value="([^"]+)"/))
        return String(match.1)
    }
}
