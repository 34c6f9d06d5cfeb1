import Foundation
import GRDB

extension AppDatabase {
    static let guideEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Stores a new guide and returns its keys with its two tokens, which are never shown again: only their
    /// hashes are kept. Every example it names must be published (an `InvalidInput` names each that is not).
    public func createGuide(_ content: GuideContent) async throws -> GuideCreated {
        let (edit, share) = (Token.generate().secret, Token.generate().secret)
        let uid = UUID().uuidString.lowercased()
        let id = try await writer.write { db in
            let stored = try resolvedForStorage(content, in: db)
            let now = Timestamp.now()
            try db.execute(
                sql: """
                    INSERT INTO guide (uid, title, content, edit_token_hash, share_token_hash, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [uid, stored.title, try Self.encodedGuide(stored), Token.hash(edit), Token.hash(share), now, now])
            let id = db.lastInsertedRowID
            try Self.recordGuideEvent(uid, "created", in: db)
            return id
        }
        return GuideCreated(id: id, uid: uid, editToken: edit, shareToken: share)
    }

    /// Replaces a guide's content (its editions stay as they were saved).
    @discardableResult
    public func updateGuide(_ id: Int64, with content: GuideContent) async throws -> StoredGuide {
        try await changeGuide(id) { $0 = content }
    }

    /// Reads a guide, changes it with `change` and stores the result in one transaction, so two forms saved
    /// at once cannot lose each other's foundations.
    @discardableResult
    public func changeGuide(_ id: Int64, _ change: @Sendable (inout GuideContent) throws -> Void) async throws -> StoredGuide {
        try await writer.write { db in
            guard var content = try Self.storedGuide(id, in: db)?.content else { throw LibraryError.notFound("guide \(id)") }
            let before = Set(content.exampleUIDs)
            try change(&content)
            let stored = try resolvedForStorage(content, keeping: before, in: db)
            try db.execute(
                sql: "UPDATE guide SET title = ?, content = ?, updated_at = ? WHERE id = ?",
                arguments: [stored.title, try Self.encodedGuide(stored), Timestamp.now(), id])
            try Self.recordGuideEvent(try Self.guideUID(id, in: db), "updated", in: db)
            return try Self.storedGuide(id, in: db)!
        }
    }

    /// A guide by its id or uid, or nil.
    public func guide(_ key: String) async throws -> StoredGuide? {
        try await reader.read { db in
            let trimmed = key.trimmed
            let id =
                if let number = Int64(trimmed) { number } else {
                    try Int64.fetchOne(db, sql: "SELECT id FROM guide WHERE uid = ?", arguments: [trimmed.lowercased()])
                }
            return try id.flatMap { try Self.storedGuide($0, in: db) }
        }
    }

    /// The guide a token opens, and whether it opens it for editing or only for reading; nil for a token no guide holds.
    public func guideAccess(token: String) async throws -> (id: Int64, access: GuideAccess)? {
        let hash = Token.hash(token)
        return try await reader.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, edit_token_hash FROM guide WHERE edit_token_hash = ? OR share_token_hash = ?", arguments: [hash, hash])
            else { return nil }
            return (row["id"], row["edit_token_hash"] == hash ? .edit : .share)
        }
    }

    /// Every guide, newest change first: for the trusted local tool only, as there is no public listing.
    public func guides() async throws -> [GuideListEntry] {
        try await reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT g.id, g.uid, g.title, g.updated_at, (SELECT count(*) FROM guide_edition e WHERE e.guide_id = g.id) AS editions
                    FROM guide g ORDER BY g.updated_at DESC, g.id DESC
                    """
            ).map { GuideListEntry(id: $0["id"], uid: $0["uid"], title: $0["title"], updatedAt: $0["updated_at"], editions: $0["editions"]) }
        }
    }

