import GRDB

extension AppDatabase {
    /// Copies the live library to a new file through SQLite's online backup, consistent while others write.
    public func backup(to path: String) throws {
        let destination = try DatabaseQueue(path: path)
        try writer.backup(to: destination)
        try destination.close()
    }

    /// What is wrong with the file: integrity, foreign keys and both search indexes. Empty when all hold.
    public func check() throws -> [String] {
        // The FTS5 integrity check is an INSERT command, so it needs a writing connection; it changes nothing.
        try writer.write { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                problems.append("foreign key: row \(row[1] as Int64? ?? 0) of \(row[0] as String? ?? "?") points at a missing \(row[2] as String? ?? "?")")
            }
            for index in ["example_ft", "example_words"] {
                do {
                    try db.execute(sql: "INSERT INTO \(index)(\(index), rank) VALUES ('integrity-check', 1)")
                } catch let error as DatabaseError {
                    problems.append("search index \(index) disagrees with the examples (\(error.message ?? "corrupt")); run `casebook check --repair`")
                }
            }
            return problems
        }
    }

    /// Rebuilds both search indexes from the examples.
    public func rebuildSearchIndex() throws {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO example_ft(example_ft) VALUES ('rebuild')")
            try db.execute(sql: "INSERT INTO example_words(example_words) VALUES ('rebuild')")
        }
    }
}
