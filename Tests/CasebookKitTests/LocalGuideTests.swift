import Foundation
import GRDB
import Testing
@testable import CasebookKit

@Suite("Local guides")
struct LocalGuideTests {
    func library() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.importExamples([
            .mock(uid: GuideFixture.uids[0], title: "Night sitting service", foundations: ["24-7-access"], publishedAt: "2024-01-01T09:00:00Z"),
            .mock(uid: GuideFixture.uids[1], title: "Shared record pilot", foundations: ["shared-records"], publishedAt: "2024-01-02T09:00:00Z"),
            .mock(uid: GuideFixture.uids[2], title: "A waiting submission", status: .submitted)
        ])
        return database
    }

    func read(_ object: [String: Any]) throws -> GuideContent {
        try GuideReader(reference: .shipped()).read(try jsonData(object))
    }

    func fieldErrors(_ body: () async throws -> Void) async -> [String] {
        do { try await body() } catch let invalid as InvalidInput { return invalid.errors.map(\.field) } catch { return ["unexpected \(error)"] }
        return []
    }

    let document: [String: Any] = [
        "title": "North Moorland partnership: where we are",
        "area": "North Moorland ICB",
        "meeting_date": "2026-11-30",
        "contact": ["name": "A. Person", "role": "EoLC lead", "email": "a@example.org"],
        "foundations": [
            [
                "foundation": "shared-records", "rating": "developing",
                "answers": ["We share care plans by fax.", ""], "notes": "Start with the ambulance trust.",
                "actions": [["what": "Agree a shared ReSPECT process", "owner": "J. Smith", "due": "2027-03", "done": false]],
                "examples": [["example": "2", "note": "We would use our own EPaCCS."]]
            ],
            ["foundation": 6, "rating": 1]
        ]
    ]

    @Test func aGuideIsStoredWithHashedTokensAndShownWithEveryFoundation() async throws {
        // setup
        let database = try library()
        // exercise
        let created = try await database.createGuide(try read(document))
        let stored = try #require(try await database.guide(String(created.id)))
        let view = try await database.guideView(stored)
        // validate
        #expect(view.foundations.count == 10, "every foundation is shown, the unlisted ones unrated")
        let records = try #require(view.foundations.first { $0.foundation.key == "shared-records" })
        #expect(records.entry.rating == .developing)
        #expect(records.examples.map(\.title) == ["Shared record pilot"], "an example named by id is kept by uid and shown with its title")
        #expect(stored.content.foundations.first?.examples.first?.example == GuideFixture.uids[1])
        #expect(view.foundations.first { $0.foundation.key == "24-7-access" }?.entry.rating == .emerging, "a number is a rating")
        let hashes = try database.writer.read { db in try Row.fetchOne(db, sql: "SELECT edit_token_hash, share_token_hash FROM guide")! }
        #expect(hashes["edit_token_hash"] == Token.hash(created.editToken))
        #expect((hashes["share_token_hash"] as String) != created.shareToken, "only hashes are stored")
        #expect(try await database.guideAccess(token: created.editToken)?.access == .edit)
        #expect(try await database.guideAccess(token: created.shareToken)?.access == .share)
        #expect(try await database.guideAccess(token: "not-a-token") == nil)
    }

    @Test func everyBadFieldIsNamed() async throws {
        var bad = document
        bad["title"] = "x"
        bad["colour"] = "blue"
        bad["meeting_date"] = "30/11/2026"
        bad["foundations"] = [
            ["foundation": "shared-records", "rating": "great", "answers": Array(repeating: "a", count: 9), "actions": [["owner": "J"]]],
            ["foundation": "shared-records"],
            ["foundation": "no-such-foundation"]
        ]
        let fields = await fieldErrors { _ = try read(bad) }
        #expect(
            Set(fields)
                == [
                    "title", "colour", "meeting_date", "foundations[0].rating", "foundations[0].answers", "foundations[0].actions[0].what",
                    "foundations[1].foundation", "foundations[2].foundation"
                ])
    }

    @Test func unpublishedExamplesAreRefusedAndWithdrawnOnesDropOut() async throws {
        // setup
        let database = try library()
        var withWaiting = document
        withWaiting["foundations"] = [["foundation": "24-7-access", "examples": [["example": GuideFixture.uids[2]], ["example": "1"]]]]
        // exercise and validate: a submission that is not published cannot be chosen
        let fields = await fieldErrors { _ = try await database.createGuide(try read(withWaiting)) }
        #expect(fields == ["foundations[0].examples[0].example"])
        #expect(try await database.guides().isEmpty, "nothing is half-written")
        // a published one that is later withdrawn drops out of every view, with a count
        withWaiting["foundations"] = [["foundation": "24-7-access", "examples": [["example": "1", "note": "adapt for us"]]]]
        let created = try await database.createGuide(try read(withWaiting))
        _ = try await database.decide(.id(1), action: .withdraw, note: "ended", actor: "mod")
        let view = try await database.guideView(try #require(try await database.guide(String(created.id))))
        let access = try #require(view.foundations.first { $0.foundation.key == "24-7-access" })
        #expect(access.examples.isEmpty)
        #expect(access.withdrawn == 1)
    }

    @Test func anEditionIsUnchangedByLaterEdits() async throws {
        // setup
        let database = try library()
        let created = try await database.createGuide(try read(document))
        // exercise
        let first = try await database.saveGuideEdition(created.id, label: "November meeting")
        try await database.changeGuide(created.id) { content in
            var entry = content.entry("shared-records")
            entry.rating = .established
            entry.actions[0].done = true
            content.setEntry(entry, order: ["shared-records"])
        }
        // validate
        #expect(first.number == 1)
        let saved = try #require(try await database.guideEdition(created.id, number: 1))
        #expect(saved.content.entry("shared-records").rating == .developing)
        #expect(saved.content.entry("shared-records").actions[0].done == false)
        #expect(try await database.guide(String(created.id))?.content.entry("shared-records").rating == .established)
        #expect(throws: (any Error).self, "the trigger refuses any change to a saved edition") {
            try database.writer.write { db in try db.execute(sql: "UPDATE guide_edition SET label = 'changed'") }
        }
    }

    @Test func theShownDocumentReadsBackAndIdentifiersAreOnlyWarnings() async throws {
        // setup
        let database = try library()
        var noted = document
        noted["introduction"] = "We met about the patient with NHS number 943 476 5919."
        let created = try await database.createGuide(try read(noted))
        let view = try await database.guideView(try #require(try await database.guide(created.uid)))
        // exercise
        let shown = try JSONEncoder().encode(view)
        let again = try GuideReader(reference: .shipped()).read(shown)
        // validate
        #expect(again == view.document, "output fields are accepted and ignored")
        #expect(view.warnings.map(\.field) == ["introduction"])
        try await database.deleteGuide(created.id)
        #expect(try await database.guide(String(created.id)) == nil)
        let events = try await database.writer.read { db in try String.fetchAll(db, sql: "SELECT action FROM guide_event ORDER BY id") }
        #expect(events == ["created", "deleted"])
    }
}

