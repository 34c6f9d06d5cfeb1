import Foundation
import GRDB

/// How far an import has got: examples written, bytes of the input read, and whether the rows are all
/// written and the indexes are being built.
public struct ImportProgress: Sendable {
    public var examples: Int
    public var bytesRead: Int
    public var indexing: Bool
}

/// How many examples an import added and how many it updated.
public struct ImportCounts: Sendable, Equatable, Codable {
    public var inserted: Int
    public var updated: Int
}

extension AppDatabase {
    /// Imports examples in one transaction: a known uid updates its example, any other uid adds one.
    /// Examples without a status are published.
    @discardableResult
    public func importExamples(_ examples: [Example], actor: String = "import") throws -> ImportCounts {
        try writer.write { db in
            if examples.count >= BulkWrite.threshold {
                let bulk = try BulkWrite.begin(in: db)
                defer { bulk.restorePageCache(in: db) }
                let counts = try importRows(examples, actor: actor, in: db)
                try bulk.finish(in: db)
                return counts
            }
            return try importRows(examples, actor: actor, in: db)
        }
    }

    /// Imports a JSON Lines document held in memory (see the streaming form).
    public func importJSONLines(_ data: Data, source: ExampleDecoder.Source = .importing, actor: String = "import") throws -> ImportCounts {
        try importJSONLines(.bytes(data), source: source, actor: actor)
    }

    /// Imports JSON Lines read a batch at a time, in one transaction: each batch is validated and
    /// written while the next is read and decoded, so memory stays bounded whatever the input's size.
    /// All or nothing: once a line is bad nothing more is written, every later line is still checked,
    /// and the transaction is rolled back with every bad line named. `progress` follows the batches.
    public func importJSONLines(
        _ input: JSONLinesInput, source: ExampleDecoder.Source = .importing, actor: String = "import",
        progress: ((ImportProgress) -> Void)? = nil
    ) throws -> ImportCounts {
        let decoder = ExampleDecoder(reference: reference, source: source)
        let counts = try writer.write { db in
            var counts = ImportCounts(inserted: 0, updated: 0)
            var bulk: BulkWrite?
            var first = true
            defer { bulk?.restorePageCache(in: db) }
            try JSONLines.stream(input, with: decoder, batchLines: BulkWrite.threshold) { batch in
                if first, !(batch.isLast && batch.examples.count < BulkWrite.threshold) { bulk = try BulkWrite.begin(in: db) }
                first = false
                if !batch.failed {
                    let written = try importRows(batch.examples, actor: actor, in: db)
                    counts.inserted += written.inserted
                    counts.updated += written.updated
                }
                progress?(ImportProgress(examples: counts.inserted + counts.updated, bytesRead: batch.bytesRead, indexing: false))
            }
            if let bulk {
                progress?(ImportProgress(examples: counts.inserted + counts.updated, bytesRead: 0, indexing: true))
                try bulk.finish(in: db)
            }
            return counts
        }
        if counts.inserted + counts.updated >= BulkWrite.threshold { checkpointAfterBulkWrite() }
        return counts
    }

    /// Copies a large import from the write-ahead log into the database file, so that reads need not
    /// look through the log; PASSIVE, so it never waits for readers (the server's checkpoints finish it).
    private func checkpointAfterBulkWrite() {
        try? writer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }

    private func importRows(_ examples: [Example], actor: String, in db: Database) throws -> ImportCounts {
        var counts = ImportCounts(inserted: 0, updated: 0)
        let now = Timestamp.now()
        for original in examples {
            let example = completed(original, now: now)
            if let existing = try existingExample(uid: example.uid!, in: db) {
                try update(existing, with: example, actor: actor, now: now, in: db)
                counts.updated += 1
            } else {
                try insert(example, status: example.status!, submittedAt: now, actor: actor, action: "import", in: db)
                counts.inserted += 1
            }
        }
        return counts
    }

    /// Fills in what an imported example may leave out: uid, status, publication and review dates.
    func completed(_ original: Example, now: String) -> Example {
        var example = original
        example.uid = example.uid ?? UUID().uuidString.lowercased()
        example.status = example.status ?? .published
        if example.status == .published {
            example.publishedAt = example.publishedAt ?? now
            example.reviewDue = example.reviewDue ?? Timestamp.day(monthsAfter: example.publishedAt!, months: reviewPeriodMonths)
        }
        return example
    }

