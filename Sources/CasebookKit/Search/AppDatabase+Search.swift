import Foundation
import GRDB

extension AppDatabase {
    /// Ranked search over published examples, with facets and a spelling suggestion.
    public func search(_ query: SearchQuery, synonyms: SynonymDictionary = .shipped, timeLimit: Duration? = .seconds(2)) throws -> SearchResults {
        try reader.read { db in try runSearch(query, synonyms: synonyms, timeLimit: timeLimit, in: db) }
    }

    /// The same search, run from async code without blocking a thread of the caller's executor.
    public func search(_ query: SearchQuery, synonyms: SynonymDictionary = .shipped, timeLimit: Duration? = .seconds(2)) async throws -> SearchResults {
        try await reader.read { db in try runSearch(query, synonyms: synonyms, timeLimit: timeLimit, in: db) }
    }
}

extension AppDatabase {
    /// Brings the doc values up to date (outside the time limit, since a rebuild serves every later
    /// search), then runs the search under its time limit.
    fileprivate func runSearch(_ query: SearchQuery, synonyms: SynonymDictionary, timeLimit: Duration?, in db: Database) throws -> SearchResults {
        let values = try docValues.values(reference: reference, in: db)
        let vocabulary = try vocabularies.vocabulary(version: values.version, in: db)
        let common = try commonTerms(values: values, vocabulary: vocabulary, synonyms: synonyms, in: db)
        return try SearchDeadline.run(db, limit: timeLimit) {
            try SearchEngine(db: db, synonyms: synonyms, reference: reference, values: values, vocabulary: vocabulary, common: common)
                .search(query)
        }
    }

    private func commonTerms(values: DocValues, vocabulary: LibraryWords, synonyms: SynonymDictionary, in db: Database) throws -> CommonTermMatcher? {
        let minimum = max(commonWordMinimum, values.newestFirst.count / 100)
        guard let probe = commonTerms.probe,
              let terms = try commonTerms.terms(version: values.version, words: vocabulary, synonyms: synonyms, minimum: minimum, in: db)
        else { return nil }
        return CommonTermMatcher(terms: terms, probe: probe)
    }

