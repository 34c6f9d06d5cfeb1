import Foundation
import GRDB
import Testing
@testable import CasebookKit

@Suite("Bulk import")
struct BulkImportTests {
    /// A JSON Lines document of `count` valid examples, with `bad` lines replaced by a broken one.
    private static func document(count: Int, bad: Set<Int> = []) throws -> Data {
        var lines: [String] = []
        for index in 1...count {
            if bad.contains(index) { lines.append(#"{"title": "Broken", "summary": 7}"#); continue }
            let example = Example.mock(
                uid: String(format: "00000000-0000-4000-8000-%012d", index),
                title: "Bulk example \(index) on \(index % 2 == 0 ? "respite" : "bereavement")",
                publishedAt: "2024-01-01T10:00:00Z")
            lines.append(String(decoding: try Interchange.encoder(pretty: false).encode(example), as: UTF8.self))
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    private static func schema(_ database: AppDatabase) throws -> [String] {
        try database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY 1")
        }
    }

    @Test func aLargeImportIsSearchableAndKeepsItsSchema() throws {
        // setup
        let database = try AppDatabase.inMemory()
        let before = try Self.schema(database)
        // exercise: more lines than the bulk threshold, so the bulk path runs
        let counts = try database.importJSONLines(try Self.document(count: BulkWrite.threshold + 200))
        // validate
        #expect(counts.inserted == BulkWrite.threshold + 200)
        #expect(try Self.schema(database) == before)
        #expect(try database.search(SearchQuery(text: "respite")).total == (BulkWrite.threshold + 200) / 2)
        let changes = try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM example_change") }
        #expect(changes == BulkWrite.threshold + 200)
        // and a later single write is still indexed by the restored triggers
        try database.importExamples([.mock(uid: "00000000-0000-4000-8000-999999999999", title: "A lone hospice garden project")])
        #expect(try database.search(SearchQuery(text: "garden")).total == 1)
    }

    @Test func aBadLineAnywhereLeavesTheLibraryUntouched() throws {
        // setup
        let database = try AppDatabase.inMemory()
        let before = try Self.schema(database)
        // exercise: bad lines near the start and near the end of a bulk import
        #expect {
            try database.importJSONLines(try Self.document(count: BulkWrite.threshold + 200, bad: [3, BulkWrite.threshold + 150]))
        } throws: { error in
            let lines = (error as? InvalidInput)?.errors.compactMap(\.line) ?? []
            return Set(lines) == [3, BulkWrite.threshold + 150]
        }
        // validate
        #expect(try database.allExamples().isEmpty)
        #expect(try Self.schema(database) == before)
        #expect(try database.search(SearchQuery(text: "respite")).total == 0)
    }
}
