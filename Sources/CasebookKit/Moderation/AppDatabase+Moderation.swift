import Foundation
import GRDB

extension AppDatabase {
    /// Stores a public submission as `submitted`, screened, with a new uid and an edit token shown once.
    public func submit(_ draft: Example, actor: String = "submitter") throws -> SubmissionReceipt {
        let (example, token) = Self.newSubmission(draft)
        let id = try writer.write { db in try insertSubmission(example, tokenHash: Token.hash(token), actor: actor, in: db) }
        return SubmissionReceipt(id: id, uid: example.uid!, status: .submitted, editToken: token)
    }

    /// Stores a public submission without blocking the caller's executor while it waits for the write lock and the disk.
    public func submit(_ draft: Example, actor: String = "submitter") async throws -> SubmissionReceipt {
        let (example, token) = Self.newSubmission(draft)
        let id = try await writer.write { db in try insertSubmission(example, tokenHash: Token.hash(token), actor: actor, in: db) }
        return SubmissionReceipt(id: id, uid: example.uid!, status: .submitted, editToken: token)
    }

    /// A submission's example with a new uid and no status dates, and its new edit token.
    private static func newSubmission(_ draft: Example) -> (Example, token: String) {
        var example = draft
        example.uid = UUID().uuidString.lowercased()
        example.status = .submitted
        example.publishedAt = nil
        example.reviewDue = nil
        return (example, Token.generate().secret)
    }

    private func insertSubmission(_ example: Example, tokenHash: String, actor: String, in db: Database) throws -> Int64 {
        let flags = try screen(example, excluding: nil, in: db)
        let id = try insert(example, status: .submitted, submittedAt: Timestamp.now(), actor: actor, action: "submit", flags: flags, in: db)
        try db.execute(sql: "INSERT INTO submission_token (example_id, token_hash, created_at) VALUES (?, ?, ?)",
                       arguments: [id, tokenHash, Timestamp.now()])
        return id
    }

    /// Replaces a submission's content after changes were requested, and sends it back to the queue.
    public func revise(_ reference: ExampleReference, with draft: Example, actor: String = "submitter") throws -> StoredExample {
        try writer.write { db in try reviseSubmission(reference, with: draft, actor: actor, in: db) }
    }

    /// The same revision, without blocking the caller's executor.
    public func revise(_ reference: ExampleReference, with draft: Example, actor: String = "submitter") async throws -> StoredExample {
        try await writer.write { db in try reviseSubmission(reference, with: draft, actor: actor, in: db) }
    }

    private func reviseSubmission(_ reference: ExampleReference, with draft: Example, actor: String, in db: Database) throws -> StoredExample {
        guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
        let next = try StatusMachine.next(from: stored.status, by: .revise)
        let now = Timestamp.now()
        try rewrite(exampleID: stored.id, with: draft, now: now, in: db)
        try recordEvent(exampleID: stored.id, actor: actor, action: ModerationAction.revise.rawValue, from: stored.status, to: next, note: nil, at: now, in: db)
        let flags = try screen(draft, excluding: stored.id, in: db)
        try db.execute(sql: "UPDATE example SET status = ?, flags = ? WHERE id = ?",
                       arguments: [next.rawValue, ExampleRow.encodeJSON(flags), stored.id])
        return try fetchExample(.id(stored.id), in: db)!
    }

    /// Applies a moderator's decision, recording it in the audit trail; returns the example as it now is.
    public func decide(_ reference: ExampleReference, action: ModerationAction, note: String?, actor: String) throws -> StoredExample {
        let note = try Self.decisionNote(note, for: action)
        return try writer.write { db in try applyDecision(reference, action: action, note: note, actor: actor, in: db) }
    }

    /// The same decision, without blocking the caller's executor.
    public func decide(_ reference: ExampleReference, action: ModerationAction, note: String?, actor: String) async throws -> StoredExample {
        let note = try Self.decisionNote(note, for: action)
        return try await writer.write { db in try applyDecision(reference, action: action, note: note, actor: actor, in: db) }
    }

    /// The trimmed note, which the decisions that need one must carry.
    private static func decisionNote(_ note: String?, for action: ModerationAction) throws -> String? {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsNote, note?.isEmpty ?? true {
            throw InvalidInput([FieldError(field: "note", message: "is required to \(action.rawValue): say why, for the submitter and the audit trail")])
        }
        return note
    }

    private func applyDecision(_ reference: ExampleReference, action: ModerationAction, note: String?, actor: String, in db: Database) throws -> StoredExample {
        guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
        let next = try StatusMachine.next(from: stored.status, by: action)
        let now = Timestamp.now()
        try recordEvent(exampleID: stored.id, actor: actor, action: action.rawValue, from: stored.status, to: next, note: note, at: now, in: db)
        let due = next == .published ? Timestamp.day(monthsAfter: now, months: reviewPeriodMonths) : stored.example.reviewDue
        try db.execute(sql: """
            UPDATE example SET status = ?, updated_at = ?, published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END,
              review_due = ? WHERE id = ?
            """, arguments: [next.rawValue, now, next.rawValue, now, due, stored.id])
        return try fetchExample(.id(stored.id), in: db)!
    }

