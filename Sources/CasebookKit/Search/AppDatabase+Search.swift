import Foundation
import GRDB

extension AppDatabase {
    /// Ranked search over published examples, with facets and a spelling suggestion; `synonyms` defaults to the library's own.
    public func search(_ query: SearchQuery, synonyms: SynonymDictionary? = nil, timeLimit: Duration? = .seconds(2)) throws -> SearchResults {
        try reader.read { db in try runSearch(query, synonyms: synonyms ?? self.synonyms, timeLimit: timeLimit, in: db) }
    }

    /// The same search, run from async code without blocking a thread of the caller's executor.
    public func search(_ query: SearchQuery, synonyms: SynonymDictionary? = nil, timeLimit: Duration? = .seconds(2)) async throws -> SearchResults {
        try await reader.read { db in try runSearch(query, synonyms: synonyms ?? self.synonyms, timeLimit: timeLimit, in: db) }
    }
}

extension AppDatabase {
    /// Published examples like a published one, from its own distinctive words and tags, most similar
    /// first; never the example itself. Nil when the example is not published.
    public func similarExamples(to reference: ExampleReference, limit: Int = 5) async throws -> [SearchHit]? {
        try await reader.read { db in try findSimilar(to: reference, limit: limit, in: db) }
    }

    /// The same, from synchronous code.
    public func similarExamples(to reference: ExampleReference, limit: Int = 5) throws -> [SearchHit]? {
        try reader.read { db in try findSimilar(to: reference, limit: limit, in: db) }
    }

    private func findSimilar(to reference: ExampleReference, limit: Int, in db: Database) throws -> [SearchHit]? {
        guard let example = try fetchExample(reference, in: db), example.status == .published else { return nil }
        return try withEngine(synonyms: synonyms, in: db) { engine in
            try engine.similar(to: example.id, limit: min(max(limit, 1), SearchEngine.maximumSimilar))
        }
    }

    /// Brings the doc values up to date (outside the time limit, since a rebuild serves every later
    /// search), then runs the search under its time limit.
    fileprivate func runSearch(_ query: SearchQuery, synonyms: SynonymDictionary, timeLimit: Duration?, in db: Database) throws -> SearchResults {
        try withEngine(synonyms: synonyms, in: db) { engine in
            try SearchDeadline.run(db, limit: timeLimit) { try engine.search(query) }
        }
    }

    private func withEngine<T>(synonyms: SynonymDictionary, in db: Database, _ body: (SearchEngine) throws -> T) throws -> T {
        let values = try docValues.values(reference: reference, in: db)
        let vocabulary = try vocabularies.vocabulary(in: db)
        let common = try commonTerms(values: values, vocabulary: vocabulary, synonyms: synonyms, in: db)
        return try body(SearchEngine(db: db, synonyms: synonyms, reference: reference, values: values, vocabulary: vocabulary, common: common))
    }

