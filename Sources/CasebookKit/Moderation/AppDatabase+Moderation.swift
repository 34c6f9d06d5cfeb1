import Foundation
import GRDB

extension AppDatabase {
    /// Stores a public submission as `submitted`, screened, with a new uid and an edit token shown once.
    /// The receipt and the moderators' notices are written into the outbox in the same transaction;
    /// `submitterEmail`, when given, is kept privately for this submission's mail and shown nowhere.
    public func submit(_ draft: Example, submitterEmail: MailAddress? = nil, actor: String = "submitter") throws -> SubmissionReceipt {
        let example = Self.newSubmission(draft)
        let token = Token.generate()
        let (id, flags) = try writer.write { db in
            try insertSubmission(example, token: token.secret, submitterEmail: submitterEmail, actor: actor, in: db)
        }
        return SubmissionReceipt(id: id, uid: example.uid!, status: .submitted, editToken: token.secret, flags: flags)
    }

    /// The same submission, without blocking the caller's executor.
    public func submit(_ draft: Example, submitterEmail: MailAddress? = nil, actor: String = "submitter") async throws -> SubmissionReceipt {
        let example = Self.newSubmission(draft)
        let token = Token.generate()
        let secret = token.secret
        let (id, flags) = try await writer.write { db in
            try insertSubmission(example, token: secret, submitterEmail: submitterEmail, actor: actor, in: db)
        }
        return SubmissionReceipt(id: id, uid: example.uid!, status: .submitted, editToken: token.secret, flags: flags)
    }

    /// A draft as a new submission: a new uid, and no status or dates of its own.
    private static func newSubmission(_ draft: Example) -> Example {
        var example = draft
        example.uid = UUID().uuidString.lowercased()
        example.status = .submitted
        example.publishedAt = nil
        example.reviewDue = nil
        example.lastConfirmed = nil
        return example
    }

    private func insertSubmission(
        _ example: Example, token: String, submitterEmail: MailAddress?, actor: String,
        in db: Database
    ) throws -> (Int64, [ScreeningFlag]) {
        let flags = try screen(example, excluding: nil, in: db)
        let now = Timestamp.now()
        let id = try insert(example, status: .submitted, submittedAt: now, actor: actor, action: "submit", flags: flags, in: db)
        try db.execute(
            sql: "INSERT INTO submission_token (example_id, token_hash, created_at) VALUES (?, ?, ?)",
            arguments: [id, Token.hash(token), now])
        try recordVersion(exampleID: id, of: example, actor: actor, action: "submit", at: now, in: db)
        try enqueueSubmissionMail(exampleID: id, example: example, submitterEmail: submitterEmail, editToken: token, in: db)
        return (id, flags)
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
        try keepFirstVersion(of: stored, in: db)
        try rewrite(exampleID: stored.id, with: draft, now: now, in: db)
        try recordVersion(exampleID: stored.id, of: draft, actor: actor, action: ModerationAction.revise.rawValue, at: now, in: db)
        try recordEvent(exampleID: stored.id, actor: actor, action: ModerationAction.revise.rawValue, from: stored.status, to: next, note: nil, at: now, in: db)
        let flags = try screen(draft, excluding: stored.id, in: db)
        try db.execute(
            sql: "UPDATE example SET status = ?, flags = ? WHERE id = ?",
            arguments: [next.rawValue, ExampleRow.encodeJSON(flags), stored.id])
        return try fetchExample(.id(stored.id), in: db)!
    }

    /// The longest note a moderator may write on a decision, in characters.
    public static let maxNoteLength = 5_000

    /// Applies a moderator's decision, recording it in the audit trail; returns the example as it now is.
    /// Approving an example with screening flags needs `acknowledgeFlags`, which the audit trail records.
    public func decide(
        _ reference: ExampleReference, action: ModerationAction, note: String?, actor: String,
        acknowledgeFlags: Bool = false
    ) throws -> StoredExample {
        let note = try Self.decisionNote(note, for: action)
        return try writer.write { db in
            try applyDecision(reference, action: action, note: note, actor: actor, acknowledgeFlags: acknowledgeFlags, in: db)
        }
    }

    /// The same decision, without blocking the caller's executor.
    public func decide(
        _ reference: ExampleReference, action: ModerationAction, note: String?, actor: String,
        acknowledgeFlags: Bool = false
    ) async throws -> StoredExample {
        let note = try Self.decisionNote(note, for: action)
        return try await writer.write { db in
            try applyDecision(reference, action: action, note: note, actor: actor, acknowledgeFlags: acknowledgeFlags, in: db)
        }
    }

