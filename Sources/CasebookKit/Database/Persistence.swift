import Foundation
import GRDB

extension AppDatabase {
    /// Opens (creating and seeding if new) the library at a file path, as a WAL database pool.
    public static func open(path: String, seedExamples: Bool = true) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw LibraryError.storage("the folder \(folder.path) does not exist")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration())
            return try AppDatabase(pool, seedExamples: seedExamples)
        } catch let error as DatabaseError {
            guard FileManager.default.isWritableFile(atPath: folder.path) else {
                throw LibraryError.storage("cannot open \(path): its folder is read-only, and SQLite needs to write the -wal and -shm files beside it")
            }
            throw LibraryError.storage("cannot open \(path): \(error.message ?? error.description)")
        }
    }

    /// An empty in-memory library with reference data, for tests.
    public static func inMemory(seedExamples: Bool = false) throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()), seedExamples: seedExamples)
    }

    /// The connection settings every Casebook database uses (decision 007): WAL (a `DatabasePool` sets it),
    /// `synchronous = FULL`, a 10-second busy timeout, and GRDB's IMMEDIATE write transactions, so that a
    /// second writer (the CLI beside the server) waits for the lock instead of failing with SQLITE_BUSY.
    /// Every connection also gets search's rank function, so open libraries with this configuration.
    public static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        // Reads run on the cores: more readers than cores add page caches, not speed (docs/benchmarks.md).
        config.maximumReaderCount = ProcessInfo.processInfo.activeProcessorCount + 1
        config.prepareDatabase { db in
            // FULL: a commit is on disk before Casebook acknowledges it, even across power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // An 8 MiB page cache per connection holds the hot parts of the search index; with a reader per
            // core and one more, and a writer, that stays inside the server's memory budget at 100,000 examples.
            try db.execute(sql: "PRAGMA cache_size = -8192")
            // After a checkpoint empties the write-ahead log, SQLite shrinks its file back to this size (64 MiB).
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            RankFunction.register(db)
        }
        return config
    }
}
