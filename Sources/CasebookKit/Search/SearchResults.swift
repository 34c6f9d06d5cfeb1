/// One example in a page of search results.
public struct SearchHit: Codable, Sendable, Equatable {
    public var id: Int64
    public var uid: String
    public var title: String
    public var summary: String
    /// A short extract with matched words in `<mark>`; everything else is HTML-escaped.
    public var snippet: String
    public var foundations: [String]
    public var ambitions: [String]
    public var organisation: Organisation
    public var region: Region?
    public var evidence: EvidenceLevel
    public var publishedAt: String?
    public var workStatus: WorkStatus
    public var outcomeMeasures: [OutcomeMeasure]
    /// How many other places reported trying it ("tried in 3 other places").
    public var adoptions: Int
    public var score: Double

    enum CodingKeys: String, CodingKey {
        case id, uid, title, summary, snippet, foundations, ambitions, organisation, region, evidence, score, adoptions
        case publishedAt = "published_at"
        case workStatus = "work_status"
        case outcomeMeasures = "outcome_measures"
    }
}

/// Counts of results by each filterable field, over the whole filtered result.
public struct Facets: Codable, Sendable, Equatable {
    public var foundation: [String: Int] = [:]
    public var ambition: [String: Int] = [:]
    public var region: [String: Int] = [:]
    public var organisationType: [String: Int] = [:]
    public var evidence: [String: Int] = [:]
    public var outcomeMeasure: [String: Int] = [:]
    public var workStatus: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case foundation, ambition, region, evidence
        case organisationType = "organisation_type"
        case outcomeMeasure = "outcome_measure"
        case workStatus = "work_status"
    }

    /// One facet's counts.
    subscript(field: FacetField) -> [String: Int] {
        get {
            switch field {
            case .foundation: foundation
            case .ambition: ambition
            case .region: region
            case .organisationType: organisationType
            case .evidence: evidence
            case .outcomeMeasure: outcomeMeasure
            case .workStatus: workStatus
            }
        }
        set {
            switch field {
            case .foundation: foundation = newValue
            case .ambition: ambition = newValue
            case .region: region = newValue
            case .organisationType: organisationType = newValue
            case .evidence: evidence = newValue
            case .outcomeMeasure: outcomeMeasure = newValue
            case .workStatus: workStatus = newValue
            }
        }
    }

    /// Adds a count read from the database.
    mutating func add(facet: String, value: String, count: Int) {
        switch facet {
        case "foundation": foundation[value] = count
        case "ambition": ambition[value] = count
        case "region": region[value] = count
        case "organisation_type": organisationType[value] = count
        case "evidence": evidence[value] = count
        case "outcome_measure": outcomeMeasure[value] = count
        case "work_status": workStatus[value] = count
        default: break
        }
    }
}

/// A filterable field of examples, one facet of search results.
public enum FacetField: String, Sendable, CaseIterable, Hashable {
    case foundation, ambition, region
    case organisationType = "organisation_type"
    case evidence
    case outcomeMeasure = "outcome_measure"
    case workStatus = "work_status"
}

/// A page of search results with facets and any spelling suggestion (contract section 3).
public struct SearchResults: Codable, Sendable, Equatable {
    public var query: String
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var results: [SearchHit]
    public var facets: Facets
    /// The same counts keeping each filter's alternatives: a facet whose filter is set is counted with
    /// that filter left out (and every other applied), so choosing one region still counts the others.
    /// Equal to `facets` for a facet without a filter.
    public var disjunctiveFacets: Facets
    /// A corrected query when a word looks misspelt, else nil.
    public var suggestion: String?
    /// Whether `results` are those of the suggestion because the query as typed found nothing.
    public var corrected: Bool

    enum CodingKeys: String, CodingKey {
        case query, total, limit, offset, results, facets, suggestion, corrected
        case disjunctiveFacets = "disjunctive_facets"
    }

    init(
        query: String, total: Int, limit: Int, offset: Int, results: [SearchHit], facets: Facets, disjunctiveFacets: Facets,
        suggestion: String?, corrected: Bool
    ) {
        (self.query, self.total, self.limit, self.offset, self.results) = (query, total, limit, offset, results)
        (self.facets, self.disjunctiveFacets, self.suggestion, self.corrected) = (facets, disjunctiveFacets, suggestion, corrected)
    }

    /// Reads results written before `disjunctive_facets` too, taking `facets` for it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        query = try container.decode(String.self, forKey: .query)
        total = try container.decode(Int.self, forKey: .total)
        limit = try container.decode(Int.self, forKey: .limit)
        offset = try container.decode(Int.self, forKey: .offset)
        results = try container.decode([SearchHit].self, forKey: .results)
        facets = try container.decode(Facets.self, forKey: .facets)
        disjunctiveFacets = try container.decodeIfPresent(Facets.self, forKey: .disjunctiveFacets) ?? facets
        suggestion = try container.decodeIfPresent(String.self, forKey: .suggestion)
        corrected = try container.decode(Bool.self, forKey: .corrected)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        try container.encode(total, forKey: .total)
        try container.encode(limit, forKey: .limit)
        try container.encode(offset, forKey: .offset)
        try container.encode(results, forKey: .results)
        try container.encode(facets, forKey: .facets)
        try container.encode(disjunctiveFacets, forKey: .disjunctiveFacets)
        try container.encode(suggestion, forKey: .suggestion)
        try container.encode(corrected, forKey: .corrected)
    }
}
