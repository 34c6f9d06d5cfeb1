import Foundation
import GRDB

extension AppDatabase {
    /// Replaces the library at `target` with a backup, or leaves it untouched. The backup is copied beside
    /// the target, migrated and checked (integrity, foreign keys, search indexes); only a copy that passes
    /// is flushed to disk and renamed into place. Refused while another process has the library open.
    /// `progress` is told the pages copied and the pages in all, after each step of the copy.
    public static func restore(from backup: String, to target: String, progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws {
        if LibraryFile.isOpenElsewhere(target) {
            throw LibraryError.conflict("\(target) is open in another process (a running `casebook serve`?); stop it, then restore")
        }
        let staged = target + ".restoring"
        LibraryFile.remove(staged)
        defer { LibraryFile.remove(staged) }
        do {
            try stage(backup, at: staged, progress: progress)
        } catch {
            throw LibraryError(storageFailure: error) ?? error
        }
        // A log left by the old library must not be replayed over the restored one.
        for sidecar in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + sidecar) }
        try DurableFile.replace(target, with: staged)
    }

    /// Copies the backup through SQLite's backup API to `staged`, then opens and checks the copy.
    private static func stage(_ backup: String, at staged: String, progress: ((_ done: Int, _ total: Int) -> Void)?) throws {
        var readOnly = Configuration()
        readOnly.readonly = true
        let source = try DatabaseQueue(path: backup, configuration: readOnly)
        guard try source.read({ db in try db.tableExists("example") && db.tableExists("grdb_migrations") }) else {
            throw LibraryError.storage("\(backup) is not a Casebook library")
        }
        let copy = try DatabaseQueue(path: staged)
        try source.backup(to: copy, pagesPerStep: backupStep) { step in progress?(step.completedPageCount, step.totalPageCount) }
        try copy.close()
        try source.close()
        let library = try AppDatabase.open(path: staged, seedExamples: false)
        let problems = try library.check()
        try (library.writer as? DatabasePool)?.close()
        guard problems.isEmpty else {
            throw LibraryError.storage("the backup \(backup) fails its check, so nothing was restored:\n  " + problems.joined(separator: "\n  "))
        }
    }
}

/// The files of a library on disk: the database and its `-wal` and `-shm` sidecars.
enum LibraryFile {
    /// Whether another process has the library open: SQLite holds a shared lock on byte 128 of the
    /// `-shm` file (its "DMS" slot) for as long as any connection uses the write-ahead log.
    static func isOpenElsewhere(_ path: String) -> Bool {
        let descriptor = open(path + "-shm", O_RDWR)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 128
        lock.l_len = 1
        guard fcntl(descriptor, F_GETLK, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }

    /// Removes a database file and its sidecars, if present.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
