/// A report that another team tried an example ("we tried this too", contract section 10): who, where, what
/// they adapted and what happened. Moderated and screened like a submission.
public struct AdoptionReport: Sendable, Equatable {
    public var organisation: Organisation
    public var region: Region?
    public var whatWeAdapted: String
    public var whatHappened: String
    public var evidence: EvidenceLevel
    /// Shown publicly only when marked public, as on an example.
    public var contact: Contact?

    /// Makes a report.
    public init(
        organisation: Organisation, region: Region? = nil, whatWeAdapted: String, whatHappened: String = "",
        evidence: EvidenceLevel = .notEvaluated, contact: Contact? = nil
    ) {
        (self.organisation, self.region, self.whatWeAdapted, self.whatHappened) = (organisation, region, whatWeAdapted, whatHappened)
        (self.evidence, self.contact) = (evidence, contact)
    }

    /// The fields a report may hold.
    static let fields: Set<String> = ["organisation", "region", "what_we_adapted", "what_happened", "evidence", "contact"]
}

/// An adoption report as stored: its id, the example it is about, where it stands and what screening found.
public struct StoredAdoption: Sendable, Equatable {
    public var id: Int64
    public var exampleID: Int64
    /// `submitted`, `published`, `rejected` or `withdrawn`: the same words as an example's.
    public var status: ExampleStatus
    public var submittedAt: String
    public var publishedAt: String?
    public var flags: [ScreeningFlag]
    public var report: AdoptionReport

    /// The report as the public sees it on a published example: no status, flags, moderator or private contact.
    public var publicView: PublicAdoption {
        PublicAdoption(
            id: id, organisation: report.organisation, region: report.region, whatWeAdapted: report.whatWeAdapted,
            whatHappened: report.whatHappened, evidence: report.evidence,
            contact: report.contact?.isPublic == true ? report.contact : nil, publishedAt: publishedAt)
    }
}

/// A published adoption report in an example's JSON (`adoptions: [...]`).
public struct PublicAdoption: Codable, Sendable, Equatable {
    public var id: Int64
    public var organisation: Organisation
    public var region: Region?
    public var whatWeAdapted: String
    public var whatHappened: String
    public var evidence: EvidenceLevel
    public var contact: Contact?
    public var publishedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, organisation, region, evidence, contact
        case whatWeAdapted = "what_we_adapted"
        case whatHappened = "what_happened"
        case publishedAt = "published_at"
    }
}

/// What someone who reported an adoption gets back (`201 {"id", "status"}`), with what screening found.
public struct AdoptionReceipt: Codable, Sendable, Equatable {
    public var id: Int64
    public var status: ExampleStatus
    public var flags: [ScreeningFlag]
}
