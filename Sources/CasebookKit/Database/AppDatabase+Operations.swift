import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one write-ahead-log checkpoint did, in pages ("frames").
public struct WALCheckpoint: Sendable, Equatable {
    /// Whether a reader or writer stopped the checkpoint from copying every frame.
    public var wasBlocked: Bool
    /// Frames in the log when the checkpoint ran.
    public var logFrames: Int
    /// Frames copied into the database file, this time or before.
    public var copiedFrames: Int

    /// Whether the whole log is now in the database file, so it may be truncated cheaply.
    public var isComplete: Bool { !wasBlocked && copiedFrames == logFrames }
}

extension AppDatabase {
    /// Copies committed pages from the write-ahead log into the database file. PASSIVE never waits for
    /// anyone; `truncate` also empties the log file, and waits (up to the busy timeout) for readers.
    @discardableResult
    public func checkpoint(truncate: Bool = false) throws -> WALCheckpoint {
        let mode = truncate ? "TRUNCATE" : "PASSIVE"
        let row = try writer.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(\(mode))")
        }
        return WALCheckpoint(wasBlocked: (row?[0] as Int?) == 1, logFrames: row?[1] ?? 0, copiedFrames: row?[2] ?? 0)
    }

    /// The same checkpoint, run on the writer's own thread while the caller's executor goes on.
    @discardableResult
    public func checkpoint(truncate: Bool = false) async throws -> WALCheckpoint {
        let mode = truncate ? "TRUNCATE" : "PASSIVE"
        return try await writer.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(\(mode))")
            return WALCheckpoint(wasBlocked: (row?[0] as Int?) == 1, logFrames: row?[1] ?? 0, copiedFrames: row?[2] ?? 0)
        }
    }

    /// Keeps the write-ahead log bounded: a PASSIVE checkpoint, then TRUNCATE when that one found the
    /// library idle (every frame copied, nobody in the way). Returns the PASSIVE result.
    @discardableResult
    public func checkpointWAL() throws -> WALCheckpoint {
        let passive = try checkpoint()
        if passive.isComplete, passive.logFrames > 0 { try checkpoint(truncate: true) }
        return passive
    }

    /// The same pair of checkpoints, without blocking the caller's executor.
    @discardableResult
    public func checkpointWAL() async throws -> WALCheckpoint {
        let passive = try await checkpoint()
        if passive.isComplete, passive.logFrames > 0 { try await checkpoint(truncate: true) }
        return passive
    }

    /// Whether the library answers a trivial read of its examples table; throws when it does not.
    public func probe() async throws {
        do {
            _ = try await reader.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM example)") }
        } catch {
            throw LibraryError(storageFailure: error) ?? error
        }
    }

    /// How many submissions wait for a moderator (status `submitted`).
    public func submissionsWaiting() async throws -> Int {
        try await reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM example WHERE status = 'submitted'") ?? 0 }
    }
}

extension LibraryError {
    /// The storage failure behind a SQLite error (full or read-only disk, damage, locks), in words for
    /// whoever runs Casebook; nil for any other error.
    public init?(storageFailure error: any Error) {
        if let library = error as? LibraryError, case .storage = library { self = library; return }
        guard let error = error as? DatabaseError else { return nil }
        let detail = error.message ?? error.description
        switch error.resultCode {
        case .SQLITE_FULL: self = .storage("the disk is full (\(detail)); nothing was written")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            self = .storage("the library cannot be written: its file or folder is read-only (\(detail))")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            self = .storage("the file is damaged (\(detail)); restore it from a backup with `casebook restore`")
        case .SQLITE_IOERR, .SQLITE_CANTOPEN: self = .storage("the disk failed (\(detail))")
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .storage("the library stayed busy longer than the timeout (\(detail))")
        default: return nil
        }
    }
}

/// Writing files so that a crash leaves either the old file or the whole new one.
enum DurableFile {
    /// Flushes `staged` to disk, renames it over `target` and flushes the folder, so the rename survives power loss.
    static func replace(_ target: String, with staged: String) throws {
        try flush(staged)
        guard rename(staged, target) == 0 else {
            throw LibraryError.storage("cannot move \(staged) to \(target): \(String(cString: strerror(errno)))")
        }
        try flush(URL(fileURLWithPath: target).deletingLastPathComponent().path)
    }

    /// fsync on a file or folder.
    static func flush(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw LibraryError.storage("cannot open \(path)") }
        defer { try? handle.close() }
        guard fsync(handle.fileDescriptor) == 0 else { throw LibraryError.storage("cannot flush \(path): \(String(cString: strerror(errno)))") }
    }
}
