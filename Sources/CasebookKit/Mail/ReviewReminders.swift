import Foundation
import GRDB

/// How the contact of a published example answered its review reminder.
public enum ReviewAnswer: String, Codable, Sendable, CaseIterable {
    /// The work goes on as described.
    case running
    /// The work goes on but has changed: moderators are asked to bring the example up to date.
    case changed
    /// The work has stopped.
    case stopped
}

/// A review reminder as its one-click links find it.
public struct ReviewRequest: Sendable, Equatable {
    public var exampleID: Int64
    public var title: String
    public var reviewDue: String
    public var answer: ReviewAnswer?
    public var changeNote: String?
}

extension AppDatabase {
    /// The longest note a contact may write about what changed, in characters.
    public static let maxChangeNoteLength = 5_000

    /// Writes a reminder into the outbox for every published example whose review date has come (on or
    /// before `today`, `YYYY-MM-DD`) and that has an address to ask (its contact's email, else the address
    /// its submitter gave), once per review date. Each reminder holds its own token, stored as a hash, behind
    /// three one-click links. Returns how many were written.
    @discardableResult
    public func writeDueReviewReminders(today: String = Timestamp.today()) async throws -> Int {
        try await writer.write { db in
            let due = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id, e.title, e.review_due, e.contact_email, s.email AS submitter_email FROM example e
                    LEFT JOIN submitter_address s ON s.example_id = e.id
                    WHERE e.status = 'published' AND e.review_due IS NOT NULL AND e.review_due <= ?
                      AND NOT EXISTS (SELECT 1 FROM review_request r WHERE r.example_id = e.id AND r.review_due = e.review_due)
                    ORDER BY e.review_due, e.id
                    """, arguments: [today])
            var written = 0
            for row in due {
                guard let to = ((row["contact_email"] as String?) ?? (row["submitter_email"] as String?)).flatMap(MailAddress.init) else { continue }
                let token = Token.generate().secret
                try db.execute(
                    sql: "INSERT INTO review_request (example_id, review_due, token_hash, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [row["id"], row["review_due"], Token.hash(token), Timestamp.now()])
                let title: String = row["title"]
                try enqueue(
                    MailDraft(
                        kind: .reviewReminder, to: to, subject: "Casebook: is \u{201C}\(title)\u{201D} still running?",
                        body: MailText.reviewReminder(title: title, links: "\(linkBase)/reviews/\(token)"), exampleID: row["id"]),
                    in: db)
                written += 1
            }
            return written
        }
    }

    /// The reminder a token belongs to, while its example is still published and no later reminder was sent;
    /// nil for any other token.
    public func reviewRequest(token: String) async throws -> ReviewRequest? {
        let hash = Token.hash(token)
        return try await reader.read { db in try Self.reviewRequest(hash: hash, in: db) }
    }

    private static func reviewRequest(hash: String, in db: Database) throws -> ReviewRequest? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT r.example_id, e.title, r.review_due, r.answer, r.change_note FROM review_request r
                JOIN example e ON e.id = r.example_id WHERE r.token_hash = ? AND e.status = 'published'
                  AND r.review_due = (SELECT max(review_due) FROM review_request WHERE example_id = r.example_id)
                """, arguments: [hash]
        ).map { row in
            ReviewRequest(
                exampleID: row["example_id"], title: row["title"], reviewDue: row["review_due"],
                answer: (row["answer"] as String?).flatMap(ReviewAnswer.init(rawValue:)), changeNote: row["change_note"])
        }
    }

    /// Records the contact's answer to a reminder, in the audit trail too. Still running or stopped sets the
    /// example's `work_status` and `last_confirmed`, and its next review date; changed keeps it due for review,
    /// with the contact's note for the moderators who bring it up to date. A later answer replaces a slip.
    /// Nil when the token belongs to no reminder of a published example.
    public func answerReview(token: String, _ answer: ReviewAnswer, note: String? = nil) async throws -> ReviewRequest? {
        let hash = Token.hash(token)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.unicodeScalars.count > Self.maxChangeNoteLength {
            throw InvalidInput([.tooLong("note", limit: Self.maxChangeNoteLength)])
        }
        let months = reviewPeriodMonths
        return try await writer.write { db in
            guard let request = try Self.reviewRequest(hash: hash, in: db) else { return nil }
            let now = Timestamp.now()
            try db.execute(
                sql: "UPDATE review_request SET answer = ?, answered_at = ?, change_note = ? WHERE token_hash = ?",
                arguments: [answer.rawValue, now, answer == .changed ? note : nil, hash])
            var eventNote = "the contact answered the review reminder"
            switch answer {
            case .running, .stopped:
                let next = Timestamp.day(monthsAfter: now, months: months)
                try db.execute(
                    sql: "UPDATE example SET work_status = ?, last_confirmed = ?, review_due = ? WHERE id = ?",
                    arguments: [answer.rawValue, now, next, request.exampleID])
                eventNote += "; next review \(next)"
            case .changed:
                if let note, !note.isEmpty { eventNote += ": \(note)" }
            }
            try recordEvent(
                exampleID: request.exampleID, actor: "contact", action: "review-\(answer.rawValue)", from: .published, to: .published,
                note: eventNote, at: now, in: db)
            return try Self.reviewRequest(hash: hash, in: db)
        }
    }
}

extension MailText {
    static func reviewReminder(title: String, links: String) -> String {
        """
        "\(title)" was published in Casebook, and its review date has come. Is the work still going on?
        One click answers, and others will see the answer on the example's page:

        Still running:   \(links)/running
        It has changed:  \(links)/changed
        It has stopped:  \(links)/stopped

        These links are for you only. You were sent this because this address is the contact for the example.
        """
    }
}
