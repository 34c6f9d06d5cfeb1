import Foundation
import GRDB
import Testing
@testable import CasebookKit

/// Issue #8 on file databases: settings, backup under concurrent writes, restore, damage and newer schemas.
@Suite("Durability")
struct DurabilityTests {
    @Test func aLibraryFileUsesWALFullSyncAndABoundedLog() throws {
        // setup
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: folder.appendingPathComponent("l.sqlite").path, seedExamples: false)
        // exercise
        let (mode, synchronous, limit) = try database.writer.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA journal_size_limit")
            )
        }
        // validate
        #expect(mode == "wal" && synchronous == 2 && limit == 64 << 20)
    }

    @Test func checkpointsCopyTheLogAndTruncateItWhenIdle() throws {
        // setup
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("l.sqlite").path
        let database = try AppDatabase.open(path: path, seedExamples: true)
        _ = try database.submit(.mock(title: "Written before the checkpoint"))
        // exercise
        let passive = try database.checkpointWAL()
        // validate
        #expect(passive.isComplete && passive.logFrames > 0)
        let walSize = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        #expect(walSize == 0)
    }

    @Test func aBackupTakenDuringWritesHoldsEveryEarlierWriteAndPassesItsCheck() async throws {
        // setup
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: folder.appendingPathComponent("live.sqlite").path, seedExamples: true)
        let writes = Task.detached {
            var uids: [String] = []
            for n in 0..<150 { uids.append(try database.submit(.mock(title: "Concurrent submission number \(n) for the backup")).uid) }
            return uids
        }
        try await Task.sleep(for: .milliseconds(30))
        let before = try await database.reader.read { db in try Set(String.fetchAll(db, sql: "SELECT uid FROM example")) }
        // exercise
        let backup = folder.appendingPathComponent("backup.sqlite").path
        try database.backup(to: backup)
        let written = try await writes.value
        // validate
        let restoredPath = folder.appendingPathComponent("restored.sqlite").path
        try AppDatabase.restore(from: backup, to: restoredPath)
        let restored = try AppDatabase.open(path: restoredPath, seedExamples: false)
        let held = try await restored.reader.read { db in try Set(String.fetchAll(db, sql: "SELECT uid FROM example")) }
        #expect(try restored.check().isEmpty)
        #expect(before.isSubset(of: held))
        #expect(held.isSubset(of: before.union(written)))
        #expect(!FileManager.default.fileExists(atPath: backup + ".partial"))
    }

    @Test func restoreRefusesADamagedBackupAndLeavesTheLibraryAsItWas() throws {
        // setup
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("library.sqlite").path
        _ = try AppDatabase.open(path: target, seedExamples: false).backup(to: target + ".keep")
        let backup = try damagedCopy(in: folder)
        let original = try Data(contentsOf: URL(fileURLWithPath: target + ".keep"))
        try original.write(to: URL(fileURLWithPath: target))
        // exercise
        #expect(throws: LibraryError.self) { try AppDatabase.restore(from: backup, to: target) }
        // validate
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == original)
        #expect(!FileManager.default.fileExists(atPath: target + ".restoring"))
    }

    @Test func aDamagedFileIsReportedNotACrash() throws {
        // setup
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let damaged = try damagedCopy(in: folder)
        // exercise
        let problems: [String]
        do {
            problems = try AppDatabase.open(path: damaged, seedExamples: false).check()
        } catch let error as LibraryError {
            problems = [error.description]
        }
        // validate
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { !$0.isEmpty })
    }

    @Test func aLibraryFromANewerSchemaIsRefusedWithAClearMessage() throws {
        // setup
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("newer.sqlite").path
        let database = try AppDatabase.open(path: path, seedExamples: false)
        try database.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        // exercise, validate
        #expect(throws: LibraryError.storage("this library was written by a newer version of Casebook; upgrade Casebook to open it")) {
            try AppDatabase.open(path: path, seedExamples: false)
        }
    }

    @Test func aDesynchronisedSearchIndexIsFoundAndRepaired() throws {
        // setup
        let database = try AppDatabase.inMemory(seedExamples: true)
        try database.writer.write { db in
            // Tell the external-content index to forget example 1 under values it never held.
            try db.execute(
                sql: """
                    INSERT INTO example_ft(example_ft, rowid, title, summary, body, organisation_name, keywords)
                    VALUES ('delete', 1, 'wrong title', 'wrong summary', 'wrong body', 'wrong organisation', 'wrong')
                    """)
        }
        // exercise
        let found = try database.check()
        try database.rebuildSearchIndex()
        // validate
        #expect(found.contains { $0.contains("example_ft") })
        #expect(try database.check().isEmpty)
    }

    @Test func aReadOnlyLibraryGivesAStorageErrorAndStaysIntact() throws {
        // setup
        let database = try AppDatabase.inMemory(seedExamples: false)
        try database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 1") }
        // exercise
        var failure: LibraryError?
        do { _ = try database.submit(.mock()) } catch { failure = LibraryError(storageFailure: error) }
        // validate
        #expect(failure?.description.contains("read-only") == true)
        try database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = 0") }
        #expect(try database.check().isEmpty)
    }

    /// A copy of a seeded library with bytes in its middle overwritten.
    private func damagedCopy(in folder: URL) throws -> String {
        let source = folder.appendingPathComponent("sound.sqlite").path
        try AppDatabase.open(path: source, seedExamples: true).backup(to: source + ".copy")
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: source + ".copy"))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        handle.write(Data(repeating: 0xA5, count: 8192))
        try handle.close()
        return source + ".copy"
    }
}