    private func existingExample(uid: String, in db: Database) throws -> (id: Int64, status: ExampleStatus)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, status FROM example WHERE uid = ?"), arguments: [uid])
        else { return nil }
        return (row["id"], ExampleStatus(rawValue: row["status"]) ?? .submitted)
    }

    /// Inserts a new example row with its tags and first audit event; returns its id.
    @discardableResult
    func insert(
        _ example: Example, status: ExampleStatus, submittedAt: String, actor: String, action: String,
        flags: [ScreeningFlag] = [], in db: Database
    ) throws -> Int64 {
        let columns = ["uid"] + ExampleRow.writableColumns + ["status", "submitted_at", "updated_at", "published_at", "review_due", "flags", "last_confirmed"]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "INSERT INTO example (\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
        let values: [(any DatabaseValueConvertible)?] =
            [example.uid ?? UUID().uuidString.lowercased()] + ExampleRow.values(of: example)
            + [status.rawValue, submittedAt, submittedAt, example.publishedAt, example.reviewDue, ExampleRow.encodeJSON(flags), example.lastConfirmed]
        try statement.execute(arguments: StatementArguments(values))
        let id = db.lastInsertedRowID
        try writeTags(of: example, exampleID: id, in: db)
        try recordEvent(exampleID: id, actor: actor, action: action, from: nil, to: status, note: nil, at: submittedAt, in: db)
        return id
    }

    private func update(_ existing: (id: Int64, status: ExampleStatus), with example: Example, actor: String, now: String, in db: Database) throws {
        let status = example.status ?? existing.status
        if status != existing.status {
            try recordEvent(exampleID: existing.id, actor: actor, action: "import", from: existing.status, to: status, note: nil, at: now, in: db)
        }
        try rewrite(exampleID: existing.id, with: example, now: now, in: db)
        try db.execute(
            sql: "UPDATE example SET status = ?, published_at = ?, review_due = ?, last_confirmed = coalesce(?, last_confirmed) WHERE id = ?",
            arguments: [status.rawValue, example.publishedAt, example.reviewDue, example.lastConfirmed, existing.id])
    }

    /// Replaces an example's content fields and tags, keeping its identity and status.
    func rewrite(exampleID: Int64, with example: Example, now: String, in db: Database) throws {
        let assignments = ExampleRow.writableColumns.map { "\($0) = ?" }.joined(separator: ", ")
        let values = ExampleRow.values(of: example) + [now, exampleID]
        try db.execute(sql: "UPDATE example SET \(assignments), updated_at = ? WHERE id = ?", arguments: StatementArguments(values))
        try db.execute(sql: "DELETE FROM example_foundation WHERE example_id = ?", arguments: [exampleID])
        try db.execute(sql: "DELETE FROM example_ambition WHERE example_id = ?", arguments: [exampleID])
        try writeTags(of: example, exampleID: exampleID, in: db)
    }

    private func writeTags(of example: Example, exampleID: Int64, in db: Database) throws {
        let foundation = try db.cachedStatement(sql: "INSERT INTO example_foundation (example_id, foundation, position) VALUES (?, ?, ?)")
        for (position, key) in example.foundations.enumerated() {
            try foundation.execute(arguments: [exampleID, key, position])
        }
        let ambition = try db.cachedStatement(sql: "INSERT INTO example_ambition (example_id, ambition, position) VALUES (?, ?, ?)")
        for (position, key) in example.ambitions.enumerated() {
            try ambition.execute(arguments: [exampleID, key, position])
        }
    }

    /// Appends one event to an example's audit trail.
    func recordEvent(
        exampleID: Int64, actor: String, action: String, from: ExampleStatus?, to: ExampleStatus, note: String?,
        at: String, in db: Database
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO moderation_event (example_id, at, actor, action, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [exampleID, at, actor, action, from?.rawValue, to.rawValue, note])
    }

    // MARK: Reading

    /// One example in any status, by id or uid.
    public func example(_ reference: ExampleReference) throws -> StoredExample? {
        try reader.read { db in try fetchExample(reference, in: db) }
    }

    /// One example in any status, read without blocking the caller's executor.
    public func example(_ reference: ExampleReference) async throws -> StoredExample? {
        try await reader.read { db in try fetchExample(reference, in: db) }
    }

    /// One example in any status, or a not-found error.
    public func requireExample(_ reference: ExampleReference) throws -> StoredExample {
        guard let stored = try example(reference) else { throw LibraryError.notFound(reference.description) }
        return stored
    }

    func fetchExample(_ reference: ExampleReference, in db: Database) throws -> StoredExample? {
        let row: Row?
        switch reference {
        case .id(let id): row = try Row.fetchOne(db, sql: "SELECT \(ExampleRow.selection) FROM example WHERE id = ?", arguments: [id])
        case .uid(let uid): row = try Row.fetchOne(db, sql: "SELECT \(ExampleRow.selection) FROM example WHERE uid = ?", arguments: [uid])
        }
        guard let row else { return nil }
        return try Self.decodeExamples([row], in: db).first
    }

    /// Every example, oldest first, optionally only those in one status.
    public func allExamples(status: ExampleStatus? = nil) throws -> [StoredExample] {
        try reader.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ExampleRow.selection) FROM example WHERE ?1 IS NULL OR status = ?1 ORDER BY id
                    """, arguments: [status?.rawValue])
            return try Self.decodeExamples(rows, in: db)
        }
    }

    /// Every example, oldest first, optionally only those in one status, handed to `body` a batch at a
    /// time (read in one transaction, so the whole is consistent) with how many there are in all; only
    /// one batch is in memory at once.
    public func eachExample(
        status: ExampleStatus? = nil, batchSize: Int = 500,
        _ body: (_ batch: [StoredExample], _ total: Int) throws -> Void
    ) throws {
        try reader.read { db in
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM example WHERE ?1 IS NULL OR status = ?1",
                    arguments: [status?.rawValue]) ?? 0
            var after: Int64 = 0
            while true {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(ExampleRow.selection) FROM example WHERE (?1 IS NULL OR status = ?1) AND id > ?2 ORDER BY id LIMIT ?3
                        """, arguments: [status?.rawValue, after, batchSize])
                guard let last = rows.last else { return }
                after = last["id"]
                try body(try Self.decodeExamples(rows, in: db), total)
            }
        }
    }

    /// Examples by id, in the order given, skipping ids that do not exist.
    static func examples(ids: [Int64], in db: Database) throws -> [StoredExample] {
        guard !ids.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(ExampleRow.selection) FROM example WHERE id IN (SELECT value FROM json_each(?))",
            arguments: [ExampleRow.encodeJSON(ids)])
        let byID = Dictionary(uniqueKeysWithValues: try decodeExamples(rows, in: db).map { ($0.id, $0) })
        return ids.compactMap { byID[$0] }
    }

    /// Decodes rows with their tags, fetching the tags of all rows at once.
    static func decodeExamples(_ rows: [Row], in db: Database) throws -> [StoredExample] {
        guard !rows.isEmpty else { return [] }
        let ids = ExampleRow.encodeJSON(rows.map { $0["id"] as Int64 })
        let foundations = try tagLists(table: "example_foundation", column: "foundation", ids: ids, in: db)
        let ambitions = try tagLists(table: "example_ambition", column: "ambition", ids: ids, in: db)
        return rows.map { row in
            let id: Int64 = row["id"]
            return ExampleRow.decode(row, foundations: foundations[id] ?? [], ambitions: ambitions[id] ?? [])
        }
    }

    static func tagLists(table: String, column: String, ids: String, in db: Database) throws -> [Int64: [String]] {
        var lists: [Int64: [String]] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT example_id, \(column) FROM \(table) WHERE example_id IN (SELECT value FROM json_each(?))
                    ORDER BY example_id, position
                    """), arguments: [ids])
        while let row = try rows.next() {
            lists[row[0], default: []].append(row[1])
        }
        return lists
    }
}

extension AppDatabase {
    /// The most addresses one sitemap file may hold.
    public static let sitemapLimit = 50_000

    /// The published examples' ids and publication dates, newest first, at most `limit`: the sitemap's entries.
    /// Nothing unpublished, and nothing of a local guide, is read.
    public func publishedExampleDates(limit: Int = AppDatabase.sitemapLimit) async throws -> [(id: Int64, publishedAt: String?)] {
        try await reader.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, published_at FROM example WHERE status = 'published' ORDER BY published_at DESC, id DESC LIMIT ?",
                arguments: [limit]
            ).map { ($0["id"], $0["published_at"]) }
        }
    }
}
