import Foundation
import GRDB

extension AppDatabase {
    /// Ranked search over published examples, with facets and a spelling suggestion.
    public func search(_ query: SearchQuery, synonyms: SynonymDictionary = .shipped, timeLimit: Duration? = .seconds(2)) throws -> SearchResults {
        try reader.read { db in
            try SearchDeadline.run(db, limit: timeLimit) {
                try SearchEngine(db: db, synonyms: synonyms).search(query)
            }
        }
    }

    /// The same search, run from async code without blocking a thread of the caller's executor.
    public func search(_ query: SearchQuery, synonyms: SynonymDictionary = .shipped, timeLimit: Duration? = .seconds(2)) async throws -> SearchResults {
        try await reader.read { db in
            try SearchDeadline.run(db, limit: timeLimit) {
                try SearchEngine(db: db, synonyms: synonyms).search(query)
            }
        }
    }
}

/// Runs one search inside a read transaction.
struct SearchEngine {
    let db: Database
    let synonyms: SynonymDictionary

    /// Share of published examples above which a word is too common to rank by.
    static let commonShare = 0.5

    func search(_ query: SearchQuery) throws -> SearchResults {
        let parsed = ParsedText(query.text, synonyms: synonyms)
        var page = try run(parsed, query)
        let suggestion = try SpellingSuggester(db: db, synonyms: synonyms).suggestion(for: query.text, words: parsed.typedWords)
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
        try parsed.expandPrefix(with: completions)
        let filter = SearchFilter(query)
        let matches = MatchSet(parsed)
        let (total, facets) = try countAndFacets(matches, filter)
        let ranked = total == 0 ? [] : try rank(matches, parsed, filter, query)
        return Page(total: total, ranked: ranked, facets: facets, expression: parsed.matchExpression)
    }

    /// The examples that match the text: every published example, those an FTS expression matches,
    /// or all but those an exclusion matches.
    private struct MatchSet {
        var source: String
        var arguments: StatementArguments

        init(_ parsed: ParsedText) {
            if let expression = parsed.matchExpression {
                source = "SELECT rowid AS id FROM example_ft WHERE example_ft MATCH ?"
                arguments = [expression]
            } else if let exclusion = parsed.exclusionExpression {
                source = "SELECT id FROM example WHERE id NOT IN (SELECT rowid FROM example_ft WHERE example_ft MATCH ?)"
                arguments = [exclusion]
            } else {
                source = "SELECT id FROM example"
                arguments = []
            }
        }
    }

    private func countAndFacets(_ matches: MatchSet, _ filter: SearchFilter) throws -> (Int, Facets) {
        let sql = """
            WITH matched AS MATERIALIZED (
              SELECT e.id, e.region, e.organisation_type, e.evidence FROM (\(matches.source)) m
              CROSS JOIN example e INDEXED BY example_facets ON e.id = m.id WHERE \(filter.sql))
            SELECT 'total', NULL, count(*) FROM matched
            UNION ALL SELECT 'region', region, count(*) FROM matched WHERE region IS NOT NULL GROUP BY region
            UNION ALL SELECT 'organisation_type', organisation_type, count(*) FROM matched GROUP BY organisation_type
            UNION ALL SELECT 'evidence', evidence, count(*) FROM matched GROUP BY evidence
            UNION ALL SELECT 'foundation', f.foundation, count(*) FROM matched CROSS JOIN example_foundation f ON f.example_id = matched.id GROUP BY f.foundation
            UNION ALL SELECT 'ambition', a.ambition, count(*) FROM matched CROSS JOIN example_ambition a ON a.example_id = matched.id GROUP BY a.ambition
            """
        var facets = Facets()
        var total = 0
        for row in try Row.fetchAll(db, sql: sql, arguments: matches.arguments + filter.arguments) {
            let facet: String = row[0]
            if facet == "total" { total = row[2] } else { facets.add(facet: facet, value: row[1], count: row[2]) }
        }
        return (total, facets)
    }

    /// The page's ids in order: by weighted bm25 inside the index, or newest first when there is
    /// nothing to rank by (no text, or only words found in most examples).
    private func rank(_ matches: MatchSet, _ parsed: ParsedText, _ filter: SearchFilter, _ query: SearchQuery) throws -> [(id: Int64, score: Double)] {
        let page: StatementArguments = [query.limit, query.offset]
        if let expression = parsed.matchExpression, try !allCommon(parsed) {
            let sql = """
                SELECT h.id, -h.rank FROM (SELECT rowid AS id, rank FROM example_ft WHERE example_ft MATCH ? ORDER BY rank) h
                CROSS JOIN example e INDEXED BY example_facets ON e.id = h.id WHERE \(filter.sql) LIMIT ? OFFSET ?
                """
            return try Row.fetchAll(db, sql: sql, arguments: [expression] + filter.arguments + page).map { ($0[0], $0[1]) }
        }
        let sql = """
            SELECT e.id FROM example e WHERE e.id IN (\(matches.source)) AND \(filter.sql)
            ORDER BY e.published_at DESC, e.id DESC LIMIT ? OFFSET ?
            """
        return try Row.fetchAll(db, sql: sql, arguments: matches.arguments + filter.arguments + page).map { ($0[0], 0) }
    }

    /// The commonest whole words, as typed in the library, that start with a prefix.
    private func completions(of prefix: String) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT term FROM example_words_vocab WHERE term > ? AND term < ? ORDER BY doc DESC LIMIT 6
            """, arguments: [prefix, prefix + "\u{10FFFF}"])
    }

    /// Whether every required clause matches more than half of the published examples, so bm25 cannot tell matches apart.
    private func allCommon(_ parsed: ParsedText) throws -> Bool {
        let published = try Int.fetchOne(db, sql: "SELECT count(*) FROM example WHERE status = 'published'") ?? 0
        let threshold = Int(Double(published) * Self.commonShare)
        for clause in parsed.required {
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM example_ft WHERE example_ft MATCH ?", arguments: [clause.expression]) ?? 0
            if count <= threshold { return false }
        }
        return true
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
