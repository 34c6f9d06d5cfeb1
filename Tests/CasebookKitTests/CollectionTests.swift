import Foundation
import GRDB
import Testing
@testable import CasebookKit

@Suite("Collections")
struct CollectionTests {
    func library() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.importExamples([
            .mock(uid: GuideFixture.uids[0], title: "Night sitting service", foundations: ["24-7-access"], publishedAt: "2024-01-01T09:00:00Z"),
            .mock(
                uid: GuideFixture.uids[1], title: "Shared record pilot", foundations: ["shared-records", "24-7-access"],
                publishedAt: "2024-01-02T09:00:00Z"),
            .mock(uid: GuideFixture.uids[2], title: "A waiting submission", status: .submitted),
            .mock(
                uid: GuideFixture.uids[3], title: "Bereavement café", foundations: ["involving-those-important"],
                publishedAt: "2024-01-03T09:00:00Z")
        ])
        return database
    }

    func notFound(_ body: () throws -> Void) -> LibraryError? {
        do { try body() } catch let error as LibraryError { return error } catch { return nil }
        return nil
    }

    @Test func createAddShowAndList() throws {
        // setup
        let database = try library()
        // exercise
        try database.createCollection(
            slug: "night-care", draft: CollectionDraft(title: "Night care", description: "Care after dark"),
            actor: "alice", at: "2024-03-01T09:00:00Z")
        try database.createCollection(slug: "a-first", draft: CollectionDraft(title: "First"), actor: "bob")
        let added = try database.addToCollection(
            "night-care", examples: [.id(2), .uid(GuideFixture.uids[0])], actor: "carol",
            at: "2024-03-02T09:00:00Z")
        let again = try database.addToCollection("night-care", examples: [.id(1), .id(4)], actor: "carol")
        // validate
        #expect(added.items.map(\.exampleID) == [2, 1])
        #expect(added.updatedBy == "carol" && added.updatedAt == "2024-03-02T09:00:00Z" && added.createdAt == "2024-03-01T09:00:00Z")
        #expect(again.items.map(\.exampleID) == [2, 1, 4], "an example already there keeps its place")
        #expect(again.items.first?.addedBy == "carol" && again.items.first?.title == "Shared record pilot")
        let shown = try database.requireCollection("night-care")
        #expect(shown.status == .draft && shown.publishedAt == nil && shown.description == "Care after dark")
        #expect(try database.collections().map(\.slug) == ["a-first", "night-care"])
    }

    @Test func onlyPublishedExamplesCanBeAdded() throws {
        // setup
        let database = try library()
        try database.createCollection(slug: "guide", draft: CollectionDraft(title: "Guide"), actor: "alice")
        // exercise
        var caught: InvalidInput?
        do { try database.addToCollection("guide", examples: [.id(1), .id(3)], actor: "alice") } catch let error as InvalidInput { caught = error }
        // validate
        let message = try #require(caught).description
        #expect(message.contains("example 3") && message.contains("A waiting submission") && message.contains("submitted"))
        #expect(try database.requireCollection("guide").items.isEmpty, "nothing is added when any example is refused")
        #expect(notFound { try database.addToCollection("guide", examples: [.id(99)], actor: "alice") } == .notFound("example 99"))
    }

    @Test func removeTakesExamplesOut() throws {
        // setup
        let database = try library()
        try database.createCollection(slug: "guide", draft: CollectionDraft(title: "Guide"), actor: "alice")
        try database.addToCollection("guide", examples: [.id(1), .id(2), .id(4)], actor: "alice")
        // exercise
        let removed = try database.removeFromCollection("guide", examples: [.id(2)], actor: "bob")
        // validate
        #expect(removed.items.map(\.exampleID) == [1, 4])
        #expect(removed.updatedBy == "bob")
        #expect(notFound { try database.removeFromCollection("guide", examples: [.id(2)], actor: "bob") } != nil)
    }

    @Test func publishDatesTheCollection() throws {
        // setup
        let database = try library()
        try database.createCollection(slug: "guide", draft: CollectionDraft(title: "Guide"), actor: "alice")
        // exercise
        let published = try database.publishCollection("guide", actor: "bob", at: "2024-04-01T12:00:00Z")
        let edited = try database.editCollection(
            "guide", draft: CollectionDraft(title: "Guide, second edition", introduction: "# Hello"),
            actor: "carol", at: "2024-04-02T12:00:00Z")
        // validate
        #expect(published.status == .published && published.publishedAt == "2024-04-01T12:00:00Z" && published.updatedBy == "bob")
        #expect(edited.status == .published && edited.title == "Guide, second edition" && edited.introduction == "# Hello")
        #expect(edited.publishedAt == "2024-04-01T12:00:00Z" && edited.updatedAt == "2024-04-02T12:00:00Z")
    }

    @Test func unknownSlugIsNotFound() throws {
        // setup
        let database = try library()
        let expected = LibraryError.notFound("collection 'missing'")
        // exercise and validate
        #expect(notFound { _ = try database.requireCollection("missing") } == expected)
        #expect(notFound { try database.addToCollection("missing", examples: [.id(1)], actor: "a") } == expected)
        #expect(notFound { try database.removeFromCollection("missing", examples: [.id(1)], actor: "a") } == expected)
        #expect(notFound { try database.publishCollection("missing", actor: "a") } == expected)
        #expect(notFound { _ = try database.exportDocument(slug: "missing") } == expected)
        #expect(expected.description == "collection 'missing' was not found")
    }

    @Test func slugsAndTitlesAreChecked() throws {
        // setup
        let database = try library()
        // exercise and validate
        for slug in ["", "Upper", "-lead", "has space", "ünï", String(repeating: "a", count: 81), "a/b"] {
            #expect(throws: InvalidInput.self, "\(slug)") { try database.createCollection(slug: slug, draft: CollectionDraft(title: "T"), actor: "a") }
        }
        #expect(throws: InvalidInput.self) { try database.createCollection(slug: "ok", draft: CollectionDraft(title: "  "), actor: "a") }
        try database.createCollection(slug: "ok-2024", draft: CollectionDraft(title: "T"), actor: "a")
        #expect(throws: LibraryError.conflict("a collection with the slug 'ok-2024' already exists")) {
            try database.createCollection(slug: "ok-2024", draft: CollectionDraft(title: "T"), actor: "a")
        }
        // The schema refuses a bad slug even from code that skips the checks.
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO collection (slug, title, created_at, updated_at, updated_by) VALUES ('Bad Slug', 'T', 'x', 'x', 'a')
                        """)
            }
        }
    }

    @Test func withdrawnExampleDropsOutWithANote() throws {
        // setup
        let database = try library()
        try database.createCollection(slug: "guide", draft: CollectionDraft(title: "Guide"), actor: "alice")
        try database.addToCollection("guide", examples: [.id(4), .id(1), .id(2)], actor: "alice")
        // exercise
        _ = try database.decide(.id(4), action: .withdraw, note: "out of date", actor: "mod")
        let document = try database.exportDocument(slug: "guide")
        // validate
        #expect(document.examples.map(\.id) == [2, 1], "in guide order: shared records is foundation 2, 24/7 access is 6")
        #expect(document.dropped.map(\.exampleID) == [4])
        #expect(document.droppedNote == "One example chosen for this collection is no longer published and is left out: #4 (withdrawn).")
        #expect(try database.requireCollection("guide").items.map(\.status) == [.withdrawn, .published, .published])
        for format in ExportFormat.allCases {
            let files = try GuideFixture.files(of: format.renderer.render(document))
            let text = files.values.map { String(decoding: $0, as: UTF8.self) }.joined()
            #expect(!text.contains("Bereavement café"), "\(format) leaves the withdrawn example out")
        }
    }

    @Test func anExampleAppearsOnceUnderItsFirstFoundation() throws {
        // setup
        let database = try library()
        try database.createCollection(slug: "guide", draft: CollectionDraft(title: "Guide"), actor: "alice")
        try database.addToCollection("guide", examples: [.id(2), .id(1)], actor: "alice")
        // exercise
        let document = try database.exportDocument(slug: "guide")
        // validate
        #expect(document.chapters.map(\.foundation.key) == ["shared-records", "24-7-access"])
        #expect(document.chapters.map { $0.examples.map(\.id) } == [[2], [1]])
    }
}
