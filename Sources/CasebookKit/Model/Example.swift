/// A case study in the interchange format (contract section 2).
public struct Example: Codable, Sendable, Equatable {
    public var uid: String?
    public var title: String
    public var summary: String
    public var body: String
    public var foundations: [String]
    public var ambitions: [String]
    public var organisation: Organisation
    public var region: Region?
    public var keywords: [String]
    public var links: [Link]
    public var contact: Contact?
    public var evidence: EvidenceLevel
    public var started: String?
    public var status: ExampleStatus?
    public var publishedAt: String?
    public var reviewDue: String?
    /// Output only: when the contact or a moderator last confirmed the example is current.
    public var lastConfirmed: String?

    /// Makes an example; optional fields default to empty.
    public init(
        uid: String? = nil, title: String, summary: String, body: String = "",
        foundations: [String], ambitions: [String] = [], organisation: Organisation,
        region: Region? = nil, keywords: [String] = [], links: [Link] = [],
        contact: Contact? = nil, evidence: EvidenceLevel = .notEvaluated, started: String? = nil,
        status: ExampleStatus? = nil, publishedAt: String? = nil, reviewDue: String? = nil
    ) {
        self.uid = uid
        self.title = title
        self.summary = summary
        self.body = body
        self.foundations = foundations
        self.ambitions = ambitions
        self.organisation = organisation
        self.region = region
        self.keywords = keywords
        self.links = links
        self.contact = contact
        self.evidence = evidence
        self.started = started
        self.status = status
        self.publishedAt = publishedAt
        self.reviewDue = reviewDue
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uid, title, summary, body, foundations, ambitions, organisation, region, keywords
        case links, contact, evidence, started, status
        case publishedAt = "published_at"
        case reviewDue = "review_due"
        case lastConfirmed = "last_confirmed"
    }

    /// The example with private contact details removed, for public output.
    public var publicView: Example {
        var copy = self
        if let contact, !contact.isPublic { copy.contact = nil }
        return copy
    }
}

/// The organisation that ran an example.
public struct Organisation: Codable, Sendable, Equatable {
    public var name: String
    public var type: OrganisationType

    /// Makes an organisation; the type defaults to `other`.
    public init(name: String, type: OrganisationType = .other) {
        self.name = name
        self.type = type
    }
}

/// A titled web link.
public struct Link: Codable, Sendable, Equatable {
    public var title: String
    public var url: String

    /// Makes a link.
    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

/// Who to ask about an example; shown publicly only when `isPublic`.
public struct Contact: Codable, Sendable, Equatable {
    public var name: String?
    public var email: String?
    public var isPublic: Bool

    /// Makes a contact.
    public init(name: String? = nil, email: String? = nil, isPublic: Bool = false) {
        self.name = name
        self.email = email
        self.isPublic = isPublic
    }

    enum CodingKeys: String, CodingKey {
        case name, email
        case isPublic = "public"
    }
}

/// An example as stored: its row id, moderation status and dates beside the interchange fields.
public struct StoredExample: Sendable, Equatable {
    public var id: Int64
    public var status: ExampleStatus
    public var submittedAt: String
    public var updatedAt: String
    public var example: Example
    public var flags: [ScreeningFlag]
}