    /// Reads everything search derives from the library (doc values, word list, common-word sets),
    /// so that the first search after opening is as quick as the rest; returns the seconds it took.
    @discardableResult
    public func warmSearch() throws -> Double {
        let started = ContinuousClock.now
        _ = try search(SearchQuery(text: ""), timeLimit: nil)
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Common-word sets with the probe that reads query words the way they were built.
struct CommonTermMatcher {
    let terms: CommonTerms
    let probe: IndexProbe

    func examples(matching clause: ParsedText.Clause) -> ExampleSet? {
        terms.examples(matching: clause, probe: probe)
    }
}

/// Runs one search inside a read transaction.
struct SearchEngine {
    let db: Database
    let synonyms: SynonymDictionary
    let reference: ReferenceData
    let values: DocValues
    let vocabulary: LibraryWords
    let common: CommonTermMatcher?

    /// A last word held by at least this many examples is taken as complete, not as a prefix.
    static let completeWordCount = 50

    /// Clauses matched by more than this share (1 in n) of published examples filter but do not rank:
    /// bm25 gives them little weight, and reads every example they match to weigh them.
    static let rankingShare = 2

    /// Phrases beyond this many rank with equal weight (an SQL function takes at most 127 arguments).
    static let maximumRankedPhrases = 100

    /// How many matches bm25 ranks at a time, newest first, so that common words stay fast.
    static let rankingWindow = 500

    func search(_ query: SearchQuery) throws -> SearchResults {
        let parsed = ParsedText(query.text, synonyms: synonyms)
        var page = try run(parsed, query)
        let suggestion = SpellingSuggester(vocabulary: vocabulary, synonyms: synonyms, isPublic: appearsInPublishedExample)
            .suggestion(for: query.text, words: parsed.typedWords)
        var corrected = false
        if page.total == 0, let suggestion {
            let retry = try run(ParsedText(suggestion, synonyms: synonyms), query)
            if retry.total > 0 { (page, corrected) = (retry, true) }
        }
        return SearchResults(
            query: query.text, total: page.total, limit: query.limit, offset: query.offset,
            results: try hits(page.ranked, expression: page.expression), facets: page.facets,
            suggestion: suggestion, corrected: corrected)
    }

    private struct Page {
        var total: Int
        var ranked: [(id: Int64, score: Double)]
        var facets: Facets
        var expression: String?
    }

    private func run(_ typed: ParsedText, _ query: SearchQuery) throws -> Page {
        var parsed = typed
        parsed.expandPrefix { word in
            vocabulary.count(word) >= Self.completeWordCount ? [] : vocabulary.completions(of: word, limit: 3)
        }
        let passing = values.examples(passing: CompiledFilter(query, reference: reference))
        let matched = try matching(parsed, among: passing)
        let ranked: [(id: Int64, score: Double)]
        if matched.examples.count == 0 {
            ranked = []
        } else if let expression = matched.rankingExpression {
            ranked = try rankByRelevance(expression, inverseFrequencies: matched.inverseFrequencies, candidates: matched.examples, query: query)
        } else {
            ranked = values.newest(in: matched.examples, skipping: query.offset, count: query.limit).map { ($0, 0) }
        }
        return Page(total: matched.examples.count, ranked: ranked, facets: values.facets(of: matched.examples, reference: reference),
                    expression: parsed.matchExpression)
    }

    /// What the text matched, and the expression that ranks it (nil: rank by recency) with the
    /// inverse document frequency of each of its phrases.
    private struct Matched {
        var examples: ExampleSet
        var rankingExpression: String?
        var inverseFrequencies: [Double] = []
    }

    /// The examples among `passing` that the text matches. Clauses of common words are answered from
    /// in-memory sets, the rest by the index; clauses that most examples match do not rank (bm25 gives
    /// them next to no weight), so a query made only of them ranks by recency.
    private func matching(_ parsed: ParsedText, among passing: ExampleSet) throws -> Matched {
        var examples = passing
        var ranking: [ParsedText.Clause] = []
        var pending: [ParsedText.Clause] = []
        for clause in parsed.required {
            guard let set = try heldExamples(matching: clause) else { pending.append(clause); continue }
            examples.formIntersection(set)
            if set.intersectionCount(values.publishedSet) <= values.newestFirst.count / Self.rankingShare { ranking.append(clause) }
        }
        if !pending.isEmpty {
            let found = try CommonTerms.matchingIDs(pending.map(\.expression).joined(separator: " AND "), in: db)
            examples.formIntersection(ExampleSet(found, capacity: examples.capacity))
            ranking += pending
        }
        for clause in parsed.excluded {
            let set = try heldExamples(matching: clause) ?? ExampleSet(try CommonTerms.matchingIDs(clause.expression, in: db), capacity: examples.capacity)
            examples.subtract(set)
        }
        let expression = ranking.isEmpty ? nil : ranking.map(\.expression).joined(separator: " AND ")
        let total = max(values.newestFirst.count, 1)
        let frequencies = ranking.flatMap(\.leaves).map { RankFunction.inverseFrequency(documents: documentCount($0), total: total) }
        return Matched(examples: examples, rankingExpression: expression, inverseFrequencies: frequencies)
    }

    /// How many examples hold a word or phrase: exactly from the common-word sets, else the word list's
    /// count of the word as typed, or of a phrase's rarest word.
    private func documentCount(_ leaf: ParsedText.Clause) -> Int {
        if let set = common?.examples(matching: leaf) { return set.count }
        switch leaf {
        case .word(let word, _): return vocabulary.count(word)
        case .phrase(let words): return words.map { documentCount(.word($0, prefix: false)) }.min() ?? 0
        case .anyOf(let clauses): return clauses.map(documentCount).reduce(0, +)
        }
    }

    /// The examples a clause matches when the in-memory sets can answer it: a common word or phrase,
    /// or alternatives of which some are common (the rare ones are asked of the index together).
    private func heldExamples(matching clause: ParsedText.Clause) throws -> ExampleSet? {
        if let set = common?.examples(matching: clause) { return set }
        guard case .anyOf(let alternatives) = clause, let common else { return nil }
        var union = ExampleSet(capacity: values.publishedSet.capacity)
        var rare: [ParsedText.Clause] = []
        for alternative in alternatives {
            if let set = common.examples(matching: alternative) { union.formUnion(set) } else { rare.append(alternative) }
        }
        guard rare.count < alternatives.count else { return nil }
        for id in try CommonTerms.matchingIDs(rare.map(\.expression).joined(separator: " OR "), in: db) { union.insert(id) }
        return union
    }

    /// bm25 order, ranked inside the index over windows of the newest matches: the whole result when
    /// it is small, else the newest window first, then older windows until the page is full.
    private func rankByRelevance(
        _ expression: String, inverseFrequencies: [Double], candidates: ExampleSet, query: SearchQuery
    ) throws -> [(id: Int64, score: Double)] {
        let needed = query.offset + query.limit
        let frequencies = inverseFrequencies.count <= Self.maximumRankedPhrases ? inverseFrequencies : []
        let placeholders = frequencies.map { _ in ", ?" }.joined()
        var ranked: [(id: Int64, score: Double)] = []
        var end = Int64(candidates.capacity)
        while ranked.count < needed {
            let window = candidates.largest(Self.rankingWindow, below: end)
            guard let first = window.first, let last = window.last else { break }
            let rows = try Row.fetchCursor(db, sql: """
                SELECT rowid, \(RankFunction.name)(example_ft\(placeholders)) AS score FROM example_ft
                WHERE example_ft MATCH ? AND rowid BETWEEN ? AND ? ORDER BY score, rowid DESC
                """, arguments: StatementArguments(frequencies) + [expression, first, last])
            while let row = try rows.next(), ranked.count < needed {
                let id: Int64 = row[0]
                if candidates.contains(id) { ranked.append((id, -(row[1] as Double))) }
            }
            end = first
        }
        return Array(ranked.dropFirst(query.offset))
    }

    /// Whether any published example holds the word as typed.
    private func appearsInPublishedExample(_ word: String) -> Bool {
        guard let ids = try? Int64.fetchCursor(db, sql: "SELECT rowid FROM example_words WHERE example_words MATCH ?",
                                                arguments: [FTSExpression.quoted([word])]) else { return false }
        while let id = try? ids.next() {
            if values.isPublished(id) { return true }
        }
        return false
    }

    /// The page's examples as hits: only the columns a hit shows, read by position.
    private func hits(_ ranked: [(id: Int64, score: Double)], expression: String?) throws -> [SearchHit] {
        guard !ranked.isEmpty else { return [] }
        let ids = ExampleRow.encodeJSON(ranked.map(\.id))
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, uid, title, summary, body, organisation_name, organisation_type, region, keywords, evidence, published_at
            FROM example WHERE id IN (SELECT value FROM json_each(?))
            """, arguments: [ids])
        let foundations = try AppDatabase.tagLists(table: "example_foundation", column: "foundation", ids: ids, in: db)
        let ambitions = try AppDatabase.tagLists(table: "example_ambition", column: "ambition", ids: ids, in: db)
        var hits: [Int64: SearchHit] = [:]
        var texts: [Snippet.Text] = []
        for row in rows {
            let id: Int64 = row[0]
            let keywords = ExampleRow.decodeJSON([String].self, row[8]) ?? []
            hits[id] = SearchHit(
                id: id, uid: row[1], title: row[2], summary: row[3], snippet: "",
                foundations: foundations[id] ?? [], ambitions: ambitions[id] ?? [],
                organisation: Organisation(name: row[5], type: OrganisationType(rawValue: row[6]) ?? .other),
                region: (row[7] as String?).flatMap(Region.init(rawValue:)), evidence: EvidenceLevel(rawValue: row[9]) ?? .notEvaluated,
                publishedAt: row[10], score: 0)
            texts.append(Snippet.Text(id: id, columns: [row[2], row[3], row[4], row[5], keywords.joined(separator: ", ")], summary: row[3]))
        }
        let snippets = try Snippet.make(for: texts, expression: expression, probe: common?.probe, in: db)
        return ranked.compactMap { entry in
            guard var hit = hits[entry.id] else { return nil }
            hit.snippet = snippets[entry.id] ?? ""
            hit.score = (entry.score * 1000).rounded() / 1000
            return hit
        }
    }

}
