import Foundation
import GRDB

/// Keeps the full-text indexes fast to fill: a large import writes its rows with the sync
/// triggers set aside, then rebuilds both indexes once, all inside the import's transaction.
enum SearchIndexMaintenance {
    /// Imports of at least this many examples rebuild the indexes instead of updating them row by row.
    static let bulkThreshold = 1_000

    static let indexes = ["example_ft", "example_words"]

    /// Runs `body` without the index triggers, then rebuilds and restores them; a failure rolls all back.
    static func rebuildingAfter<T>(in db: Database, _ body: () throws -> T) throws -> T {
        let triggers = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'example'
              AND (name LIKE '\\_\\_example\\_ft\\_%' ESCAPE '\\' OR name LIKE '\\_\\_example\\_words\\_%' ESCAPE '\\')
            """).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger.name.quotedDatabaseIdentifier)") }
        // A larger page cache for the length of the import keeps the written pages in memory until commit.
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -16384
        try db.execute(sql: "PRAGMA cache_size = -262144")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        let t0 = ContinuousClock.now
        let result = try body()
        let t1 = ContinuousClock.now
        for index in indexes {
            // Gather the whole index in memory before writing it (FTS5 flushes every 1 MiB by default), then go back.
            try db.execute(sql: "INSERT INTO \(index)(\(index), rank) VALUES ('hashsize', 268435456)")
            try db.execute(sql: "INSERT INTO \(index)(\(index)) VALUES ('rebuild')")
            try db.execute(sql: "INSERT INTO \(index)(\(index), rank) VALUES ('hashsize', 1048576)")
        }
        FileHandle.standardError.write("TRACE rows \(t1-t0) fts \(ContinuousClock.now-t1)\n".data(using: .utf8)!)
        for trigger in triggers { try db.execute(sql: trigger.sql) }
        return result
    }
}
