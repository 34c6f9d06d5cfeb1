import Foundation
import GRDB
import Testing
@testable import CasebookKit

/// The migrations are frozen to literals; these checks tie the literals to the code that relies on them.
@Suite("Frozen migrations")
struct MigrationTests {
    @Test func theIndexRanksWithTheOneSetOfWeights() throws {
        let database = try AppDatabase.inMemory()
        let stored = try database.reader.read { db in try String.fetchOne(db, sql: "SELECT v FROM example_ft_config WHERE k = 'rank'") }
        #expect(stored == SearchIndex.rankFunction)
        #expect(SearchIndex.rankFunction == "bm25(10.0, 4.0, 1.0, 2.0, 6.0)")
        #expect(RankFunction.weights.count == SearchIndex.columns.count)
    }

    @Test func theIndexHasTheColumnsSearchNames() throws {
        let database = try AppDatabase.inMemory()
        let columns = try database.reader.read { db in try db.columns(in: "example_ft").map(\.name) }
        #expect(columns == SearchIndex.columns)
    }

    @Test func theSchemaChecksEveryVocabularyKey() throws {
        let database = try AppDatabase.inMemory()
        let schema = try database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE name IN ('example', 'moderation_event')").joined()
        }
        for keys in [OrganisationType.keys, Region.keys, EvidenceLevel.keys, ExampleStatus.keys, WorkStatus.keys, Licence.keys] {
            #expect(schema.contains("IN (" + keys.map { "'\($0)'" }.joined(separator: ", ") + ")"), "\(keys)")
        }
    }

    @Test func theIndexedAccountHoldsEverySectionInOrder() throws {
        let database = try AppDatabase.inMemory()
        var example = Example.mock(body: "Body first.", status: .published)
        for kind in SectionKind.allCases { example.sections[kind] = "Part \(kind.rawValue)." }
        try database.importExamples([example])
        let account = try database.reader.read { db in try String.fetchOne(db, sql: "SELECT body FROM published_example_text") }
        let expected = (["Body first."] + SectionKind.allCases.map { "Part \($0.rawValue)." }).joined(separator: "\n\n")
        #expect(account == expected)
    }

    /// A full-text rebuild scans the published text in rowid order, as FTS5 does; the scan must sort nothing.
    @Test func theRebuildScanWalksThePublishedTextInRowidOrder() throws {
        let database = try AppDatabase.inMemory()
        let plan = try database.reader.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT T.id, T.title, T.body FROM published_example_text T ORDER BY T.id ASC")
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.hasPrefix("SCAN example") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }
}
