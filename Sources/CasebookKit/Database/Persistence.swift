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
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration())
        } catch let error as DatabaseError {
            throw LibraryError.storage("cannot open \(path): \(error.message ?? error.description)")
        }
        return try AppDatabase(pool, seedExamples: seedExamples)
    }

    /// An empty in-memory library with reference data, for tests.
    public static func inMemory(seedExamples: Bool = false) throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()), seedExamples: seedExamples)
    }

    /// The connection settings every Casebook database uses.
    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // FULL: a commit is on disk before Casebook acknowledges it, even across power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }
}
