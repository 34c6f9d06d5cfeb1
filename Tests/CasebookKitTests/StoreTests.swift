import CasebookSeeds
import Foundation
import GRDB
import Testing
@testable import CasebookKit

@Suite("Store")
struct StoreTests {
    static let uidA = "11111111-1111-4111-8111-111111111111"
    static let uidB = "22222222-2222-4222-8222-222222222222"

    func sampleExamples() -> [Example] {
        [
            .mock(
                uid: Self.uidA, title: "Night sitting service", foundations: ["24-7-access"], ambitions: ["comfort-and-wellbeing"],
                publishedAt: "2023-01-01T10:00:00Z"),
            .mock(
                uid: Self.uidB, title: "Shared record pilot", foundations: ["shared-records", "leadership"],
                ambitions: ["care-is-coordinated", "comfort-and-wellbeing"], region: .london),
            .mock(title: "A withdrawn idea", foundations: ["co-design"], status: .withdrawn),
            .mock(title: "A waiting submission", foundations: ["co-design"], status: .submitted)
        ]
    }

    @Test func importInsertsThenReimportUpdates() throws {
        // setup
        let database = try AppDatabase.inMemory()
        // exercise
        let first = try database.importExamples(sampleExamples())
        var changed = sampleExamples()[0]
        changed.title = "Night sitting service, second year"
        changed.foundations = ["24-7-access", "co-design"]
        let second = try database.importExamples([changed])
        // validate
        #expect(first == ImportCounts(inserted: 4, updated: 0))
        #expect(second == ImportCounts(inserted: 0, updated: 1))
        #expect(try database.allExamples().count == 4)
        let stored = try database.requireExample(.uid(Self.uidA))
        #expect(stored.example.title == "Night sitting service, second year")
        #expect(stored.example.foundations == ["24-7-access", "co-design"])
        try indexesHold(database)
    }

    @Test func importCompletesMissingFields() throws {
        let database = try AppDatabase.inMemory()
        try database.importExamples([.mock(title: "No uid given")])
        let stored = try #require(try database.allExamples().first)
        let uid = try #require(stored.example.uid)
        #expect(UUID(uuidString: uid) != nil)
        #expect(stored.status == .published)
        #expect(stored.example.publishedAt != nil)
        #expect(stored.example.reviewDue != nil)
        #expect(try database.example(.id(stored.id)) == stored)
        #expect(try database.example(.uid(uid)) == stored)
        #expect(try database.example(.id(999)) == nil)
        #expect(throws: LibraryError.notFound("example 999")) { try database.requireExample(.id(999)) }
    }

    @Test func dumpAndImportIntoSecondLibraryIsIdentical() throws {
        // setup
        let first = try AppDatabase.inMemory(seedExamples: true)
        try first.importExamples(sampleExamples())
        let dump = try JSONLines.encode(try first.allExamples().map(\.example))
        // exercise
        let second = try AppDatabase.inMemory()
        let decoded = try JSONLines.decode(dump, with: ExampleDecoder(source: .importing))
        let counts = try second.importExamples(decoded)
        let redump = try JSONLines.encode(try second.allExamples().map(\.example))
        // validate
        #expect(counts.inserted == 24)
        #expect(redump == dump)
        #expect(try second.stats() == first.stats())
    }

    @Test func statsCountByStatusAndCoverage() throws {
        let database = try AppDatabase.inMemory()
        try database.importExamples(sampleExamples())
        let stats = try database.stats()
        #expect(stats.byStatus == ["published": 2, "withdrawn": 1, "submitted": 1, "rejected": 0, "changes-requested": 0])
        #expect(stats.coverage.count == 10)
        #expect(stats.coverage.values.allSatisfy { $0.count == 6 })
        #expect(stats.coverage["24-7-access"]?["comfort-and-wellbeing"] == 1)
        #expect(stats.coverage["shared-records"]?["comfort-and-wellbeing"] == 1)
        #expect(stats.coverage["leadership"]?["care-is-coordinated"] == 1)
        // the withdrawn and submitted examples are not counted
        #expect(stats.coverage["co-design"]?.values.reduce(0, +) == 0)
        #expect(stats.coverage.values.flatMap(\.values).reduce(0, +) == 5)
    }

    /// The checks `check()` makes, run directly: integrity, foreign keys and both FTS5 indexes (throws when an index disagrees).
    func indexesHold(_ database: AppDatabase) throws {
        try database.writer.write { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            try db.execute(sql: "INSERT INTO example_ft(example_ft, rank) VALUES('integrity-check', 1)")
            try db.execute(sql: "INSERT INTO example_words(example_words, rank) VALUES('integrity-check', 1)")
        }
    }

