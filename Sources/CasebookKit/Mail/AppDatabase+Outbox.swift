import Foundation
import GRDB

extension AppDatabase {
    /// Writes a message into the outbox inside the caller's transaction, with a new Message-ID; it
    /// waits there until the sender delivers it.
    func enqueue(_ draft: MailDraft, in db: Database) throws {
        let now = Timestamp.now()
        try db.execute(
            sql: """
                INSERT INTO mail_message (message_id, kind, recipient, subject, body, example_id, status, attempts, created_at, next_attempt_at,
                  reply_to, list_unsubscribe)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)
                """,
            arguments: [
                newMessageID(), draft.kind.rawValue, draft.to.email, draft.subject, draft.body, draft.exampleID, now, now,
                draft.replyTo?.email, draft.listUnsubscribe
            ])
    }

    /// A Message-ID that stays with the message through every attempt: `<random@host of the public URL>`.
    private func newMessageID() -> String {
        let host = URL(string: publicURL)?.host.flatMap { MailAddress.isSendable("x@" + $0) ? $0 : nil } ?? "casebook.invalid"
        return "\(UUID().uuidString.lowercased())@\(host)"
    }

    /// The outbox, newest first, optionally only the messages with one status.
    public func outbox(status: MailStatus? = nil) throws -> [OutboxEntry] {
        try reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, recipient, subject, kind, status, attempts, created_at, sent_at FROM mail_message
                    WHERE ? IS NULL OR status = ? ORDER BY id DESC
                    """, arguments: [status?.rawValue, status?.rawValue]
            ).map { row in
                OutboxEntry(
                    id: row["id"], to: row["recipient"], subject: row["subject"], kind: row["kind"],
                    status: MailStatus(rawValue: row["status"]) ?? .pending, attempts: row["attempts"],
                    createdAt: row["created_at"], sentAt: row["sent_at"])
            }
        }
    }

    /// Claims the oldest pending message that is due, counting the attempt and moving its next try on
    /// by the backoff first, so a sender killed while it delivers leaves the message to be sent again
    /// later, with the same Message-ID.
    public func claimDueMail(now: Date = Date(), policy: RetryPolicy) async throws -> ClaimedMail? {
        let due = Timestamp.format(now)
        return try await writer.write { db in
            guard
                let id = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM mail_message WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1
                        """, arguments: [due])
            else { return nil }
            return try claim(id, now: now, policy: policy, in: db)
        }
    }

    /// The ids of every pending message, due or not, oldest first (for `casebook mail send`).
    public func pendingMailIDs() throws -> [Int64] {
        try reader.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM mail_message WHERE status = 'pending' ORDER BY id") }
    }

    /// Claims one pending message whatever its next attempt time; nil when it is no longer pending.
    public func claimMail(id: Int64, now: Date = Date(), policy: RetryPolicy) async throws -> ClaimedMail? {
        try await writer.write { db in try claim(id, now: now, policy: policy, in: db) }
    }

    private func claim(_ id: Int64, now: Date, policy: RetryPolicy, in db: Database) throws -> ClaimedMail? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, message_id, recipient, subject, body, created_at, attempts, reply_to, list_unsubscribe FROM mail_message
                    WHERE id = ? AND status = 'pending'
                    """, arguments: [id])
        else { return nil }
        let attempt = (row["attempts"] as Int) + 1
        let next = Timestamp.format(now.addingTimeInterval(TimeInterval(policy.delay(after: attempt))))
        try db.execute(sql: "UPDATE mail_message SET attempts = ?, next_attempt_at = ? WHERE id = ?", arguments: [attempt, next, id])
        try db.execute(
            sql: "INSERT INTO mail_attempt (mail_id, number, started_at) VALUES (?, ?, ?)",
            arguments: [id, attempt, Timestamp.format(now)])
        return ClaimedMail(
            id: id, messageID: row["message_id"], to: row["recipient"], subject: row["subject"],
            body: row["body"], createdAt: row["created_at"], attempt: attempt, replyTo: row["reply_to"],
            listUnsubscribe: row["list_unsubscribe"])
    }

    /// Records that the relay accepted a message.
    public func markSent(_ mail: ClaimedMail, at now: Date = Date()) async throws {
        let at = Timestamp.format(now)
        try await writer.write { db in
            try db.execute(sql: "UPDATE mail_message SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?", arguments: [at, mail.id])
            try recordOutcome(mail, "sent", error: nil, in: db)
        }
    }

    /// Records a failed attempt: the message waits for its next try, or is marked failed after the last
    /// (or at once, when the relay refused it for good).
    public func markAttemptFailed(_ mail: ClaimedMail, error: String, policy: RetryPolicy, permanent: Bool = false) async throws {
        let outcome = permanent || mail.attempt >= policy.maxAttempts ? "failed" : "retry"
        let error = String(error.prefix(1_000))
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE mail_message SET last_error = ?, status = CASE WHEN ? = 'failed' THEN 'failed' ELSE status END WHERE id = ?
                    """, arguments: [error, outcome, mail.id])
            try recordOutcome(mail, outcome, error: error, in: db)
        }
    }

    private func recordOutcome(_ mail: ClaimedMail, _ outcome: String, error: String?, in db: Database) throws {
        try db.execute(
            sql: "UPDATE mail_attempt SET outcome = ?, error = ? WHERE mail_id = ? AND number = ?",
            arguments: [outcome, error, mail.id, mail.attempt])
    }

    /// Deletes sent messages older than a number of days (by when they were sent); returns how many.
    public func purgeSentMail(olderThanDays days: Int, now: Date = Date()) throws -> Int {
        let cutoff = Timestamp.format(now.addingTimeInterval(-TimeInterval(days) * 86_400))
        return try writer.write { db in
            try db.execute(sql: "DELETE FROM mail_message WHERE status = 'sent' AND sent_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
