import Foundation
import GRDB

extension AppDatabase {
    /// Stores a report that another team tried a published example, as `submitted` and screened; a moderator
    /// decides it as a submission is decided. An example that is not published is not found.
    public func reportAdoption(
        _ report: AdoptionReport, about reference: ExampleReference, actor: String = "adopter"
    ) async throws
        -> AdoptionReceipt
    {
        try await writer.write { db in try Self.insertAdoption(report, about: reference, actor: actor, in: db) }
    }

    /// The same report, from the command line and tests.
    public func reportAdoption(
        _ report: AdoptionReport, about reference: ExampleReference, actor: String = "adopter"
    ) throws
        -> AdoptionReceipt
    {
        try writer.write { db in try Self.insertAdoption(report, about: reference, actor: actor, in: db) }
    }

    private static func insertAdoption(
        _ report: AdoptionReport, about reference: ExampleReference, actor: String, in db: Database
    ) throws
        -> AdoptionReceipt
    {
        guard let exampleID = try publishedExampleID(reference, in: db) else { throw LibraryError.notFound(reference.description) }
        let screener = Screener()
        let flags =
            screener.screen(text: report.whatWeAdapted, field: "what_we_adapted") + screener.screen(text: report.whatHappened, field: "what_happened")
            + screener.screen(text: report.organisation.name, field: "organisation.name")
        let now = Timestamp.now()
        try db.execute(
            sql: """
                INSERT INTO adoption (example_id, organisation_name, organisation_type, region, what_we_adapted, what_happened, evidence,
                  contact_name, contact_email, contact_public, flags, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                exampleID, report.organisation.name, report.organisation.type.rawValue, report.region?.rawValue, report.whatWeAdapted,
                report.whatHappened, report.evidence.rawValue, report.contact?.name, report.contact?.email, report.contact?.isPublic ?? false,
                ExampleRow.encodeJSON(flags), now
            ])
        let id = db.lastInsertedRowID
        try recordAdoptionEvent(id, actor: actor, action: "submit", from: nil, to: .submitted, note: nil, at: now, in: db)
        return AdoptionReceipt(id: id, status: .submitted, flags: flags)
    }

    private static func publishedExampleID(_ reference: ExampleReference, in db: Database) throws -> Int64? {
        switch reference {
        case .id(let id): try Int64.fetchOne(db, sql: "SELECT id FROM example WHERE id = ? AND status = 'published'", arguments: [id])
        case .uid(let uid): try Int64.fetchOne(db, sql: "SELECT id FROM example WHERE uid = ? AND status = 'published'", arguments: [uid])
        }
    }

    /// Applies a moderator's decision to an adoption report: approve, reject or, once published, withdraw.
    /// A report is not revised, so changes cannot be requested. Approving one with screening flags needs
    /// `acknowledgeFlags`, as for an example.
    public func decideAdoption(
        _ id: Int64, action: ModerationAction, note: String?, actor: String, acknowledgeFlags: Bool = false
    )
        async throws -> StoredAdoption
    {
        let note = try Self.decisionNote(note, for: action)
        return try await writer.write { db in
            try Self.applyAdoptionDecision(id, action: action, note: note, actor: actor, acknowledgeFlags: acknowledgeFlags, in: db)
        }
    }

    /// The same decision, from the command line and tests.
    public func decideAdoption(
        _ id: Int64, action: ModerationAction, note: String?, actor: String, acknowledgeFlags: Bool = false
    ) throws
        -> StoredAdoption
    {
        let note = try Self.decisionNote(note, for: action)
        return try writer.write { db in
            try Self.applyAdoptionDecision(id, action: action, note: note, actor: actor, acknowledgeFlags: acknowledgeFlags, in: db)
        }
    }

    private static func applyAdoptionDecision(
        _ id: Int64, action: ModerationAction, note: String?, actor: String, acknowledgeFlags: Bool, in db: Database
    ) throws -> StoredAdoption {
        guard let stored = try fetchAdoption(id, in: db) else { throw LibraryError.notFound("adoption report \(id)") }
        guard action != .requestChanges else { throw LibraryError.illegalTransition(action: action.rawValue, status: stored.status) }
        let next = try StatusMachine.next(from: stored.status, by: action)
        let now = Timestamp.now()
        if action == .approve, !stored.flags.isEmpty {
            guard acknowledgeFlags else { throw UnacknowledgedFlags(flags: stored.flags) }
            try recordAdoptionEvent(
                id, actor: actor, action: "acknowledge-flags", from: stored.status, to: stored.status,
                note: UnacknowledgedFlags(flags: stored.flags).flagList, at: now, in: db)
        }
        try recordAdoptionEvent(id, actor: actor, action: action.rawValue, from: stored.status, to: next, note: note, at: now, in: db)
        try db.execute(
            sql: "UPDATE adoption SET status = ?, published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END WHERE id = ?",
            arguments: [next.rawValue, next.rawValue, now, id])
        return try fetchAdoption(id, in: db)!
    }

    private static func recordAdoptionEvent(
        _ id: Int64, actor: String, action: String, from: ExampleStatus?, to: ExampleStatus, note: String?, at: String, in db: Database
    ) throws {
        try db.execute(
            sql: "INSERT INTO adoption_event (adoption_id, at, actor, action, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [id, at, actor, action, from?.rawValue, to.rawValue, note])
    }

    /// One adoption report in any status.
    public func adoption(_ id: Int64) async throws -> StoredAdoption? {
        try await reader.read { db in try Self.fetchAdoption(id, in: db) }
    }

    /// The published adoption reports of an example, oldest first; none when the example is not published.
    public func publishedAdoptions(of exampleID: Int64) async throws -> [StoredAdoption] {
        try await reader.read { db in try Self.fetchPublishedAdoptions(of: exampleID, in: db) }
    }

    /// The same reports, from the command line, exports and tests.
    public func publishedAdoptions(of exampleID: Int64) throws -> [StoredAdoption] {
        try reader.read { db in try Self.fetchPublishedAdoptions(of: exampleID, in: db) }
    }

    static func fetchPublishedAdoptions(of exampleID: Int64, in db: Database) throws -> [StoredAdoption] {
        try fetchPublishedAdoptions(ofEach: [exampleID], in: db)[exampleID] ?? []
    }

    /// The published reports of each of `ids` that is itself published, oldest first, by example.
    static func fetchPublishedAdoptions(ofEach ids: [Int64], in db: Database) throws -> [Int64: [StoredAdoption]] {
        let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT adoption.* FROM adoption JOIN example ON example.id = adoption.example_id
                WHERE adoption.example_id IN (SELECT value FROM json_each(?)) AND adoption.status = 'published'
                    AND example.status = 'published'
                ORDER BY adoption.published_at, adoption.id
                """, arguments: [list]
        ).map(adoption)
        return Dictionary(grouping: rows, by: \.exampleID)
    }

