/// What someone searches for: free text plus filters. Values of one filter combine with OR,
/// different filters with AND.
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    public var foundations: [String]
    public var ambitions: [String]
    public var regions: [Region]
    public var organisationTypes: [OrganisationType]
    public var evidence: [EvidenceLevel]
    public var outcomeMeasures: [OutcomeMeasure]
    public var workStatuses: [WorkStatus]
    public var limit: Int
    public var offset: Int
    /// The order asked for; nil takes the default (relevance with query text, else newest).
    public var sort: SearchSort?

    /// The most results one page may hold.
    public static let maximumLimit = 100
    /// The most similar examples one request may ask for.
    public static let maximumSimilar = 20

    /// Makes a query; `limit` is clamped to 1...100 and `offset` to 0 or more.
    public init(
        text: String = "", foundations: [String] = [], ambitions: [String] = [], regions: [Region] = [],
        organisationTypes: [OrganisationType] = [], evidence: [EvidenceLevel] = [], outcomeMeasures: [OutcomeMeasure] = [],
        workStatuses: [WorkStatus] = [], limit: Int = 20, offset: Int = 0, sort: SearchSort? = nil
    ) {
        self.sort = sort
        self.text = text
        self.foundations = foundations
        self.ambitions = ambitions
        self.regions = regions
        self.organisationTypes = organisationTypes
        self.evidence = evidence
        self.outcomeMeasures = outcomeMeasures
        self.workStatuses = workStatuses
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.offset = max(offset, 0)
    }

    /// The order results come in: newest whenever there is no query text.
    public var order: SearchSort {
        text.allSatisfy(\.isWhitespace) ? .newest : (sort ?? .relevance)
    }
}

/// The order of search results (contract §5).
public enum SearchSort: String, Sendable, Equatable, CaseIterable, Codable {
    /// The best matches of the whole result by the ranking function first.
    case relevance
    /// The most recently published first.
    case newest
}

/// Query text read into clauses: words, phrases and alternatives that must match, and ones that must not.
struct ParsedText: Equatable {
    /// One unit of matching.
    indirect enum Clause: Equatable {
        case word(String, prefix: Bool)
        case phrase([String])
        case anyOf([Clause])

        /// The words and phrases inside, in the order FTS5 numbers the phrases of `expression`.
        var leaves: [Clause] {
            if case .anyOf(let clauses) = self { return clauses.flatMap(\.leaves) }
            return [self]
        }

        /// The clause as an FTS5 expression of quoted strings.
        var expression: String {
            switch self {
            case .word(let word, let prefix): FTSExpression.quoted([word]) + (prefix ? "*" : "")
            case .phrase(let words): FTSExpression.quoted(words)
            case .anyOf(let clauses): "(" + clauses.map(\.expression).joined(separator: " OR ") + ")"
            }
        }
    }

    var required: [Clause] = []
    var excluded: [Clause] = []
    /// The plain words as typed (not quoted, not excluded), for spelling suggestions.
    var typedWords: [String] = []

    /// The most characters and clauses read from one query; the rest is ignored.
    static let maximumCharacters = 1_000
    static let maximumClauses = 16

    /// Reads query text: `"a phrase"`, `-excluded`, and plain words; the last word also matches as a prefix.
    init(_ text: String, synonyms: SynonymDictionary = .empty) {
        var reader = Substring(text.prefix(Self.maximumCharacters))
        var required: [Clause] = []
        while let token = Self.nextToken(&reader) {
            guard required.count + excluded.count < Self.maximumClauses else { break }
            let words = Words.split(String(token.text))
            guard !words.isEmpty else { continue }
            let clause: Clause = (token.quoted || words.count > 1) ? .phrase(words) : .word(words[0], prefix: false)
            if token.excluded {
                excluded.append(clause)
            } else if case .word(let word, _) = clause {
                typedWords.append(word)
                required.append(clause)
            } else {
                required.append(clause)
            }
        }
        required = synonyms.expand(required).filter { clause in
            if case .word(let word, _) = clause { return !Words.stopwords.contains(word) }
            return true
        }
        if let last = required.last, case .word(let word, _) = last, word.count >= 3, !text.hasSuffix(" "), !text.hasSuffix("\"") {
            required[required.count - 1] = .word(word, prefix: true)
        }
        self.required = required
    }

    /// Turns the last word's prefix match into the word or any of its completions, named in full
    /// (cheaper than an FTS5 prefix query on common prefixes, and right where the stemmer would cut
    /// a prefix differently: `palliat` against the stem `palli`).
    mutating func expandPrefix(with completions: (String) -> [String]) {
        guard let last = required.last, case .word(let word, true) = last else { return }
        let words = completions(word).filter { $0 != word }
        let exact = ParsedText.Clause.word(word, prefix: false)
        required[required.count - 1] = words.isEmpty ? exact : .anyOf([exact] + words.map { .word($0, prefix: false) })
    }

    /// The FTS5 expression that results must match, or nil when nothing is required.
    var matchExpression: String? {
        guard !required.isEmpty else { return nil }
        let positive = required.map(\.expression).joined(separator: " AND ")
        guard !excluded.isEmpty else { return positive }
        return "(" + positive + ") NOT (" + excluded.map(\.expression).joined(separator: " OR ") + ")"
    }

    private struct Token {
        var text: Substring
        var quoted: Bool
        var excluded: Bool
    }

    private static func nextToken(_ reader: inout Substring) -> Token? {
        reader = reader.drop { $0.isWhitespace }
        guard !reader.isEmpty else { return nil }
        var excluded = false
        if reader.first == "-", let next = reader.dropFirst().first, !next.isWhitespace {
            excluded = true
            reader = reader.dropFirst()
        }
        if reader.first == "\"" {
            let body = reader.dropFirst()
            let end = body.firstIndex(of: "\"") ?? body.endIndex
            reader = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
            return Token(text: body[..<end], quoted: true, excluded: excluded)
        }
        let end = reader.firstIndex { $0.isWhitespace } ?? reader.endIndex
        defer { reader = reader[end...] }
        return Token(text: reader[..<end], quoted: false, excluded: excluded)
    }
}