    /// The trimmed note, which the decisions that need one must carry.
    static func decisionNote(_ note: String?, for action: ModerationAction) throws -> String? {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsNote, note?.isEmpty ?? true {
            throw InvalidInput([.required("note", "say why you \(action.rawValue), for the submitter and the audit trail")])
        }
        if let note, note.unicodeScalars.count > Self.maxNoteLength {
            throw InvalidInput([.tooLong("note", limit: Self.maxNoteLength)])
        }
        return note
    }

    private func applyDecision(
        _ reference: ExampleReference, action: ModerationAction, note: String?, actor: String, acknowledgeFlags: Bool, in db: Database
    ) throws -> StoredExample {
        guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
        let next = try StatusMachine.next(from: stored.status, by: action)
        let now = Timestamp.now()
        if action == .approve, !stored.flags.isEmpty {
            guard acknowledgeFlags else { throw UnacknowledgedFlags(flags: stored.flags) }
            try recordEvent(
                exampleID: stored.id, actor: actor, action: "acknowledge-flags", from: stored.status, to: stored.status,
                note: UnacknowledgedFlags(flags: stored.flags).flagList, at: now, in: db)
        }
        try recordEvent(exampleID: stored.id, actor: actor, action: action.rawValue, from: stored.status, to: next, note: note, at: now, in: db)
        let due = next == .published ? Timestamp.day(monthsAfter: now, months: reviewPeriodMonths) : stored.example.reviewDue
        try db.execute(
            sql: """
                UPDATE example SET status = ?, updated_at = ?, published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END,
                  review_due = ? WHERE id = ?
                """, arguments: [next.rawValue, now, next.rawValue, now, due, stored.id])
        try enqueueDecisionMail(stored, action: action, note: note, in: db)
        return try fetchExample(.id(stored.id), in: db)!
    }

    /// The audit trail of one example, oldest first.
    public func history(_ reference: ExampleReference) throws -> [ModerationEvent] {
        try reader.read { db in try fetchHistory(reference, in: db) }
    }

    /// The same audit trail, without blocking the caller's executor.
    public func history(_ reference: ExampleReference) async throws -> [ModerationEvent] {
        try await reader.read { db in try fetchHistory(reference, in: db) }
    }

