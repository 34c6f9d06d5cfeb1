import CasebookKit

/// A published example as the public sees it: the interchange fields without private contact details, plus its id.
struct PublishedExample: Encodable {
    var stored: StoredExample
    /// Its published adoption reports, oldest first.
    var adoptions: [PublicAdoption]

    enum Keys: String, CodingKey { case id, adoptions }

    func encode(to encoder: any Encoder) throws {
        try stored.example.publicView.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(stored.id, forKey: .id)
        try container.encode(adoptions, forKey: .adoptions)
    }
}

/// A submission as its submitter and moderators see it: every field, its status, dates and moderators' notes.
struct SubmissionView: Encodable {
    var stored: StoredExample
    var notes: [ModeratorNote]

    enum Keys: String, CodingKey {
        case id, status, notes
        case submittedAt = "submitted_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        try stored.example.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(stored.id, forKey: .id)
        try container.encode(stored.status, forKey: .status)
        try container.encode(stored.submittedAt, forKey: .submittedAt)
        try container.encode(stored.updatedAt, forKey: .updatedAt)
        try container.encode(notes, forKey: .notes)
    }
}

/// A note a moderator left with a decision, for the submitter to read.
struct ModeratorNote: Encodable {
    var at: String
    var action: String
    var note: String

    /// The note of an audit event, if it carries one.
    init?(_ event: ModerationEvent) {
        guard let note = event.note, !note.isEmpty else { return nil }
        (at, action, self.note) = (event.at, event.action, note)
    }
}

extension AppDatabase {
    /// A submission with its moderators' notes, ready to show.
    func submissionView(_ stored: StoredExample) async throws -> SubmissionView {
        SubmissionView(stored: stored, notes: try await history(.id(stored.id)).compactMap(ModeratorNote.init))
    }
}

/// One version of a submission's text as the API shows it: no actor, so no moderator's name.
struct VersionView: Encodable {
    var number: Int
    var at: String
    var action: String
    var example: Example

    init(_ version: ExampleVersion) {
        (number, at, action, example) = (version.number, version.at, version.action, version.example)
    }
}

/// A collection as a reader sees it. Anonymous readers get what the public pages show: only its
/// published members, and no moderator's name (`updated_by`, `added_by`); moderators get everything.
struct CollectionView: Encodable {
    var collection: ExampleCollection
    var forModerator: Bool

    enum Keys: String, CodingKey {
        case id, slug, title, description, introduction, contact, status, items
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case publishedAt = "published_at"
    }

    enum ItemKeys: String, CodingKey {
        case id, uid, title, status, position
        case addedAt = "added_at"
    }

    func encode(to encoder: any Encoder) throws {
        if forModerator { return try collection.encode(to: encoder) }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(collection.id, forKey: .id)
        try container.encode(collection.slug, forKey: .slug)
        try container.encode(collection.title, forKey: .title)
        try container.encode(collection.description, forKey: .description)
        try container.encode(collection.introduction, forKey: .introduction)
        try container.encode(collection.contact, forKey: .contact)
        try container.encode(collection.status, forKey: .status)
        try container.encode(collection.createdAt, forKey: .createdAt)
        try container.encode(collection.updatedAt, forKey: .updatedAt)
        try container.encode(collection.publishedAt, forKey: .publishedAt)
        var items = container.nestedUnkeyedContainer(forKey: .items)
        for item in collection.items where item.status == .published {
            var entry = items.nestedContainer(keyedBy: ItemKeys.self)
            try entry.encode(item.exampleID, forKey: .id)
            try entry.encode(item.uid, forKey: .uid)
            try entry.encode(item.title, forKey: .title)
            try entry.encode(item.status, forKey: .status)
            try entry.encode(item.position, forKey: .position)
            try entry.encode(item.addedAt, forKey: .addedAt)
        }
    }
}

/// An adoption report as moderators see it: every field, with its status, dates and screening flags.
struct AdoptionView: Encodable {
    var stored: StoredAdoption

    init(_ stored: StoredAdoption) { self.stored = stored }

    enum Keys: String, CodingKey {
        case id, kind, status, flags, organisation, region, evidence, contact
        case exampleID = "example_id"
        case whatWeAdapted = "what_we_adapted"
        case whatHappened = "what_happened"
        case submittedAt = "submitted_at"
        case publishedAt = "published_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let report = stored.report
        try container.encode(stored.id, forKey: .id)
        try container.encode("adoption", forKey: .kind)
        try container.encode(stored.exampleID, forKey: .exampleID)
        try container.encode(stored.status, forKey: .status)
        try container.encode(stored.flags, forKey: .flags)
        try container.encode(report.organisation, forKey: .organisation)
        try container.encodeIfPresent(report.region, forKey: .region)
        try container.encode(report.evidence, forKey: .evidence)
        try container.encodeIfPresent(report.contact, forKey: .contact)
        try container.encode(report.whatWeAdapted, forKey: .whatWeAdapted)
        try container.encode(report.whatHappened, forKey: .whatHappened)
        try container.encode(stored.submittedAt, forKey: .submittedAt)
        try container.encodeIfPresent(stored.publishedAt, forKey: .publishedAt)
    }
}
