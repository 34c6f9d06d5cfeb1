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
    /// The example as practitioners write it, part by part; `body` stays for older examples.
    public var sections: ExampleSections
    /// How the outcomes were measured, at most ten distinct measures.
    public var outcomeMeasures: [OutcomeMeasure]
    public var workStatus: WorkStatus
    public var licence: Licence

    /// Makes an example; optional fields default to empty.
    public init(
        uid: String? = nil, title: String, summary: String, body: String = "",
        foundations: [String], ambitions: [String] = [], organisation: Organisation,
        region: Region? = nil, keywords: [String] = [], links: [Link] = [],
        contact: Contact? = nil, evidence: EvidenceLevel = .notEvaluated, started: String? = nil,
        status: ExampleStatus? = nil, publishedAt: String? = nil, reviewDue: String? = nil,
        sections: ExampleSections = ExampleSections(), outcomeMeasures: [OutcomeMeasure] = [], workStatus: WorkStatus = .running,
        licence: Licence = .ccBy
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
        self.sections = sections
        self.outcomeMeasures = outcomeMeasures
        self.workStatus = workStatus
        self.licence = licence
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uid, title, summary, body, foundations, ambitions, organisation, region, keywords
        case links, contact, evidence, started, status
        case publishedAt = "published_at"
        case reviewDue = "review_due"
        case lastConfirmed = "last_confirmed"
        case sections
        case outcomeMeasures = "outcome_measures"
        case workStatus = "work_status"
        case licence
    }

    /// Reads an example written by `encode(to:)`; fields added later (sections, outcome measures, work
    /// status, licence) take their defaults when a stored older version lacks them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            uid: try c.decodeIfPresent(String.self, forKey: .uid), title: try c.decode(String.self, forKey: .title),
            summary: try c.decode(String.self, forKey: .summary), body: try c.decodeIfPresent(String.self, forKey: .body) ?? "",
            foundations: try c.decode([String].self, forKey: .foundations),
            ambitions: try c.decodeIfPresent([String].self, forKey: .ambitions) ?? [],
            organisation: try c.decode(Organisation.self, forKey: .organisation), region: try c.decodeIfPresent(Region.self, forKey: .region),
            keywords: try c.decodeIfPresent([String].self, forKey: .keywords) ?? [],
            links: try c.decodeIfPresent([Link].self, forKey: .links) ?? [], contact: try c.decodeIfPresent(Contact.self, forKey: .contact),
            evidence: try c.decodeIfPresent(EvidenceLevel.self, forKey: .evidence) ?? .notEvaluated,
            started: try c.decodeIfPresent(String.self, forKey: .started), status: try c.decodeIfPresent(ExampleStatus.self, forKey: .status),
            publishedAt: try c.decodeIfPresent(String.self, forKey: .publishedAt), reviewDue: try c.decodeIfPresent(String.self, forKey: .reviewDue))
        lastConfirmed = try c.decodeIfPresent(String.self, forKey: .lastConfirmed)
        sections = try c.decodeIfPresent(ExampleSections.self, forKey: .sections) ?? ExampleSections()
        outcomeMeasures = try c.decodeIfPresent([OutcomeMeasure].self, forKey: .outcomeMeasures) ?? []
        workStatus = try c.decodeIfPresent(WorkStatus.self, forKey: .workStatus) ?? .running
        licence = try c.decodeIfPresent(Licence.self, forKey: .licence) ?? .ccBy
    }

    /// The example with private contact details removed, for public output.
    public var publicView: Example {
        var copy = self
        if let contact, !contact.isPublic { copy.contact = nil }
        return copy
    }
}

/// The parts of an example (contract section 10), each Markdown, shown in `SectionKind` order.
public struct ExampleSections: Codable, Sendable, Equatable {
    private var texts: [SectionKind: String] = [:]

    /// No sections yet.
    public init() {}

    /// The text of one section, or nil; setting nil or empty text removes it.
    public subscript(kind: SectionKind) -> String? {
        get { texts[kind] }
        set { texts[kind] = newValue?.isEmpty == false ? newValue : nil }
    }

    /// The sections that hold text, in the order they are shown.
    public var ordered: [(kind: SectionKind, text: String)] {
        SectionKind.allCases.compactMap { kind in texts[kind].map { (kind, $0) } }
    }

    public var isEmpty: Bool { texts.isEmpty }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads an object of section names; a name that is not a section is skipped (input is checked by `FieldReader`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            guard let kind = SectionKind(rawValue: key.stringValue) else { continue }
            self[kind] = try container.decode(String.self, forKey: key)
        }
    }

    /// Writes an object of the sections that hold text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (kind, text) in ordered { try container.encode(text, forKey: Key(stringValue: kind.rawValue)) }
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
