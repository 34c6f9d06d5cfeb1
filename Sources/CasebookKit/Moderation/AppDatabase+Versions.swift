import Foundation
import GRDB

extension AppDatabase {
    /// The statuses in which a moderator may edit an example's text (to redact an identifier).
    public static let editableStatuses: Set<ExampleStatus> = [.submitted, .changesRequested, .published]

    /// A moderator's edit of an example's text before deciding: an `edit` event, the earlier text kept
    /// as a version, and screening run again. Status and dates stay as they are.
    public func moderatorEdit(_ reference: ExampleReference, with draft: Example, note: String? = nil, actor: String) throws -> StoredExample {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        return try writer.write { db in
            guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
            guard Self.editableStatuses.contains(stored.status) else {
                throw LibraryError.illegalTransition(action: "edit", status: stored.status)
            }
            let now = Timestamp.now()
            try keepFirstVersion(of: stored, in: db)
            try rewrite(exampleID: stored.id, with: draft, now: now, in: db)
            try recordVersion(exampleID: stored.id, of: draft, actor: actor, action: "edit", at: now, in: db)
            try recordEvent(
                exampleID: stored.id, actor: actor, action: "edit", from: stored.status, to: stored.status,
                note: (note?.isEmpty ?? true) ? nil : note, at: now, in: db)
            let flags = try screen(draft, excluding: stored.id, in: db)
            try db.execute(sql: "UPDATE example SET flags = ? WHERE id = ?", arguments: [ExampleRow.encodeJSON(flags), stored.id])
            return try fetchExample(.id(stored.id), in: db)!
        }
    }

    /// Every version of an example's text, oldest first; an example never changed has one.
    public func versions(_ reference: ExampleReference) throws -> [ExampleVersion] {
        try reader.read { db in
            guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
            let kept = try Row.fetchAll(
                db,
                sql: """
                    SELECT number, at, actor, action, content FROM example_version WHERE example_id = ? ORDER BY number
                    """, arguments: [stored.id]
            ).compactMap { row -> ExampleVersion? in
                guard let example = try? JSONDecoder().decode(Example.self, from: Data((row["content"] as String).utf8)) else { return nil }
                return ExampleVersion(number: row["number"], at: row["at"], actor: row["actor"], action: row["action"], example: example)
            }
            return kept.isEmpty ? [try firstVersion(of: stored, in: db)] : kept
        }
    }

    /// A moderator's confirmation that a published example is still current: sets `last_confirmed`
    /// and the next review date, with a `confirm-current` event.
    public func confirmCurrent(_ reference: ExampleReference, actor: String, at now: String = Timestamp.now()) throws -> StoredExample {
        try writer.write { db in
            guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
            guard stored.status == .published else { throw LibraryError.illegalTransition(action: "confirm it is current", status: stored.status) }
            let due = Timestamp.day(monthsAfter: now, months: reviewPeriodMonths)
            try db.execute(sql: "UPDATE example SET last_confirmed = ?, review_due = ? WHERE id = ?", arguments: [now, due, stored.id])
            try recordEvent(
                exampleID: stored.id, actor: actor, action: "confirm-current", from: .published, to: .published,
                note: "still current; next review \(due)", at: now, in: db)
            return try fetchExample(.id(stored.id), in: db)!
        }
    }

    /// Appends a version of an example's text.
    func recordVersion(exampleID: Int64, of example: Example, actor: String, action: String, at now: String, in db: Database) throws {
        var content = example
        (content.uid, content.status, content.publishedAt, content.reviewDue, content.lastConfirmed) = (nil, nil, nil, nil, nil)
        let json = String(decoding: try Interchange.encoder(pretty: false).encode(content), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO example_version (example_id, number, at, actor, action, content)
                VALUES (?1, (SELECT coalesce(max(number), 0) + 1 FROM example_version WHERE example_id = ?1), ?2, ?3, ?4, ?5)
                """, arguments: [exampleID, now, actor, action, json])
    }

    /// Before an example's text changes, keeps the text it has now when no version holds it yet
    /// (examples imported, or stored before versions were kept).
    func keepFirstVersion(of stored: StoredExample, in db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT count(*) = 0 FROM example_version WHERE example_id = ?", arguments: [stored.id]) == true
        else { return }
        let first = try firstVersion(of: stored, in: db)
        try recordVersion(exampleID: stored.id, of: first.example, actor: first.actor, action: first.action, at: first.at, in: db)
    }

    /// The text an example has now, as its first version, credited to the event that created it.
    private func firstVersion(of stored: StoredExample, in db: Database) throws -> ExampleVersion {
        let origin = try Row.fetchOne(
            db, sql: "SELECT actor, action FROM moderation_event WHERE example_id = ? ORDER BY id LIMIT 1",
            arguments: [stored.id])
        var content = stored.example
        (content.uid, content.status, content.publishedAt, content.reviewDue, content.lastConfirmed) = (nil, nil, nil, nil, nil)
        return ExampleVersion(
            number: 1, at: stored.submittedAt, actor: origin?["actor"] ?? "import", action: origin?["action"] ?? "import",
            example: content)
    }
}
