import CasebookKit
@testable import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The local guide's pages through the real router: private links, cookies, forms that keep what was typed.
@Suite("Guide pages")
struct GuidePageTests {
    typealias Pages = WebPageTests

    /// Makes a guide through the form; returns the form cookie and the edit and share paths.
    func make(
        _ client: some TestClientProtocol, title: String = "Fellmoor+partnership"
    ) async throws -> (cookie: String, edit: String, share: String, page: TestResponse) {
        let form = try await client.execute(uri: "/guides/new", method: .get)
        let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let made = try await client.execute(
            uri: "/guides/new", method: .post, headers: Pages.form(cookie: cookie),
            body: ByteBuffer(string: "csrf=\(try Pages.csrf(form))&title=\(title)&area=Fellmoor+ICB&region=north-west&organisation-types=hospice"))
        let html = String(buffer: made.body)
        let edit = try #require(html.firstMatch(of: /id="edit-link">https?:\/\/[^\/]+(\/guides\/edit\/[A-Za-z0-9_-]+)</)).1
        let share = try #require(html.firstMatch(of: /id="share-link">https?:\/\/[^\/]+(\/guides\/view\/[A-Za-z0-9_-]+)</)).1
        return (cookie, String(edit), String(share), made)
    }

    @Test func aGuideMadeOnThePageIsReachedOnlyByItsLinksAndEveryPageIsNoindex() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let (_, edit, share, made) = try await make(client)
            // exercise
            var editPages: [String: TestResponse] = [:]
            for suffix in ["", "/details", "/foundations/shared-records", "/foundations/3", "/gaps", "/editions", "/delete", "/export?format=markdown"] {
                editPages[suffix] = try await client.execute(uri: edit + suffix, method: .get)
            }
            let read = try await client.execute(uri: share, method: .get)
            let shareOnEdit = try await client.execute(uri: share.replacingOccurrences(of: "/view/", with: "/edit/"), method: .get)
            let wrong = try await client.execute(uri: "/guides/edit/not-a-token-anyone-holds", method: .get)
            let badFoundation = try await client.execute(uri: edit + "/foundations/nowhere", method: .get)
            let listing = try await client.execute(uri: "/guides", method: .get)
            // validate
            #expect(made.status == .created)
            let cookie = try #require(made.headers[values: .setCookie].first { $0.hasPrefix("casebook_guide=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/guides"), "\(cookie)")
            for (suffix, response) in editPages {
                #expect(response.status == .ok, "\(suffix)")
                #expect(response.headers[.xRobotsTag] == "noindex, nofollow", "\(suffix)")
                #expect(response.headers[.referrerPolicy] == "no-referrer", "\(suffix)")
            }
            #expect(String(buffer: try #require(editPages["/foundations/3"]).body).contains("Evidence and information"), "a foundation by its number")
            #expect(read.status == .ok && String(buffer: read.body).contains("Fellmoor partnership"))
            #expect(!String(buffer: read.body).contains("<textarea"), "the share link reads only")
            #expect(shareOnEdit.status == .notFound, "the share token opens no edit page")
            #expect(wrong.status == .notFound && badFoundation.status == .notFound)
            #expect(listing.status == .notFound, "there is no listing of guides")
            #expect(loggablePath(edit + "/foundations/shared-records") == "/guides/edit/…")
            #expect(loggablePath(share) == "/guides/view/…")
        }
    }

    @Test func aFoundationSavedWithAMistakeKeepsEveryFieldAndSavesWhenFixed() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let (cookie, edit, _, _) = try await make(client)
            let page = try await client.execute(uri: edit + "/foundations/24-7-access", method: .get, headers: [.cookie: cookie])
            let csrf = try Pages.csrf(page)
            let fields =
                "csrf=\(csrf)&action-rows=3&example-rows=0&rating=developing&answer-0=Our+rota+%3Cb%3Eanswer%3C%2Fb%3E&answer-3=Last+one"
                + "&notes=Kept+notes&action-0-what=Publish+the+rota&action-0-due=March&action-1-what=&action-2-what=Ask+the+GPs"
            // exercise
            let refused = try await client.execute(
                uri: edit + "/foundations/24-7-access", method: .post, headers: Pages.form(cookie: cookie), body: ByteBuffer(string: fields))
            let forged = try await client.execute(
                uri: edit + "/foundations/24-7-access", method: .post, headers: Pages.form(cookie: cookie),
                body: ByteBuffer(string: "csrf=wrong&rating=embedded"))
            let fixed = try await client.execute(
                uri: edit + "/foundations/24-7-access", method: .post, headers: Pages.form(cookie: cookie),
                body: ByteBuffer(string: fields.replacingOccurrences(of: "March", with: "2027-03") + "&then=next"))
            let stored = try #require(try await server.database.guides().first)
            let guide = try #require(try await server.database.guide(String(stored.id)))
            // validate
            let html = String(buffer: refused.body)
            #expect(refused.status == .unprocessableContent)
            #expect(html.contains("href=\"#action-0-due\"") && html.contains("a month it is due"), "the bad field is named")
            #expect(html.contains("Our rota &lt;b&gt;answer&lt;/b&gt;</textarea>") && html.contains(">Last one</textarea>"))
            #expect(html.contains(">Kept notes</textarea>") && html.contains("value=\"Publish the rota\"") && html.contains("value=\"Ask the GPs\""))
            #expect(html.contains("id=\"rating-developing\" name=\"rating\" type=\"radio\" value=\"developing\" checked"))
            #expect(forged.status == .forbidden)
            #expect(fixed.status == .seeOther && fixed.headers[.location] == edit + "/foundations/co-design", "then the next foundation")
            let entry = guide.content.entry("24-7-access")
            #expect(entry.rating == .developing && entry.answers == ["Our rota <b>answer</b>", "", "", "Last one"])
            #expect(entry.actions.map(\.what) == ["Publish the rota", "Ask the GPs"] && entry.actions.first?.due == "2027-03")
        }
    }

    @Test func addToMyGuideUsesTheBrowsersGuideAndAskAnyoneElseToMakeOne() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let (cookie, edit, _, made) = try await make(client)
            let guideCookie = try #require(made.headers[values: .setCookie].first { $0.hasPrefix("casebook_guide=") }?.split(separator: ";").first)
            let both = "\(cookie); \(guideCookie)"
            let submitted = try await client.submit()
            // exercise
            let stranger = try await client.execute(uri: "/guides/add?example=1", method: .get)
            let form = try await client.execute(uri: "/guides/add?example=1&foundation=leadership", method: .get, headers: [.cookie: both])
            let unpublished = try await client.execute(uri: "/guides/add?example=\(submitted.id)", method: .get, headers: [.cookie: both])
            let added = try await client.execute(
                uri: "/guides/add", method: .post, headers: Pages.form(cookie: both),
                body: ByteBuffer(string: "csrf=\(try Pages.csrf(form))&example=1&foundation=leadership&note=We+would+start+small"))
            let twice = try await client.execute(
                uri: "/guides/add", method: .post, headers: Pages.form(cookie: both),
                body: ByteBuffer(string: "csrf=\(try Pages.csrf(form))&example=1&foundation=leadership&note=Again"))
            let results = String(buffer: try await client.execute(uri: "/search?q=care", method: .get).body)
            let examplePage = String(buffer: try await client.execute(uri: "/examples/1", method: .get).body)
            let listed = try #require(try await server.database.guides().first)
            let stored = try #require(try await server.database.guide(String(listed.id)))
            // validate
            #expect(String(buffer: stranger.body).contains("make a local guide"))
            #expect(String(buffer: form.body).contains("<option value=\"leadership\" selected>"))
            #expect(unpublished.status == .notFound)
            #expect(added.status == .seeOther && added.headers[.location] == edit + "/foundations/leadership?added=1")
            #expect(twice.status == .unprocessableContent && String(buffer: twice.body).contains("already in your guide"))
            let uid = try #require(try await server.database.example(.id(1))?.example.uid)
            #expect(stored.content.entry("leadership").examples == [GuideExampleChoice(example: uid, note: "We would start small")])
            #expect(results.contains("href=\"/guides/add?example=") && examplePage.contains("href=\"/guides/add?example=1\""))
        }
    }

    @Test func editionsChartCompareShareRenewalAndDelete() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let (cookie, edit, share, _) = try await make(client)
            let editions = try await client.execute(uri: edit + "/editions", method: .get, headers: [.cookie: cookie])
            let csrf = try Pages.csrf(editions)
            // exercise
            let saved = try await client.execute(
                uri: edit + "/editions", method: .post, headers: Pages.form(cookie: cookie), body: ByteBuffer(string: "csrf=\(csrf)&label=November"))
            let after = String(buffer: try await client.execute(uri: edit + "/editions?saved=1", method: .get).body)
            let compared = try await client.execute(uri: edit + "/compare?from=1&to=current", method: .get)
            let renewed = try await client.execute(
                uri: edit + "/share", method: .post, headers: Pages.form(cookie: cookie), body: ByteBuffer(string: "csrf=\(csrf)"))
            let oldShare = try await client.execute(uri: share, method: .get)
            let deleted = try await client.execute(
                uri: edit + "/delete", method: .post, headers: Pages.form(cookie: cookie), body: ByteBuffer(string: "csrf=\(csrf)"))
            let gone = try await client.execute(uri: edit, method: .get)
            // validate
            #expect(saved.status == .seeOther)
            #expect(after.contains("Edition 1 is saved") && after.contains("<svg") && after.contains("November") && !after.contains("<style"))
            #expect(compared.status == .ok && String(buffer: compared.body).contains("Edition 1 compared with now"))
            #expect(renewed.status == .ok && String(buffer: renewed.body).contains("id=\"share-link\""))
            #expect(oldShare.status == .notFound, "the old read-only link stops working")
            #expect(deleted.status == .ok && (deleted.headers[values: .setCookie].first { $0.hasPrefix("casebook_guide=") }?.contains("Max-Age=0") ?? false))
            #expect(gone.status == .notFound)
            #expect(try await server.database.guides().isEmpty)
        }
    }
}
