import GRDB

/// Keeps a large import fast: its rows are written with the full-text and change-log triggers and
/// the secondary indexes set aside; then, inside the same transaction, the indexes are built once,
/// the full-text indexes rebuilt, the triggers restored and every example logged as changed.
/// A failure anywhere rolls all of it back.
struct BulkWrite {
    /// Imports of at least this many examples are written in bulk.
    static let threshold = 1_000

    /// The full-text indexes over `example`.
    static let searchIndexes = ["example_ft", "example_words"]

    /// Tables whose secondary indexes an import writes to (not the audit trail: the status trigger reads its index).
    private static let indexedTables = ["example", "example_foundation", "example_ambition", "example_change"]

    private let triggers: [(name: String, sql: String)]
    private let indexes: [(name: String, sql: String)]
    private let pageCache: Int

    /// Sets the triggers and indexes aside, inside the caller's transaction.
    static func begin(in db: Database) throws -> BulkWrite {
        let triggers = try schemaObjects(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'example'
                  AND (name LIKE 'example\\_text\\_%' ESCAPE '\\' OR name LIKE 'example\\_%\\_moves\\_version' ESCAPE '\\')
                """)
        let indexes = try schemaObjects(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                  AND tbl_name IN (\(indexedTables.map { "'\($0)'" }.joined(separator: ", ")))
                """)
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger.name.quotedDatabaseIdentifier)") }
        for index in indexes { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
        // A larger page cache for the length of the import keeps the written pages in memory until commit.
        let pageCache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -8192
        try db.execute(sql: "PRAGMA cache_size = -16384")
        return BulkWrite(triggers: triggers, indexes: indexes, pageCache: pageCache)
    }

    /// Builds the indexes, rebuilds the full-text indexes, restores the triggers and logs every example as changed.
    func finish(in db: Database) throws {
        for index in indexes { try db.execute(sql: index.sql) }
        try Self.rebuildSearchIndexes(db)
        for trigger in triggers { try db.execute(sql: trigger.sql) }
        try db.execute(
            sql: """
                UPDATE library_version SET version = version + 1, index_version = index_version + 1;
                INSERT OR REPLACE INTO example_change SELECT id, (SELECT version FROM library_version) FROM example;
                """)
    }

    /// Puts the connection's page cache back as it was (a pragma, so not undone by a rollback).
    func restorePageCache(in db: Database) {
        try? db.execute(sql: "PRAGMA cache_size = \(pageCache)")
    }

    /// Rebuilds both full-text indexes from the example table, gathering up to 16 MiB of each in memory
    /// before writing a segment (FTS5's default is 1 MiB); a bound, so that import memory stays flat.
    static func rebuildSearchIndexes(_ db: Database) throws {
        for index in searchIndexes {
            try db.execute(sql: "INSERT INTO \(index)(\(index), rank) VALUES ('hashsize', 16777216)")
            try db.execute(sql: "INSERT INTO \(index)(\(index)) VALUES ('rebuild')")
            try db.execute(sql: "INSERT INTO \(index)(\(index), rank) VALUES ('hashsize', 1048576)")
        }
    }

    private static func schemaObjects(_ db: Database, sql: String) throws -> [(name: String, sql: String)] {
        try Row.fetchAll(db, sql: sql).map { (name: $0["name"], sql: $0["sql"]) }
    }
}