    /// Deletes a guide and its editions; the audit keeps that it was deleted, and when.
    public func deleteGuide(_ id: Int64) async throws {
        try await writer.write { db in
            let uid = try Self.guideUID(id, in: db)
            try db.execute(sql: "DELETE FROM guide WHERE id = ?", arguments: [id])
            try Self.recordGuideEvent(uid, "deleted", in: db)
        }
    }

    /// Replaces a guide's share token, so the old read-only link stops working; returns the new token, shown once.
    public func renewGuideShareToken(_ id: Int64) async throws -> String {
        let share = Token.generate().secret
        try await writer.write { db in
            let uid = try Self.guideUID(id, in: db)
            try db.execute(sql: "UPDATE guide SET share_token_hash = ? WHERE id = ?", arguments: [Token.hash(share), id])
            try Self.recordGuideEvent(uid, "share-link-renewed", in: db)
        }
        return share
    }

    /// Saves the current content as the next numbered edition, which never changes afterwards.
    public func saveGuideEdition(_ id: Int64, label: String?) async throws -> GuideEditionEntry {
        try await writer.write { db in
            let uid = try Self.guideUID(id, in: db)
            let number = (try Int.fetchOne(db, sql: "SELECT max(number) FROM guide_edition WHERE guide_id = ?", arguments: [id]) ?? 0) + 1
            let now = Timestamp.now()
            let label = label?.trimmed.isEmpty == false ? label?.trimmed : nil
            try db.execute(
                sql: "INSERT INTO guide_edition (guide_id, number, label, saved_at, content) SELECT id, ?, ?, ?, content FROM guide WHERE id = ?",
                arguments: [number, label, now, id])
            try Self.recordGuideEvent(uid, "edition-saved", detail: "edition \(number)", in: db)
            return GuideEditionEntry(number: number, label: label, savedAt: now)
        }
    }

    /// A guide's editions, oldest first.
    public func guideEditions(_ id: Int64) async throws -> [GuideEditionEntry] {
        try await reader.read { db in try Self.editions(id, in: db) }
    }

