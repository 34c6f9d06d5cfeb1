import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Local guides through the API (contract section 6): two links, validation, editions, compare, gaps and exports.
@Suite("Guide routes")
struct GuideRouteTests {
    static func guide(title: String = "North Moorland partnership", examples: [[String: Any]] = []) -> [String: Any] {
        [
            "title": title, "area": "North Moorland ICB", "region": "north-west",
            "contact": ["name": "A. Person", "role": "EoLC lead", "email": "a@example.org"],
            "foundations": [
                [
                    "foundation": "shared-records", "rating": "developing", "answers": ["We share care plans by fax."],
                    "notes": "Start with the ambulance trust.",
                    "actions": [["what": "Agree a shared ReSPECT process", "owner": "J. Smith", "due": "2027-03", "done": false]],
                    "examples": examples
                ] as [String: Any]
            ]
        ]
    }

    struct Created {
        var id: Int
        var edit: String
        var share: String
    }

    func create(_ client: some TestClientProtocol, _ body: [String: Any] = Self.guide()) async throws -> Created {
        let response = try await client.execute(uri: "/api/v1/guides", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(body))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let keys = try Fixture.json(response)
        return Created(
            id: try #require(keys["id"] as? Int), edit: try #require(keys["edit_token"] as? String), share: try #require(keys["share_token"] as? String))
    }

    func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String?, body: [String: Any]? = nil
    ) async throws -> TestResponse {
        try await client.execute(uri: path, method: method, headers: .bearer(token, json: body != nil), body: body.map(Fixture.body))
    }

