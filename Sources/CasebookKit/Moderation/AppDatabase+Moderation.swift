import Foundation
import GRDB

extension AppDatabase {
    /// Stores a public submission as `submitted`, screened, with a new uid and an edit token shown once.
    public func submit(_ draft: Example, actor: String = "submitter") throws -> SubmissionReceipt {
        var example = draft
        example.uid = UUID().uuidString.lowercased()
        example.status = .submitted
        example.publishedAt = nil
        example.reviewDue = nil
        let token = Token.generate()
        let id = try writer.write { db in
            let flags = try screen(example, excluding: nil, in: db)
            let id = try insert(example, status: .submitted, submittedAt: Timestamp.now(), actor: actor, action: "submit", flags: flags, in: db)
            try db.execute(sql: "INSERT INTO submission_token (example_id, token_hash, created_at) VALUES (?, ?, ?)",
                           arguments: [id, Token.hash(token.secret), Timestamp.now()])
            return id
        }
        return SubmissionReceipt(id: id, uid: example.uid!, status: .submitted, editToken: token.secret)
    }

    /// Replaces a submission's content after changes were requested, and sends it back to the queue.
    public func revise(_ reference: ExampleReference, with draft: Example, actor: String = "submitter") throws -> StoredExample {
        try writer.write { db in
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
    }

    /// The longest note a moderator may write on a decision, in characters.
    public static let maxNoteLength = 5_000

    /// Applies a moderator's decision, recording it in the audit trail; returns the example as it now is.
    public func decide(_ reference: ExampleReference, action: ModerationAction, note: String?, actor: String) throws -> StoredExample {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsNote, note?.isEmpty ?? true {
            throw InvalidInput([.required("note", "say why you \(action.rawValue), for the submitter and the audit trail")])
        }
        if let note, note.unicodeScalars.count > Self.maxNoteLength {
            throw InvalidInput([.tooLong("note", limit: Self.maxNoteLength)])
        }
        return try writer.write { db in
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
    }

    /// The audit trail of one example, oldest first.
    public func history(_ reference: ExampleReference) throws -> [ModerationEvent] {
        try reader.read { db in
            guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
            return try Row.fetchAll(db, sql: """
                SELECT at, actor, action, from_status, to_status, note FROM moderation_event WHERE example_id = ? ORDER BY id
                """, arguments: [stored.id]).map { row in
                ModerationEvent(at: row["at"], actor: row["actor"], action: row["action"],
                                from: (row["from_status"] as String?).flatMap(ExampleStatus.init(rawValue:)),
                                to: ExampleStatus(rawValue: row["to_status"]) ?? .submitted, note: row["note"])
            }
        }
    }

    /// Submissions waiting for a moderator, oldest first; `all` adds those awaiting changes and published examples past review.
    public func moderationQueue(all: Bool = false, today: String = Timestamp.today()) throws -> [QueueItem] {
        try reader.read { db in
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
    }

    /// Whether an edit token belongs to a submission.
    public func editTokenMatches(_ secret: String, exampleID: Int64) throws -> Bool {
        try reader.read { db in
            try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM submission_token WHERE example_id = ? AND token_hash = ?",
                              arguments: [exampleID, Token.hash(secret)]) ?? false
        }
    }

    /// The submission an edit token belongs to, if any: lets the server tell another submitter's
    /// token (403) from a token nobody holds (401).
    public func submissionID(forEditToken secret: String) throws -> Int64? {
        try reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT example_id FROM submission_token WHERE token_hash = ?", arguments: [Token.hash(secret)])
        }
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