    /// What an edition of a guide held, or nil when it has no such edition.
    public func guideEdition(_ id: Int64, number: Int) async throws -> (entry: GuideEditionEntry, content: GuideContent)? {
        try await reader.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT number, label, saved_at, content FROM guide_edition WHERE guide_id = ? AND number = ?", arguments: [id, number])
            else { return nil }
            return (GuideEditionEntry(number: row["number"], label: row["label"], savedAt: row["saved_at"]), try Self.decodedGuide(row["content"]))
        }
    }

    /// The guide, or one of its editions, as views and exports show it: every foundation in order, chosen
    /// examples that are still published with their titles, and a count of those withdrawn since.
    public func guideView(_ guide: StoredGuide, edition: Int? = nil) async throws -> GuideView {
        var content = guide.content
        var shown: GuideEditionEntry?
        if let edition {
            guard let saved = try await guideEdition(guide.id, number: edition) else {
                throw LibraryError.notFound("edition \(edition) of this guide")
            }
            (shown, content) = (saved.entry, saved.content)
        }
        let published = try await publishedChoices(content.exampleUIDs)
        let foundations = reference.foundations.map { foundation in
            let entry = content.entry(foundation.key)
            let examples = entry.examples.compactMap { choice in
                published[choice.example].map { ChosenExample(uid: $0.uid, id: $0.id, title: $0.title, organisation: $0.organisation, note: choice.note) }
            }
            return GuideFoundationView(foundation: foundation, entry: entry, examples: examples, withdrawn: entry.examples.count - examples.count)
        }
        return GuideView(
            id: guide.id, uid: guide.uid, createdAt: guide.createdAt, updatedAt: guide.updatedAt, edition: shown, content: content,
            foundations: foundations, warnings: GuideScreening.warnings(content, reference: reference))
    }

    /// The published examples among `uids`, by uid.
    private func publishedChoices(_ uids: [String]) async throws -> [String: ChosenExample] {
        guard !uids.isEmpty else { return [:] }
        let list = String(decoding: try JSONEncoder().encode(uids), as: UTF8.self)
        return try await reader.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, uid, title, organisation_name FROM example
                    WHERE uid IN (SELECT value FROM json_each(?)) AND status = 'published'
                    """, arguments: [list])
            return Dictionary(
                uniqueKeysWithValues: rows.map { row in
                    (row["uid"], ChosenExample(uid: row["uid"], id: row["id"], title: row["title"], organisation: row["organisation_name"], note: nil))
                })
        }
    }

    // MARK: Storage

    /// The content as it is stored: foundations in the reference order, examples by uid, each one checked to
    /// be published; an `InvalidInput` names every example that is not (by its place in the input). A choice
    /// the guide already held (`keeping`) stays even when it was withdrawn since, so saving one foundation
    /// never fails for another's; the views leave it out and count it.
    private func resolvedForStorage(_ content: GuideContent, keeping: Set<String> = [], in db: Database) throws -> GuideContent {
        var stored = content
        var errors: [FieldError] = []
        for (index, entry) in content.foundations.enumerated() {
            for (position, choice) in entry.examples.enumerated() {
                let field = "foundations[\(index)].examples[\(position)].example"
                let uid: String? =
                    switch ExampleReference(choice.example) {
                    case .id(let id): try String.fetchOne(db, sql: "SELECT uid FROM example WHERE id = ? AND status = 'published'", arguments: [id])
                    case .uid(let uid): try String.fetchOne(db, sql: "SELECT uid FROM example WHERE uid = ? AND status = 'published'", arguments: [uid])
                    }
                guard let uid else {
                    if keeping.contains(choice.example) { continue }
                    errors.append(FieldError(field: field, .rule("names no published example (\(choice.example)); choose one from the library's search")))
                    continue
                }
                if stored.foundations[index].examples[..<position].contains(where: { $0.example == uid }) {
                    errors.append(FieldError(field: field, .listedTwice(uid)))
                }
                stored.foundations[index].examples[position].example = uid
            }
        }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        stored.sortFoundations(reference.foundations.map(\.key))
        stored.title = stored.title.trimmed
        return stored
    }

    static func encodedGuide(_ content: GuideContent) throws -> String {
        String(decoding: try guideEncoder.encode(content), as: UTF8.self)
    }

    static func decodedGuide(_ text: String) throws -> GuideContent {
        do { return try JSONDecoder().decode(GuideContent.self, from: Data(text.utf8)) } catch {
            throw LibraryError.storage("a stored guide could not be read: \(error)")
        }
    }

    static func storedGuide(_ id: Int64, in db: Database) throws -> StoredGuide? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, uid, created_at, updated_at, content, (SELECT count(*) FROM guide_edition e WHERE e.guide_id = guide.id) AS editions
                    FROM guide WHERE id = ?
                    """, arguments: [id])
        else { return nil }
        return StoredGuide(
            id: row["id"], uid: row["uid"], createdAt: row["created_at"], updatedAt: row["updated_at"], content: try decodedGuide(row["content"]),
            editions: row["editions"])
    }

    static func editions(_ id: Int64, in db: Database) throws -> [GuideEditionEntry] {
        try Row.fetchAll(db, sql: "SELECT number, label, saved_at FROM guide_edition WHERE guide_id = ? ORDER BY number", arguments: [id])
            .map { GuideEditionEntry(number: $0["number"], label: $0["label"], savedAt: $0["saved_at"]) }
    }

    private static func guideUID(_ id: Int64, in db: Database) throws -> String {
        guard let uid = try String.fetchOne(db, sql: "SELECT uid FROM guide WHERE id = ?", arguments: [id]) else {
            throw LibraryError.notFound("guide \(id)")
        }
        return uid
    }

    private static func recordGuideEvent(_ uid: String, _ action: String, detail: String? = nil, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO guide_event (guide_uid, action, at, detail) VALUES (?, ?, ?, ?)", arguments: [uid, action, Timestamp.now(), detail])
    }
}