    @Test func onlyTheGuidesOwnTokensOpenItAndOnlyTheEditTokenChangesIt() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let guide = try await create(client)
            let other = try await create(client, Self.guide(title: "Coastal partnership"))
            let path = "/api/v1/guides/\(guide.id)"
            // exercise
            let anonymous = try await call(client, .get, path, token: nil)
            let unknown = try await call(client, .get, path, token: "not-a-token-anyone-holds")
            let othersToken = try await call(client, .get, path, token: other.edit)
            let moderator = try await call(client, .get, path, token: server.moderatorToken)
            let shared = try await call(client, .get, path, token: guide.share)
            let edited = try await call(client, .get, path, token: guide.edit)
            let writes: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.put, path, Self.guide(title: "Changed by the share link")), (.delete, path, nil), (.post, path + "/editions", nil),
                (.post, path + "/share-token", nil)
            ]
            var shareWrites: [TestResponse] = []
            var anonymousWrites: [TestResponse] = []
            for (method, uri, body) in writes {
                shareWrites.append(try await call(client, method, uri, token: guide.share, body: body))
                anonymousWrites.append(try await call(client, method, uri, token: nil, body: body))
            }
            let reads = ["/editions", "/gaps", "/export?format=markdown"]
            var otherReads: [TestResponse] = []
            for read in reads { otherReads.append(try await call(client, .get, path + read, token: other.share)) }
            let listing = try await call(client, .get, "/api/v1/guides", token: guide.edit)
            let renewed = try await call(client, .post, path + "/share-token", token: guide.edit)
            let oldShare = try await call(client, .get, path, token: guide.share)
            let renewedToken = try #require(try Fixture.json(renewed)["share_token"] as? String)
            let newShare = try await call(client, .get, path, token: renewedToken)
            let byUID = try await call(client, .get, "/api/v1/guides/\(try #require(try Fixture.json(edited)["uid"] as? String))", token: renewedToken)
            // validate
            try expectProblem(anonymous, .unauthorized)
            try expectProblem(unknown, .unauthorized)
            try expectProblem(othersToken, .forbidden)
            try expectProblem(moderator, .forbidden)
            #expect(shared.status == .ok && edited.status == .ok)
            #expect(edited.headers[.init("X-Robots-Tag")!] == "noindex, nofollow" && edited.headers[.cacheControl] == "private, no-store")
            let document = try Fixture.json(shared)
            #expect(document["title"] as? String == "North Moorland partnership")
            let foundations = try #require(document["foundations"] as? [[String: Any]])
            #expect(foundations.count == 10, "every foundation is shown, rated or not")
            let records = try #require(foundations.first { $0["foundation"] as? String == "shared-records" })
            #expect(records["rating"] as? String == "developing" && (records["prompts"] as? [String])?.count == 4 && records["what"] is String)
            for response in shareWrites { try expectProblem(response, .forbidden) }
            for response in anonymousWrites { try expectProblem(response, .unauthorized) }
            for response in otherReads { try expectProblem(response, .forbidden) }
            try expectProblem(listing, .methodNotAllowed)
            #expect(renewed.status == .ok)
            try expectProblem(oldShare, .unauthorized)
            #expect(newShare.status == .ok && byUID.status == .ok)
            let stored = try #require(try await server.database.guide(String(guide.id)))
            #expect(stored.content.title == "North Moorland partnership", "no write with the share token went through")
        }
    }

    @Test func aBadGuideIsRefusedNamingEveryFieldAndNothingIsStored() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let submitted = try await client.submit()
            var bad = Self.guide(examples: [["example": String(submitted.id), "note": "unpublished"]])
            bad["title"] = "x"
            bad["colour"] = "blue"
            var foundations = try #require(bad["foundations"] as? [[String: Any]])
            foundations[0]["rating"] = "superb"
            foundations.append(["foundation": "shared-records"])
            bad["foundations"] = foundations
            let unpublished = Self.guide(examples: [["example": String(submitted.id)]])
            // exercise
            let refused = try await call(client, .post, "/api/v1/guides", token: nil, body: bad)
            let refusedExample = try await call(client, .post, "/api/v1/guides", token: nil, body: unpublished)
            let malformed = try await client.execute(
                uri: "/api/v1/guides", method: .post, headers: .bearer(nil, json: true), body: ByteBuffer(string: "[1, 2"))
            let wrongType = try await client.execute(uri: "/api/v1/guides", method: .post, headers: [:], body: ByteBuffer(string: "title=x"))
            let guide = try await create(client)
            let badUpdate = try await call(client, .put, "/api/v1/guides/\(guide.id)", token: guide.edit, body: ["title": "  "])
            let badEdition = try await call(client, .get, "/api/v1/guides/\(guide.id)?edition=7", token: guide.edit)
            let badFormat = try await call(client, .get, "/api/v1/guides/\(guide.id)/export?format=pdf", token: guide.edit)
            let noEditions = try await call(client, .get, "/api/v1/guides/\(guide.id)/compare", token: guide.edit)
            // validate
            let problem = try expectProblem(refused, .unprocessableContent)
            #expect(
                Set(fieldNames(problem)).isSuperset(of: ["title", "colour", "foundations[0].rating", "foundations[1].foundation"]), "\(fieldNames(problem))")
            let examplesProblem = try expectProblem(refusedExample, .unprocessableContent)
            #expect(fieldNames(examplesProblem) == ["foundations[0].examples[0].example"])
            try expectProblem(malformed, .badRequest)
            try expectProblem(wrongType, .unsupportedMediaType)
            #expect(fieldNames(try expectProblem(badUpdate, .unprocessableContent)) == ["title"])
            try expectProblem(badEdition, .notFound)
            #expect(fieldNames(try expectProblem(badFormat, .badRequest)) == ["format"])
            try expectProblem(noEditions, .conflict)
            #expect(try await server.database.guides().count == 1, "only the good guide was stored")
        }
    }

    @Test func editionsStayAsSavedAndCompareGapsAndExportsAnswer() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let published = try #require(try await server.database.search(SearchQuery(text: "", limit: 3), timeLimit: nil).results)
            let chosen = try #require(published.first)
            let guide = try await create(client, Self.guide(examples: [["example": chosen.uid, "note": "We would use our own EPaCCS."]]))
            let path = "/api/v1/guides/\(guide.id)"
            // exercise
            let first = try await call(client, .post, path + "/editions", token: guide.edit, body: ["label": "November meeting"])
            var changed = Self.guide()
            var entries = try #require(changed["foundations"] as? [[String: Any]])
            entries[0]["rating"] = 3
            entries[0]["actions"] = [["what": "Agree a shared ReSPECT process", "done": true], ["what": "Ask the GP federation", "done": false]]
            entries.append(["foundation": "leadership", "rating": "emerging"])
            changed["foundations"] = entries
            let updated = try await call(client, .put, path, token: guide.edit, body: changed)
            let toCurrent = try await call(client, .get, path + "/compare?to=current", token: guide.share)
            let second = try await call(client, .post, path + "/editions", token: guide.edit)
            let savedFirst = try await call(client, .get, path + "?edition=1", token: guide.share)
            let editions = try await call(client, .get, path + "/editions", token: guide.share)
            let compared = try await call(client, .get, path + "/compare?from=1&to=2", token: guide.share)
            let gaps = try await call(client, .get, path + "/gaps", token: guide.share)
            var exports: [String: TestResponse] = [:]
            for format in ["html", "markdown", "json", "docx"] {
                exports[format] = try await call(client, .get, path + "/export?format=\(format)&edition=1&all_foundations=true", token: guide.share)
            }
            let roundTrip = try await client.execute(
                uri: "/api/v1/guides", method: .post, headers: .bearer(nil, json: true), body: try #require(exports["json"]).body)
            // validate
            let (firstNumber, secondNumber) = (try Fixture.json(first)["number"] as? Int, try Fixture.json(second)["number"] as? Int)
            #expect(first.status == .created && firstNumber == 1)
            #expect(updated.status == .ok)
            #expect(second.status == .created && secondNumber == 2)
            let old = try Fixture.json(savedFirst)
            let oldRecords = try #require((old["foundations"] as? [[String: Any]])?.first { $0["foundation"] as? String == "shared-records" })
            #expect(oldRecords["rating"] as? String == "developing", "edition 1 keeps what it held")
            #expect((oldRecords["examples"] as? [[String: Any]])?.first?["title"] as? String == chosen.title)
            #expect((old["edition"] as? [String: Any])?["label"] as? String == "November meeting")
            #expect((try Fixture.json(editions)["editions"] as? [[String: Any]])?.map { $0["number"] as? Int } == [1, 2])
            #expect(try Fixture.json(toCurrent)["to"] as? String == "current")
            let changes = try #require(try Fixture.json(compared)["foundations"] as? [[String: Any]])
            let records = try #require(changes.first { $0["foundation"] as? String == "shared-records" })
            #expect(records["rating_from"] as? String == "developing" && records["rating_to"] as? String == "established")
            #expect(records["actions_done"] as? [String] == ["Agree a shared ReSPECT process"])
            #expect(records["actions_added"] as? [String] == ["Ask the GP federation"])
            #expect(records["examples_removed"] as? [String] == [chosen.uid])
            #expect(changes.contains { $0["foundation"] as? String == "leadership" && $0["rating_to"] as? String == "emerging" })
            let gapList = try #require(try Fixture.json(gaps)["gaps"] as? [[String: Any]])
            #expect(gapList.count == 10 && gapList.suffix(2).map { $0["foundation"] as? String } == ["leadership", "shared-records"])
            let html = String(buffer: try #require(exports["html"]).body)
            #expect(exports["html"]?.headers[.contentType] == "text/html; charset=utf-8")
            #expect(html.contains("We share care plans by fax.") && html.contains("What we would adapt: We would use our own EPaCCS."))
            #expect(html.contains("Your local contact is:") && html.contains("CC BY 4.0") && html.contains("Edition 1 (November meeting)"))
            #expect(html.components(separatedBy: "class=\"foundation\"").count - 1 == 10, "all ten foundations, as the printed guide")
            #expect(!html.contains("src=") && !html.contains("<script") && !html.contains("<link"), "a self-contained file")
            #expect(String(buffer: try #require(exports["markdown"]).body).contains("## Your local contact is:"))
            let docx = Array(try #require(exports["docx"]).body.readableBytesView)
            #expect(docx.prefix(2) == [0x50, 0x4B] && exports["docx"]?.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(roundTrip.status == .created, "the JSON export is a guide document again")
            let copyID = try #require(try Fixture.json(roundTrip)["id"] as? Int)
            let copy = try #require(try await server.database.guide(String(copyID)))
            let original = try #require(try await server.database.guideEdition(Int64(guide.id), number: 1))
            #expect(copy.content == original.content)
        }
    }

    @Test func aWithdrawnExampleDropsOutWithANoteAndNothingOfAGuideReachesAPublicRoute() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let hits = try await server.database.search(SearchQuery(text: "", limit: 2), timeLimit: nil).results
            let (kept, withdrawn) = (try #require(hits.first), try #require(hits.last))
            let secret = "Zanzibarish partnership"
            let guide = try await create(
                client, Self.guide(title: secret, examples: [["example": kept.uid, "note": "Quillmoor note"], ["example": withdrawn.uid]]))
            _ = try await server.database.decide(.id(withdrawn.id), action: .withdraw, note: "ended", actor: "mod")
            // exercise
            let shown = try Fixture.json(try await call(client, .get, "/api/v1/guides/\(guide.id)", token: guide.share))
            let markdown = String(buffer: try await call(client, .get, "/api/v1/guides/\(guide.id)/export?format=markdown", token: guide.share).body)
            // A choice withdrawn since never stops the team saving the rest of its guide.
            let resaved = try await server.database.changeGuide(Int64(guide.id)) { $0.introduction = "Saved after the withdrawal." }
            var publicBodies: [String: String] = [:]
            for uri in [
                "/api/v1/examples?q=Zanzibarish", "/api/v1/examples?q=Quillmoor", "/search?q=Zanzibarish", "/search?q=Quillmoor", "/feed.atom",
                "/api/v1/collections", "/collections", "/", "/api/v1/stats/coverage", "/api/v1/examples/\(kept.id)", "/examples/\(kept.id)",
                "/robots.txt", "/sitemap.xml"
            ] {
                publicBodies[uri] = String(buffer: try await client.execute(uri: uri, method: .get).body)
            }
            // validate
            let records = try #require((shown["foundations"] as? [[String: Any]])?.first { $0["foundation"] as? String == "shared-records" })
            #expect((records["examples"] as? [[String: Any]])?.map { $0["example"] as? String } == [kept.uid])
            #expect(records["withdrawn"] as? Int == 1)
            #expect(markdown.contains("no longer published"))
            #expect(resaved.content.introduction == "Saved after the withdrawal.")
            #expect(try await server.database.guideView(resaved).withdrawn == 1, "still counted as withdrawn")
            for (uri, body) in publicBodies {
                // A search page repeats its own query in the search box; nothing else of the guide may appear.
                let words = ["Zanzibarish", "Quillmoor"].filter { !uri.contains($0) }
                #expect(words.allSatisfy { !body.contains($0) }, "\(uri) shows nothing of the guide")
                if uri.hasPrefix("/api/v1/examples?") { #expect(body.contains("\"total\":0"), "\(uri) finds nothing") }
            }
            #expect(publicBodies["/robots.txt"]?.contains("Disallow: /guides/") == true)
            let sitemap = try #require(publicBodies["/sitemap.xml"])
            #expect(sitemap.contains("/examples/\(kept.id)</loc>") && !sitemap.contains("/examples/\(withdrawn.id)</loc>"), "published examples only")
            #expect(!sitemap.contains("/guides/"))
        }
    }

    @Test func makingGuidesIsRateLimitedPerClientOverTheAPIAndThePages() async throws {
        // One a minute: the same per-client allowance as submissions, shared by the API and the form.
        try await TestServer(limits: ServerLimits(submissionsPerMinute: 1)).test { client in
            // exercise
            let first = try await call(client, .post, "/api/v1/guides", token: nil, body: Self.guide())
            let second = try await call(client, .post, "/api/v1/guides", token: nil, body: Self.guide())
            let page = try await client.execute(
                uri: "/guides/new", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "title=Another"))
            // validate
            #expect(first.status == .created)
            try expectProblem(second, .tooManyRequests)
            #expect(second.headers[.retryAfter] != nil)
            #expect(page.status == .tooManyRequests)
        }
    }
}