    private func commonTerms(values: DocValues, vocabulary: LibraryWords, synonyms: SynonymDictionary, in db: Database) throws -> CommonTermMatcher? {
        let minimum = max(commonWordMinimum, values.newestFirst.count / 100)
        guard let probe = commonTerms.probe,
            let terms = try commonTerms.terms(version: values.version, words: vocabulary, synonyms: synonyms, minimum: minimum, in: db)
        else { return nil }
        return CommonTermMatcher(terms: terms, probe: probe, merged: commonTerms.merged)
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

/// Common-word postings with the probe that reads query words the way they were built.
struct CommonTermMatcher {
    let terms: CommonTerms
    let probe: IndexProbe
    /// Clauses of alternatives already merged at this version.
    let merged: MergedPostings

    func examples(matching clause: ParsedText.Clause) -> ExampleSet? {
        terms.examples(matching: clause, probe: probe)
    }

    func postings(matching leaf: ParsedText.Clause) -> TermPostings? {
        terms.postings(matching: leaf, probe: probe)
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
    /// Postings of the words and phrases this search asked of the index, by expression, read once.
    private let asked = AskedPostings()

    init(
        db: Database, synonyms: SynonymDictionary, reference: ReferenceData, values: DocValues, vocabulary: LibraryWords,
        common: CommonTermMatcher?
    ) {
        self.db = db
        self.synonyms = synonyms
        self.reference = reference
        self.values = values
        self.vocabulary = vocabulary
        self.common = common
    }

    /// A last word held by at least this many examples is taken as complete, not as a prefix.
    static let completeWordCount = 50

    /// Clauses matched by more than this share (1 in n) of published examples filter but do not rank:
    /// bm25 floors their inverse document frequency to next to nothing, so they could only break ties.
    static let rankingShare = 2

    func search(_ query: SearchQuery) throws -> SearchResults {
        let parsed = ParsedText(query.text, synonyms: synonyms)
        var page = try run(parsed, query)
        let suggestion = SpellingSuggester(vocabulary: vocabulary, synonyms: synonyms)
            .suggestion(for: query.text, words: parsed.typedWords)
        var corrected = false
        if page.total == 0, let suggestion {
            let retry = try run(ParsedText(suggestion, synonyms: synonyms), query)
            if retry.total > 0 { (page, corrected) = (retry, true) }
        }
        return SearchResults(
            query: query.text, total: page.total, limit: query.limit, offset: query.offset,
            results: try hits(page.ranked, leaves: page.leaves), facets: page.facets,
            disjunctiveFacets: page.disjunctiveFacets, suggestion: suggestion, corrected: corrected)
    }

    private struct Page {
        var total: Int
        var ranked: [(id: Int64, score: Double)]
        var facets: Facets
        var disjunctiveFacets: Facets
        var leaves: [ParsedText.Clause]
    }

    private func run(_ typed: ParsedText, _ query: SearchQuery) throws -> Page {
        var parsed = typed
        parsed.expandPrefix { word in
            vocabulary.count(word) >= Self.completeWordCount ? [] : vocabulary.completions(of: word, limit: 3)
        }
        let filter = CompiledFilter(query, reference: reference)
        let textMatched = try matching(parsed, among: values.publishedSet)
        var matched = textMatched
        matched.examples.formIntersection(values.examples(passing: filter))
        let ranked: [(id: Int64, score: Double)]
        if matched.examples.count == 0 {
            ranked = []
        } else if query.order == .relevance, !matched.ranking.isEmpty {
            ranked = try rankByRelevance(
                matched.ranking, candidates: matched.examples, needed: query.offset + query.limit, skipping: query.offset)
        } else {
            ranked = values.newest(in: matched.examples, skipping: query.offset, count: query.limit).map { ($0, 0) }
        }
        let facets = values.facets(of: matched.examples, reference: reference)
        return Page(
            total: matched.examples.count, ranked: ranked, facets: facets,
            disjunctiveFacets: values.disjunctiveFacets(of: textMatched.examples, filter: filter, plain: facets, reference: reference),
            leaves: parsed.required.flatMap(\.leaves))
    }

    /// What the text matched, and the clauses that rank it (none: rank by recency).
    private struct Matched {
        var examples: ExampleSet
        var ranking: [ParsedText.Clause]
    }

    /// The examples among `passing` that the text matches. Clauses of common words are answered from
    /// in-memory postings, the rest by the index; clauses that most examples match do not rank, so a
    /// query made only of them ranks by recency.
    private func matching(_ parsed: ParsedText, among passing: ExampleSet) throws -> Matched {
        var examples = passing
        var ranking: [ParsedText.Clause] = []
        for clause in parsed.required {
            let set = try self.examples(matching: clause)
            examples.formIntersection(set)
            if set.count <= values.newestFirst.count / Self.rankingShare { ranking.append(clause) }
        }
        for clause in parsed.excluded { examples.subtract(try self.examples(matching: clause)) }
        return Matched(examples: examples, ranking: ranking)
    }

    /// The examples a clause matches: the union of its words' and phrases' postings.
    private func examples(matching clause: ParsedText.Clause) throws -> ExampleSet {
        if let set = common?.examples(matching: clause) { return set }
        var union = ExampleSet(capacity: values.publishedSet.capacity)
        for leaf in clause.leaves { union.formUnion(try postings(of: leaf).examples) }
        return union
    }

    /// A clause's postings as one term: a word's or phrase's own, or its alternatives' merged.
    private func termPostings(of clause: ParsedText.Clause) throws -> TermPostings {
        let leaves = clause.leaves
        if leaves.count == 1 { return try postings(of: leaves[0]) }
        let merge = { TermPostings(merging: try leaves.map(postings(of:)), capacity: values.publishedSet.capacity) }
        // Held postings describe exactly this version, so a clause merged at it is the same for every search at it.
        guard let common else { return try merge() }
        return try common.merged.postings(of: clause.expression, version: common.terms.version, merge: merge)
    }

    /// A word's or phrase's postings: from memory when it is common, else read from the index once per search.
    private func postings(of leaf: ParsedText.Clause) throws -> TermPostings {
        if let postings = common?.postings(matching: leaf) { return postings }
        let expression = leaf.expression
        if let postings = asked.postings[expression] { return postings }
        let postings = try SearchStore.postings(matching: expression, capacity: values.publishedSet.capacity, in: db)
        asked.postings[expression] = postings
        return postings
    }

    /// The best `offset + limit` candidates by bm25 over the whole result, however large, then the
    /// page. Each clause is one term, scored from its postings and each example's length; a clause of
    /// alternatives (synonyms, completions) counts as one term, its matches added together, so that
    /// saying a thing two ways does not count twice. Exact inverse frequencies come from the postings'
    /// counts. Equal scores put the newer id first.
    private func rankByRelevance(
        _ clauses: [ParsedText.Clause], candidates: ExampleSet, needed: Int, skipping offset: Int
    ) throws -> [(id: Int64, score: Double)] {
        // A snapshot the held postings do not describe reads every length from the index: slower, the same order.
        let lengths = try common?.terms.lengths ?? SearchStore.documentLengths(capacity: values.publishedSet.capacity, in: db)
        let total = max(values.newestFirst.count, 1)
        let terms = try clauses.map { clause in
            let postings = try termPostings(of: clause)
            return RelevanceRanker.Term(postings: postings, inverseFrequency: RankFunction.inverseFrequency(documents: postings.count, total: total))
        }
        let ranker = RelevanceRanker(terms: terms, lengths: lengths)
        return Array(ranker.best(needed, among: candidates).dropFirst(offset))
    }

    static let maximumSimilar = SearchQuery.maximumSimilar
    /// How many of an example's words describe it when looking for similar ones.
    static let distinctiveWordCount = 12

    /// Published examples sharing the most distinctive words of example `id`, ranked by bm25 over
    /// those words, with examples that share its foundations and ambitions lifted.
    func similar(to id: Int64, limit: Int) throws -> [SearchHit] {
        guard let text = try SearchStore.publishedTexts(of: [id], in: db).first else { return [] }
        let words = try distinctiveWords(of: text.columns)
        guard !words.isEmpty else { return [] }
        let leaves = words.map { ParsedText.Clause.word($0, prefix: false) }
        var candidates = ExampleSet(capacity: values.publishedSet.capacity)
        for leaf in leaves { candidates.formUnion(try postings(of: leaf).examples) }
        candidates.formIntersection(values.publishedSet)
        candidates.remove(id)
        let shortlist = try rankByRelevance(leaves, candidates: candidates, needed: limit * 10, skipping: 0)
        let ranked =
            shortlist
            .map { entry in (id: entry.id, score: entry.score * (1 + 0.5 * values.sharedTags(entry.id, id))) }
            .sorted { ($0.score, $0.id) > ($1.score, $1.id) }
            .prefix(limit)
        return try hits(Array(ranked), leaves: leaves)
    }

    /// The words that most set an example apart: weighted by the columns they appear in and by how
    /// rare they are across the library; words of only this example or of most examples are left out.
    private func distinctiveWords(of columns: [String]) throws -> [String] {
        var weightOfWord: [String: Double] = [:]
        for (index, column) in columns.enumerated() where index < RankFunction.weights.count {
            let text = index == 2 ? SafeMarkdown.plainText(column) : column
            for word in Words.split(text) where word.count >= 3 && !Words.stopwords.contains(word) && word.allSatisfy(\.isLetter) {
                weightOfWord[word, default: 0] += RankFunction.weights[index]
            }
        }
        let total = max(values.newestFirst.count, 1)
        let candidates = weightOfWord.compactMap { word, weight -> (word: String, value: Double)? in
            let documents = common.flatMap { $0.postings(matching: .word(word, prefix: false))?.count } ?? vocabulary.count(word)
            guard documents > 1, documents <= total / Self.rankingShare else { return nil }
            return (word, weight * RankFunction.inverseFrequency(documents: documents, total: total))
        }
        // The best few, stemmed in one call to the probe, so that two forms of one word count once.
        let best = candidates.sorted(by: { ($0.value, $0.word) > ($1.value, $1.word) }).prefix(Self.distinctiveWordCount * 4).map(\.word)
        let stems = (try? common?.probe.stems(of: best)) ?? Array(repeating: nil, count: best.count)
        var seen = Set<String>()
        var chosen: [String] = []
        for (word, stem) in zip(best, stems) where chosen.count < Self.distinctiveWordCount {
            if seen.insert(stem ?? word).inserted { chosen.append(word) }
        }
        return chosen
    }

    /// The page's examples as hits: only the columns a hit shows, read by position.
    private func hits(_ ranked: [(id: Int64, score: Double)], leaves: [ParsedText.Clause]) throws -> [SearchHit] {
        guard !ranked.isEmpty else { return [] }
        let ids = ExampleRow.encodeJSON(ranked.map(\.id))
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, uid, title, summary, account, organisation_name, organisation_type, region, keywords, evidence, published_at,
                      work_status, outcome_measures
                    FROM example WHERE id IN (SELECT value FROM json_each(?))
                    """), arguments: [ids])
        let foundations = try AppDatabase.tagLists(table: "example_foundation", column: "foundation", ids: ids, in: db)
        let ambitions = try AppDatabase.tagLists(table: "example_ambition", column: "ambition", ids: ids, in: db)
        let adoptions = try AppDatabase.adoptionCounts(ids, in: db)
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
                publishedAt: row[10], workStatus: WorkStatus(rawValue: row[11]) ?? .running,
                outcomeMeasures: (ExampleRow.decodeJSON([String].self, row[12]) ?? []).compactMap(OutcomeMeasure.init(rawValue:)),
                adoptions: adoptions[id] ?? 0, score: 0)
            texts.append(
                Snippet.Text(
                    id: id, columns: [row[2], row[3], SafeMarkdown.plainText(row[4]), row[5], keywords.joined(separator: ", ")], summary: row[3]))
        }
        let snippets = try Snippet.make(for: texts, leaves: leaves, probe: common?.probe, in: db)
        return ranked.compactMap { entry in
            guard var hit = hits[entry.id] else { return nil }
            hit.snippet = snippets[entry.id] ?? ""
            hit.score = (entry.score * 1000).rounded() / 1000
            return hit
        }
    }

}
