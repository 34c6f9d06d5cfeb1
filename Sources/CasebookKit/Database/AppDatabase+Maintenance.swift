import Foundation
import GRDB

extension AppDatabase {
    /// Copies the live library to a new file through SQLite's online backup, consistent while others write.
    /// The copy is written beside `path` and renamed into place, so a failed backup leaves no half file.
    /// `progress` is told the pages copied and the pages in all, after each step.
    public func backup(to path: String, progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws {
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let destination = try DatabaseQueue(path: partial)
            try writer.backup(to: destination, pagesPerStep: Self.backupStep) { step in
                progress?(step.completedPageCount, step.totalPageCount)
            }
            try destination.close()
            try DurableFile.replace(path, with: partial)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw LibraryError(storageFailure: error) ?? error
        }
    }

    /// Pages copied per step of a backup or restore, so that progress is seen on large libraries (16 MiB of 4 KiB pages).
    static let backupStep: CInt = 4096

    /// What is wrong with the file: integrity, foreign keys and both search indexes. Empty when all hold.
    public func check() throws -> [String] {
        // The FTS5 integrity check is an INSERT command, so it needs a writing connection; it changes nothing.
        do {
            return try writer.write(Self.problems)
        } catch let error as DatabaseError {
            return [LibraryError(storageFailure: error)?.description ?? "the check could not run: \(error.message ?? error.description)"]
        }
    }

    /// The problems one connection finds, inside one write transaction.
    private static func problems(_ db: Database) throws -> [String] {
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

    /// Rebuilds both search indexes from the examples.
    public func rebuildSearchIndex() throws {
        try writer.write { db in
            try BulkWrite.rebuildSearchIndexes(db)
        }
    }
}