    private func fetchHistory(_ reference: ExampleReference, in db: Database) throws -> [ModerationEvent] {
        guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT at, actor, action, from_status, to_status, note FROM moderation_event WHERE example_id = ? ORDER BY id
                """, arguments: [stored.id]
        ).map { row in
            ModerationEvent(
                at: row["at"], actor: row["actor"], action: row["action"],
                from: (row["from_status"] as String?).flatMap(ExampleStatus.init(rawValue:)),
                to: ExampleStatus(rawValue: row["to_status"]) ?? .submitted, note: row["note"])
        }
    }

    /// Submissions waiting for a moderator, oldest first; `all` adds those awaiting changes and published examples past review.
    public func moderationQueue(all: Bool = false, today: String = Timestamp.today()) throws -> [QueueItem] {
        try reader.read { db in try Self.fetchQueue(all: all, today: today, in: db) }
    }

    /// The same queue, without blocking the caller's executor.
    public func moderationQueue(all: Bool = false, today: String = Timestamp.today()) async throws -> [QueueItem] {
        try await reader.read { db in try Self.fetchQueue(all: all, today: today, in: db) }
    }

    private static func fetchQueue(all: Bool, today: String, in db: Database) throws -> [QueueItem] {
        try Row.fetchAll(
            db,
            sql: Self.queued + """
                SELECT * FROM queued WHERE kind = 'example' AND (?2 OR status = 'submitted')
                ORDER BY CASE status WHEN 'submitted' THEN 0 WHEN 'changes-requested' THEN 1 ELSE 2 END, submitted_at, id
                """, arguments: [today, all]
        ).map(Self.queueItem)
    }

    /// One page of one section of the queue, oldest first, with every section's count.
    public func moderationQueue(section: QueueSection, limit: Int, offset: Int, today: String = Timestamp.today()) throws -> QueuePage {
        try reader.read { db in try Self.fetchQueuePage(section: section, limit: limit, offset: offset, today: today, in: db) }
    }

    /// The same page, without blocking the caller's executor.
    public func moderationQueue(section: QueueSection, limit: Int, offset: Int, today: String = Timestamp.today()) async throws -> QueuePage {
        try await reader.read { db in try Self.fetchQueuePage(section: section, limit: limit, offset: offset, today: today, in: db) }
    }

    private static func fetchQueuePage(section: QueueSection, limit: Int, offset: Int, today: String, in db: Database) throws -> QueuePage {
        var counts = Dictionary(uniqueKeysWithValues: QueueSection.allCases.map { ($0.rawValue, 0) })
        for row in try Row.fetchAll(db, sql: Self.queued + "SELECT section, count(*) AS n FROM queued GROUP BY section", arguments: [today]) {
            counts[row["section"]] = row["n"]
        }
        let items = try Row.fetchAll(
            db,
            sql: Self.queued + """
                SELECT * FROM queued WHERE section = ?2
                ORDER BY CASE section WHEN 'new' THEN submitted_at WHEN 'adoptions' THEN submitted_at WHEN 'review-due' THEN review_due
                  ELSE updated_at END, id
                LIMIT ?3 OFFSET ?4
                """, arguments: [today, section.rawValue, limit, offset]
        ).map(Self.queueItem)
        return QueuePage(counts: counts, total: counts[section.rawValue] ?? 0, items: items)
    }

    /// Everything a moderator may need to look at, each row with its section; `?1` is today.
    private static let queued = """
        WITH queued AS (
          SELECT id, uid, title, status, submitted_at, updated_at, review_due, flags, last_confirmed,
            CASE WHEN status = 'submitted' AND EXISTS (
                   SELECT 1 FROM moderation_event m WHERE m.example_id = example.id AND m.action = 'revise') THEN 'resubmitted'
                 WHEN status = 'submitted' THEN 'new'
                 WHEN status = 'changes-requested' THEN 'changes-requested'
                 ELSE 'review-due' END AS section,
            CASE WHEN status = 'published' THEN CAST(julianday(?1) - julianday(review_due) AS INTEGER) END AS days_overdue,
            'example' AS kind, id AS example_id
          FROM example
          WHERE status IN ('submitted', 'changes-requested') OR (status = 'published' AND review_due < ?1)
          UNION ALL
          SELECT adoption.id, NULL, adoption.organisation_name || ' tried “' || example.title || '”', adoption.status, adoption.submitted_at,
            adoption.submitted_at, NULL, adoption.flags, NULL, 'adoptions', NULL, 'adoption', adoption.example_id
          FROM adoption JOIN example ON example.id = adoption.example_id
          WHERE adoption.status = 'submitted'
        )

        """

    private static func queueItem(_ row: Row) -> QueueItem {
        QueueItem(
            id: row["id"], uid: row["uid"], title: row["title"], status: ExampleStatus(rawValue: row["status"]) ?? .submitted,
            submittedAt: row["submitted_at"], reviewDue: row["review_due"],
            flags: ExampleRow.decodeJSON([ScreeningFlag].self, row["flags"]) ?? [],
            section: QueueSection(rawValue: row["section"]), daysOverdue: row["days_overdue"], lastConfirmed: row["last_confirmed"],
            kind: QueueItem.Kind(rawValue: row["kind"]) ?? .example, exampleID: row["example_id"])
    }

    /// Whether an edit token belongs to a submission.
    public func editTokenMatches(_ secret: String, exampleID: Int64) throws -> Bool {
        try reader.read { db in try Self.tokenMatches(Token.hash(secret), exampleID: exampleID, in: db) }
    }

    /// The same check, without blocking the caller's executor.
    public func editTokenMatches(_ secret: String, exampleID: Int64) async throws -> Bool {
        let hash = Token.hash(secret)
        return try await reader.read { db in try Self.tokenMatches(hash, exampleID: exampleID, in: db) }
    }

    private static func tokenMatches(_ hash: String, exampleID: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT count(*) > 0 FROM submission_token WHERE example_id = ? AND token_hash = ?",
            arguments: [exampleID, hash]) ?? false
    }

    /// The submission an edit token belongs to, if any: lets the server tell another submitter's
    /// token (403) from a token nobody holds (401).
    public func submissionID(forEditToken secret: String) throws -> Int64? {
        try reader.read { db in try Self.tokenOwner(Token.hash(secret), in: db) }
    }

    /// The same look-up, without blocking the caller's executor.
    public func submissionID(forEditToken secret: String) async throws -> Int64? {
        let hash = Token.hash(secret)
        return try await reader.read { db in try Self.tokenOwner(hash, in: db) }
    }

    private static func tokenOwner(_ hash: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT example_id FROM submission_token WHERE token_hash = ?", arguments: [hash])
    }

    /// Screening flags for an example: identifiers in its text, and published examples it may duplicate.
    func screen(_ example: Example, excluding exampleID: Int64?, in db: Database) throws -> [ScreeningFlag] {
        var flags = Screener().screen(example)
        for match in try DuplicateFinder.similar(to: example, excluding: exampleID, in: db) {
            flags.append(
                ScreeningFlag(
                    kind: .possibleDuplicate, field: "title",
                    detail: "possibly the same as #\(match.id) \"\(match.title)\" (\(Int(match.similarity * 100))% alike)"))
        }
        return flags
    }
}