@Suite("Local guides: progress and gaps")
struct GuideProgressTests {
    @Test func compareShowsRatingsActionsAndExamplesThatChanged() async throws {
        // setup
        let database = try LocalGuideTests().library()
        let created = try await database.createGuide(try LocalGuideTests().read(LocalGuideTests().document))
        _ = try await database.saveGuideEdition(created.id, label: nil)
        try await database.changeGuide(created.id) { content in
            var entry = content.entry("shared-records")
            entry.rating = .established
            entry.actions[0].done = true
            entry.actions.append(GuideAction(what: "Map who holds which record"))
            entry.examples = []
            content.setEntry(entry, order: ["shared-records"])
        }
        // exercise
        let toCurrent = try await database.compareGuide(try #require(try await database.guide(String(created.id))))
        _ = try await database.saveGuideEdition(created.id, label: nil)
        let saved = try await database.compareGuide(try #require(try await database.guide(String(created.id))))
        // validate
        for comparison in [toCurrent, saved] {
            let records = try #require(comparison.foundations.first { $0.foundation == "shared-records" })
            #expect(records.ratingFrom == .developing && records.ratingTo == .established)
            #expect(records.actionsAdded == ["Map who holds which record"])
            #expect(records.actionsDone == ["Agree a shared ReSPECT process"])
            #expect(records.examplesRemoved == [GuideFixture.uids[1]] && records.examplesAdded.isEmpty)
            #expect(comparison.foundations.filter { $0.foundation != "shared-records" }.allSatisfy { $0.actionsAdded.isEmpty && $0.ratingFrom == $0.ratingTo })
        }
        #expect(toCurrent.from == 1 && toCurrent.to == nil, "one edition: compared with the content not yet saved")
        #expect(saved.from == 1 && saved.to == 2, "two editions: the last two")
    }

    @Test func gapsRunFromTheLowestRatingAndPreferExamplesLikeTheArea() async throws {
        // setup: three published 24/7 access examples; the guide's area is a north-west care home partnership
        let database = try AppDatabase.inMemory()
        try database.importExamples([
            .mock(uid: GuideFixture.uids[0], title: "Hospice in the south west", foundations: ["24-7-access"], publishedAt: "2024-03-01T09:00:00Z"),
            .mock(
                uid: GuideFixture.uids[1], title: "Care home in the north west", foundations: ["24-7-access"], organisationType: .careHome,
                region: .northWest, publishedAt: "2023-01-01T09:00:00Z"),
            .mock(
                uid: GuideFixture.uids[2], title: "Hospice in the north west", foundations: ["24-7-access"], region: .northWest,
                publishedAt: "2023-06-01T09:00:00Z"),
            .mock(uid: GuideFixture.uids[3], title: "Waiting", foundations: ["24-7-access"], status: .submitted)
        ])
        var content = GuideContent(title: "North west care homes")
        content.region = .northWest
        content.organisationTypes = [.careHome]
        for (index, foundation) in database.reference.foundations.enumerated() where foundation.key != "24-7-access" {
            var entry = GuideFoundationEntry(foundation: foundation.key)
            entry.rating = GuideRating.allCases[index % 5]
            content.foundations.append(entry)
        }
        var access = GuideFoundationEntry(foundation: "24-7-access")
        access.rating = .embedded
        content.foundations.append(access)
        let created = try await database.createGuide(content)
        // exercise
        let gaps = try await database.guideGaps(try #require(try await database.guide(created.uid)))
        // validate
        let levels = gaps.map { $0.rating?.level ?? -1 }
        #expect(levels == levels.sorted(), "lowest rating first")
        #expect(gaps.count == 10)
        let titles = try #require(gaps.first { $0.foundation == "24-7-access" }).suggested.map(\.title)
        #expect(titles == ["Care home in the north west", "Hospice in the north west", "Hospice in the south west"], "like us first; never unpublished")
    }
}
