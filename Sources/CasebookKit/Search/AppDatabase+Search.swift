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
        return try SearchDeadline.run(db, limit: timeLimit) {
            try SearchEngine(db: db, synonyms: synonyms, reference: reference, values: values, vocabulary: vocabulary).search(query)
        }
    }
}

/// Runs one search inside a read transaction.
struct SearchEngine {
    let db: Database
    let synonyms: SynonymDictionary
    let reference: ReferenceData
    let values: DocValues
    let vocabulary: LibraryWords

    /// A last word held by at least this many examples is taken as complete, not as a prefix.
    static let completeWordCount = 50

    /// How many matches bm25 ranks at a time, newest first, so that common words stay fast.
    static let rankingWindow = 2_500

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
        let filter = CompiledFilter(query, reference: reference)
        let candidates = try matchingIDs(parsed).filter { values.passes($0, filter) }
        let ranked: [(id: Int64, score: Double)]
        if candidates.isEmpty {
            ranked = []
        } else if let expression = parsed.matchExpression {
            ranked = try rankByRelevance(expression, candidates: candidates, filter: filter, query: query)
        } else {
            ranked = values.newest(candidates, skipping: query.offset, count: query.limit).map { ($0, 0) }
        }
        return Page(total: candidates.count, ranked: ranked, facets: values.facets(of: candidates, reference: reference),
                    expression: parsed.matchExpression)
    }

    /// Ids of examples the text matches, in ascending id order when they come from the index.
    private func matchingIDs(_ parsed: ParsedText) throws -> [Int64] {
        if let expression = parsed.matchExpression {
            return try Int64.fetchAll(db, sql: "SELECT rowid FROM example_ft WHERE example_ft MATCH ?", arguments: [expression])
        }
        if let exclusion = parsed.exclusionExpression {
            let excluded = Set(try Int64.fetchAll(db, sql: "SELECT rowid FROM example_ft WHERE example_ft MATCH ?", arguments: [exclusion]))
            return values.newestFirst.filter { !excluded.contains($0) }
        }
        return values.newestFirst
    }

    /// bm25 order, ranked inside the index over windows of the newest matches: the whole result when
    /// it is small, else the newest window first, then older windows until the page is full.
    private func rankByRelevance(_ expression: String, candidates: [Int64], filter: CompiledFilter, query: SearchQuery) throws -> [(id: Int64, score: Double)] {
        let needed = query.offset + query.limit
        var ranked: [(id: Int64, score: Double)] = []
        var end = candidates.count
        while end > 0, ranked.count < needed {
            let start = max(0, end - Self.rankingWindow)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT rowid, rank FROM example_ft WHERE example_ft MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank
                """, arguments: [expression, candidates[start], candidates[end - 1]])
            while let row = try rows.next(), ranked.count < needed {
                let id: Int64 = row[0]
                if values.passes(id, filter) { ranked.append((id, -(row[1] as Double))) }
            }
            end = start
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

    private func hits(_ ranked: [(id: Int64, score: Double)], expression: String?) throws -> [SearchHit] {
        let examples = try AppDatabase.examples(ids: ranked.map(\.id), in: db)
        let scores = Dictionary(ranked.map { ($0.id, $0.score) }, uniquingKeysWith: { first, _ in first })
        return try examples.map { stored in
            let example = stored.example
            return SearchHit(
                id: stored.id, uid: example.uid ?? "", title: example.title, summary: example.summary,
                snippet: try Snippet.make(for: stored, expression: expression, in: db),
                foundations: example.foundations, ambitions: example.ambitions, organisation: example.organisation,
                region: example.region, evidence: example.evidence, publishedAt: example.publishedAt,
                score: ((scores[stored.id] ?? 0) * 1000).rounded() / 1000)
        }
    }
}