    @Test func checkIsEmptyOnAHealthyLibrary() throws {
        // setup
        let database = try AppDatabase.inMemory(seedExamples: true)
        try indexesHold(database)
        // exercise
        let problems = try database.check()
        // validate
        #expect(problems == [])
    }

    @Test func checkHoldsAfterInsertUpdateAndDelete() throws {
        // setup
        let database = try AppDatabase.inMemory()
        // exercise and validate: insert
        try database.importExamples(sampleExamples())
        #expect(try database.check() == [])
        try indexesHold(database)
        // update by re-import
        var changed = sampleExamples()
        changed[1].title = "Shared record pilot, renamed"
        changed[1].body = "A new body mentioning kangaroo."
        try database.importExamples(changed)
        #expect(try database.check() == [])
        try indexesHold(database)
        // delete with raw SQL
        let id = try database.requireExample(.uid(Self.uidB)).id
        try database.writer.write { db in try db.execute(sql: "DELETE FROM example WHERE id = ?", arguments: [id]) }
        #expect(try database.check() == [])
        try indexesHold(database)
        #expect(try database.example(.id(id)) == nil)
        let leftovers = try database.reader.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT (SELECT count(*) FROM example_foundation WHERE example_id = ?1) + (SELECT count(*) FROM moderation_event WHERE example_id = ?1)",
                arguments: [id])
        }
        #expect(leftovers == 0)
        // the deleted text is not found any more
        #expect(try database.search(SearchQuery(text: "kangaroo")).total == 0)
        // rebuilding keeps the index healthy
        try database.rebuildSearchIndex()
        #expect(try database.check() == [])
    }

    @Test func checkReportsABrokenIndex() throws {
        let database = try AppDatabase.inMemory()
        try database.importExamples(sampleExamples())
        // corrupt: change the content table behind the index's back
        try database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS example_text_reindexed")
            try db.execute(sql: "UPDATE example SET title = 'Completely different words' WHERE uid = ?", arguments: [Self.uidA])
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "INSERT INTO example_ft(example_ft, rank) VALUES('integrity-check', 1)") }
        }
        let problems = try database.check()
        #expect(problems.contains { $0.contains("example_ft") })
        // exercise
        try database.rebuildSearchIndex()
        // validate
        try indexesHold(database)
    }

    @Test func missingOrMalformedSeedFilesAreErrorsNamingTheFile() throws {
        // setup: an empty folder, then one whose foundations file is not the list it should be
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-seeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // exercise, validate
        #expect(throws: SeedFileError(file: "foundations.json", missingFrom: [folder.path])) { try ReferenceData(seeds: SeedFiles(folder: folder)) }
        #expect(throws: SeedFileError(file: "foundations.json", missingFrom: [folder.path])) {
            try SeedFiles.locate(environment: ["CASEBOOK_SEEDS": folder.path])
        }
        try Data(#"{"not": "a list"}"#.utf8).write(to: folder.appendingPathComponent("foundations.json"))
        do {
            _ = try ReferenceData(seeds: SeedFiles(folder: folder))
            Issue.record("a malformed seed file was read")
        } catch let error as SeedFileError {
            #expect(error.file == "foundations.json" && error.problem.hasPrefix("is not valid"))
        }
        #expect(throws: Never.self) { try SeedFiles.locate(environment: [:]) }
    }

    @Test func referenceDataSeeds() throws {
        let reference = try ReferenceData.shipped()
        #expect(reference.foundations.count == 10)
        #expect(reference.foundations.map(\.number) == Array(1...10))
        #expect(reference.foundations.filter { $0.kind == .framework }.map(\.number) == Array(1...8))
        #expect(reference.foundations.filter { $0.kind == .guide }.map(\.number) == [9, 10])
        #expect(
            reference.foundations.map(\.key) == [
                "personalised-care-planning", "shared-records", "evidence-and-information", "involving-those-important",
                "education-and-training", "24-7-access", "co-design", "leadership", "collaboration-and-partnership", "sharing-learning"
            ])
        for foundation in reference.foundations {
            #expect((3...5).contains(foundation.prompts.count), "\(foundation.key) has \(foundation.prompts.count) prompts")
            #expect(!foundation.description.isEmpty)
        }
        #expect(
            reference.ambitions.map(\.key) == [
                "seen-as-an-individual", "fair-access-to-care", "comfort-and-wellbeing", "care-is-coordinated",
                "staff-prepared-to-care", "community-prepared-to-help"
            ])
        #expect(reference.ambitions.map(\.number) == Array(1...6))
        #expect(reference.labels.region.map(\.key) == Region.keys)
        #expect(reference.labels.organisationType.map(\.key) == OrganisationType.keys)
        #expect(reference.labels.evidence.map(\.key) == EvidenceLevel.keys)
        #expect(reference.labels.status.map(\.key) == ExampleStatus.keys)
        #expect(reference.labels.outcomeMeasure.map(\.key) == OutcomeMeasure.keys)
        #expect(reference.labels.workStatus.map(\.key) == WorkStatus.keys)
        #expect(reference.labels.licence.map(\.key) == Licence.keys)
        #expect(reference.labels.section.map(\.key) == SectionKind.keys)
        #expect(try SynonymDictionary.shipped().count >= 40)
    }

    @Test func referenceDataIsInTheDatabase() throws {
        let database = try AppDatabase.inMemory()
        let (foundations, guides, ambitions) = try database.reader.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM foundation"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM foundation WHERE kind = 'guide'"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM ambition")
            )
        }
        #expect(foundations == 10)
        #expect(guides == 2)
        #expect(ambitions == 6)
    }

    @Test func seedExamplesAreValidCoverEveryFoundationAndRaiseNoFlags() throws {
        // setup
        let data = try SeedFiles.locate().data(.examples)
        // exercise
        let examples = try JSONLines.decode(data, with: ExampleDecoder(source: .importing))
        // validate
        #expect(examples.count == 20)
        #expect(Set(examples.compactMap(\.uid)).count == 20)
        #expect(Set(examples.flatMap(\.foundations)) == Set(try ReferenceData.shipped().foundations.map(\.key)))
        for example in examples {
            #expect(example.status == nil || example.status == .published)
            let flags = Screener().screen(example)
            #expect(flags.isEmpty, "seed \(example.title) raises \(flags)")
        }
    }

    @Test func newLibraryHasTwentyPublishedSeeds() throws {
        let database = try AppDatabase.inMemory(seedExamples: true)
        #expect(try database.allExamples(status: .published).count == 20)
        #expect(try database.allExamples().count == 20)
        try indexesHold(database)
        #expect(try database.search(SearchQuery(limit: 100)).total == 20)
        let empty = try AppDatabase.inMemory(seedExamples: false)
        #expect(try empty.allExamples().isEmpty)
    }

    @Test func reopeningAFileLibraryDoesNotDuplicateSeeds() throws {
        // setup
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("casebook.sqlite").path
        // exercise
        let first = try AppDatabase.open(path: path)
        #expect(try first.allExamples().count == 20)
        try first.importExamples([.mock(title: "Added between openings")])
        try (first.writer as? DatabasePool)?.close()
        let second = try AppDatabase.open(path: path)
        // validate
        #expect(try second.allExamples().count == 21)
        #expect(try second.loadSeedExamples() == 0)
        #expect(try second.allExamples().count == 21)
        try indexesHold(second)
    }

    @Test func openRefusesAMissingFolder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)/db.sqlite").path
        #expect(throws: LibraryError.self) { try AppDatabase.open(path: path) }
    }

    @Test func backupMakesAConsistentCopy() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.inMemory(seedExamples: true)
        let path = folder.appendingPathComponent("backup.sqlite").path
        try database.backup(to: path)
        let copy = try AppDatabase.open(path: path)
        #expect(try copy.allExamples().map(\.example) == database.allExamples().map(\.example))
        try indexesHold(copy)
    }

    @Test func schemaRejectsBadValuesWrittenByRawSQL() throws {
        let database = try AppDatabase.inMemory()
        try database.importExamples([.mock(uid: Self.uidA)])
        let id = try database.requireExample(.uid(Self.uidA)).id
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "UPDATE example SET region = 'atlantis' WHERE id = ?", arguments: [id])
            }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO example (uid, title, summary, organisation_name, region, status, submitted_at, updated_at)
                        VALUES ('x', 'A title', 'A long enough summary', 'Org', 'narnia', 'submitted', 'now', 'now')
                        """)
            }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO example_foundation (example_id, foundation, position) VALUES (?, 'made-up', 9)", arguments: [id])
            }
        }
        #expect(try database.requireExample(.id(id)).example.region == .southWest)
    }
}

@Suite("Example references")
struct ExampleReferenceTests {
    @Test func numbersAreIDsAndAnythingElseIsAUID() {
        #expect(ExampleReference("31") == .id(31))
        #expect(ExampleReference(" 7 ") == .id(7))
        #expect(ExampleReference("0") == .uid("0"))
        #expect(ExampleReference("-3") == .uid("-3"))
        #expect(ExampleReference("0B7C5C1E-6A53-4D59-9A0E-2F1F3E6C1A11") == .uid("0b7c5c1e-6a53-4d59-9a0e-2f1f3e6c1a11"))
    }

    @Test func uppercaseUIDFindsTheExample() throws {
        let database = try AppDatabase.inMemory()
        let uid = "0b7c5c1e-6a53-4d59-9a0e-2f1f3e6c1a11"
        try database.importExamples([.mock(uid: uid)])
        #expect(try database.example(ExampleReference(uid.uppercased()))?.example.uid == uid)
    }
}