    /// The audit trail of one example, oldest first.
    public func history(_ reference: ExampleReference) throws -> [ModerationEvent] {
        try reader.read { db in try fetchHistory(reference, in: db) }
    }

    /// The audit trail, read without blocking the caller's executor.
    public func history(_ reference: ExampleReference) async throws -> [ModerationEvent] {
        try await reader.read { db in try fetchHistory(reference, in: db) }
    }

    private func fetchHistory(_ reference: ExampleReference, in db: Database) throws -> [ModerationEvent] {
        guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
        return try Row.fetchAll(db, sql: """
            SELECT at, actor, action, from_status, to_status, note FROM moderation_event WHERE example_id = ? ORDER BY id
            """, arguments: [stored.id]).map { row in
            ModerationEvent(at: row["at"], actor: row["actor"], action: row["action"],
                            from: (row["from_status"] as String?).flatMap(ExampleStatus.init(rawValue:)),
                            to: ExampleStatus(rawValue: row["to_status"]) ?? .submitted, note: row["note"])
        }
    }

    /// Submissions waiting for a moderator, oldest first; `all` adds those awaiting changes and published examples past review.
    public func moderationQueue(all: Bool = false, today: String = Timestamp.today()) throws -> [QueueItem] {
        try reader.read { db in try fetchQueue(all: all, today: today, in: db) }
    }

    /// The moderation queue, read without blocking the caller's executor.
    public func moderationQueue(all: Bool = false, today: String = Timestamp.today()) async throws -> [QueueItem] {
        try await reader.read { db in try fetchQueue(all: all, today: today, in: db) }
    }

    private func fetchQueue(all: Bool, today: String, in db: Database) throws -> [QueueItem] {
        try Row.fetchAll(db, sql: """
            SELECT id, uid, title, status, submitted_at, review_due, flags FROM example
            WHERE status = 'submitted'
               OR (?1 AND status = 'changes-requested')
               OR (?1 AND status = 'published' AND review_due < ?2)
            ORDER BY CASE status WHEN 'submitted' THEN 0 WHEN 'changes-requested' THEN 1 ELSE 2 END, submitted_at, id
            """, arguments: [all, today]).map { row in
            QueueItem(id: row["id"], uid: row["uid"], title: row["title"], status: ExampleStatus(rawValue: row["status"]) ?? .submitted,
                      submittedAt: row["submitted_at"], reviewDue: row["review_due"],
                      flags: ExampleRow.decodeJSON([ScreeningFlag].self, row["flags"]) ?? [])
        }
    }

    /// Whether an edit token belongs to a submission.
    public func editTokenMatches(_ secret: String, exampleID: Int64) throws -> Bool {
        let hash = Token.hash(secret)
        return try reader.read { db in try Self.editTokenMatches(hash: hash, exampleID: exampleID, in: db) }
    }

    /// Whether an edit token belongs to a submission, read without blocking the caller's executor.
    public func editTokenMatches(_ secret: String, exampleID: Int64) async throws -> Bool {
        let hash = Token.hash(secret)
        return try await reader.read { db in try Self.editTokenMatches(hash: hash, exampleID: exampleID, in: db) }
    }

    private static func editTokenMatches(hash: String, exampleID: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM submission_token WHERE example_id = ? AND token_hash = ?",
                          arguments: [exampleID, hash]) ?? false
    }

    /// The submission an edit token belongs to, if any: lets the server tell another submitter's
    /// token (403) from a token nobody holds (401).
    public func submissionID(forEditToken secret: String) throws -> Int64? {
        let hash = Token.hash(secret)
        return try reader.read { db in try Self.submissionID(tokenHash: hash, in: db) }
    }

    /// The submission an edit token belongs to, read without blocking the caller's executor.
    public func submissionID(forEditToken secret: String) async throws -> Int64? {
        let hash = Token.hash(secret)
        return try await reader.read { db in try Self.submissionID(tokenHash: hash, in: db) }
    }

    private static func submissionID(tokenHash: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT example_id FROM submission_token WHERE token_hash = ?", arguments: [tokenHash])
    }

    /// Screening flags for an example: identifiers in its text, and published examples it may duplicate.
    func screen(_ example: Example, excluding exampleID: Int64?, in db: Database) throws -> [ScreeningFlag] {
        var flags = Screener().screen(example)
        for match in try DuplicateFinder.similar(to: example, excluding: exampleID, in: db) {
            flags.append(ScreeningFlag(kind: .possibleDuplicate, field: "title",
                                       detail: "possibly the same as #\(match.id) \"\(match.title)\" (\(Int(match.similarity * 100))% alike)"))
        }
        return flags
    }
}