    /// How many published adoption reports each of `ids` has, for search results; examples with none are left out.
    static func adoptionCounts(_ ids: String, in db: Database) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT example_id, count(*) FROM adoption WHERE status = 'published' AND example_id IN (SELECT value FROM json_each(?))
                    GROUP BY example_id
                    """), arguments: [ids])
        {
            counts[row[0]] = row[1]
        }
        return counts
    }

    private static func fetchAdoption(_ id: Int64, in db: Database) throws -> StoredAdoption? {
        try Row.fetchOne(db, sql: "SELECT * FROM adoption WHERE id = ?", arguments: [id]).map(adoption)
    }

    private static func adoption(_ row: Row) -> StoredAdoption {
        let contactName: String? = row["contact_name"], contactEmail: String? = row["contact_email"]
        let contact = contactName == nil && contactEmail == nil ? nil : Contact(name: contactName, email: contactEmail, isPublic: row["contact_public"])
        let report = AdoptionReport(
            organisation: Organisation(name: row["organisation_name"], type: OrganisationType(rawValue: row["organisation_type"]) ?? .other),
            region: (row["region"] as String?).flatMap(Region.init(rawValue:)), whatWeAdapted: row["what_we_adapted"],
            whatHappened: row["what_happened"], evidence: EvidenceLevel(rawValue: row["evidence"]) ?? .notEvaluated, contact: contact)
        return StoredAdoption(
            id: row["id"], exampleID: row["example_id"], status: ExampleStatus(rawValue: row["status"]) ?? .submitted,
            submittedAt: row["submitted_at"], publishedAt: row["published_at"],
            flags: ExampleRow.decodeJSON([ScreeningFlag].self, row["flags"]) ?? [], report: report)
    }
}
