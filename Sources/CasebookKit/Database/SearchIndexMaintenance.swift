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
        let result = try body()
        for index in indexes { try db.execute(sql: "INSERT INTO \(index)(\(index)) VALUES ('rebuild')") }
        for trigger in triggers { try db.execute(sql: trigger.sql) }
        return result
    }
}
