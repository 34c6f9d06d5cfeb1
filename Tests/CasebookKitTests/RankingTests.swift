import Foundation
import GRDB
import Testing
@testable import CasebookKit

/// A library of generated examples whose words follow a long-tailed distribution, so that common
/// words match many thousands of examples, plus helpers to rank by brute force.
struct GeneratedLibrary {
    /// Made-up words, none a stopword; earlier words are far more frequent than later ones.
    static let vocabulary: [String] = {
        let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do", "fu"]
        var words: [String] = []
        for a in syllables { for b in syllables { for c in ["n", "r", "l", "m"] { words.append(a + b + c) } } }
        return words
    }()

    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// A word, drawn with probability falling as its rank rises (about 1 / (rank + 40)), so the
    /// commonest word is in some 40% of examples; one draw in twenty is a rare word instead.
    mutating func word() -> String {
        let u = Double(generator.next() >> 11) / Double(1 << 53)
        if generator.next() % 20 == 0 { return "qx" + Self.vocabulary[Int(generator.next() % UInt64(Self.vocabulary.count))] }
        let count = Double(Self.vocabulary.count)
        let index = Int(40 * pow((count + 40) / 40, u) - 40)
        return Self.vocabulary[min(max(index, 0), Self.vocabulary.count - 1)]
    }

    mutating func words(_ count: Int) -> String { (0..<count).map { _ in word() }.joined(separator: " ") }

    /// Example number `n`, published at a time that grows with `n`.
    mutating func example(_ n: Int) -> Example {
        let regions = Region.allCases
        return Example(
            uid: String(format: "00000000-0000-4000-8000-%012d", n), title: "Example \(n) " + words(5), summary: words(14),
            body: words(40), foundations: ["leadership"], organisation: Organisation(name: "Organisation " + word()),
            region: regions[Int(generator.next() % UInt64(regions.count))], keywords: [word(), word()],
            status: .published, publishedAt: String(format: "2024-%02d-%02dT10:00:00Z", 1 + (n / 28) % 12, 1 + n % 28))
    }

    /// The best `count` examples for an FTS5 expression by SQLite's own bm25 with Casebook's weights, over every match.
    static func bruteForce(_ expression: String, count: Int, in database: AppDatabase) throws -> [(id: Int64, score: Double)] {
        try database.reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT rowid, -bm25(example_ft, 10.0, 4.0, 1.0, 2.0, 6.0) AS score FROM example_ft
                    WHERE example_ft MATCH ? ORDER BY score DESC, rowid DESC LIMIT ?
                    """, arguments: [expression, count]
            ).map { ($0[0], $0[1]) }
        }
    }
}

@Suite("Global ranking", .serialized)
struct RankingTests {
    /// One library for the suite: 30,000 generated examples.
    static let library: AppDatabase = {
        let database = try! AppDatabase.inMemory(seedExamples: false)
        var generated = GeneratedLibrary(seed: 12)
        _ = try! database.importExamples((1...30_000).map { generated.example($0) })
        return database
    }()

    static let words = GeneratedLibrary.vocabulary

    /// Queries of one and two common words, a common and a rare word, an exclusion, and later pages.
    static let queries: [(text: String, offset: Int)] = {
        let w = GeneratedLibrary.vocabulary
        let pairs: [(String, Int)] = [
            (w[0], 0), (w[1], 0), (w[3], 40), (w[2] + " " + w[5], 0), (w[0] + " " + w[300], 0),
            (w[7] + " " + w[1], 20), (w[40], 0), (w[4] + " -" + w[6], 0), ("qx" + w[3], 0), (w[0] + " qx" + w[9], 0)
        ]
        return pairs
    }()

    @Test(arguments: queries.indices)
    func theTopResultsAreTheBestOfTheWholeResult(index: Int) throws {
        let (text, offset) = Self.queries[index]
        // setup
        let database = Self.library
        let query = SearchQuery(text: text + " ", limit: 20, offset: offset)
        let parsed = ParsedText(query.text)
        let expression = try #require(parsed.matchExpression)
        // exercise
        let results = try database.search(query, synonyms: .empty, timeLimit: nil)
        let exact = try GeneratedLibrary.bruteForce(expression, count: offset + 20, in: database)
        // validate: the total runs to thousands; no result scores below the exact k-th score; the scores are bm25's
        #expect(results.total == (try database.reader.read { db in try SearchStore.matchingIDs(expression, in: db).count }))
        #expect(results.results.count == min(20, max(results.total - offset, 0)))
        let page = Array(exact.dropFirst(offset))
        let kth = try #require(page.last?.score)
        for hit in results.results { #expect(hit.score >= kth - 0.001, "\(text): \(hit.id) scores \(hit.score) below \(kth)") }
        for (mine, theirs) in zip(results.results, page) { #expect(abs(mine.score - theirs.score) < 0.001, "\(text)") }
        #expect(zip(results.results, results.results.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func resultsRunToTensOfThousands() throws {
        let results = try Self.library.search(SearchQuery(text: Self.words[0] + " "), synonyms: .empty)
        #expect(results.total > 10_000)
        #expect(results.total < 15_000, "a word matched by most examples would not rank")
    }

    @Test func oldBestAnswersComeFirst() throws {
        // setup: ten old examples, each plainly the best answer to two common words, beneath thousands of newer matches
        let database = try AppDatabase.inMemory(seedExamples: false)
        var generated = GeneratedLibrary(seed: 99)
        let pairs = (0..<10).map { (Self.words[2 + $0], Self.words[12 + $0]) }
        let planted = pairs.enumerated().map { index, pair in
            Example(
                uid: String(format: "10000000-0000-4000-8000-%012d", index), title: "\(pair.0) \(pair.1) in one place",
                summary: "How \(pair.0) and \(pair.1) were brought together for the first time.", body: generated.words(30),
                foundations: ["sharing-learning"], organisation: Organisation(name: "Old Hospice"), keywords: [pair.0, pair.1],
                status: .published, publishedAt: "2015-01-01T10:00:00Z")
        }
        _ = try database.importExamples(planted + (1...6_000).map { generated.example($0) })
        for (index, pair) in pairs.enumerated() {
            // exercise
            let results = try database.search(SearchQuery(text: "\(pair.0) \(pair.1)", limit: 5), synonyms: .empty)
            // validate
            #expect(results.total > 100, "\(pair)")
            #expect(results.results.map(\.uid).contains(planted[index].uid!), "\(pair) found \(results.total)")
        }
    }

    @Test func newestSortListsByPublicationWhateverTheText() throws {
        let results = try Self.library.search(SearchQuery(text: Self.words[1] + " ", limit: 50, sort: .newest), synonyms: .empty)
        let dates = results.results.compactMap(\.publishedAt)
        #expect(dates.count == 50)
        #expect(dates == dates.sorted(by: >))
        #expect(results.results.allSatisfy { $0.score == 0 })
    }

    @Test func postingsFollowEditsAsReadingAgainWould() throws {
        // setup: a library whose common words are held in memory, then edited, withdrawn and added to
        let database = try AppDatabase.inMemory(seedExamples: false)
        var generated = GeneratedLibrary(seed: 5)
        _ = try database.importExamples((1...1_500).map { generated.example($0) })
        let query = SearchQuery(text: Self.words[1] + " " + Self.words[4] + " ", limit: 30)
        _ = try database.search(query, synonyms: .empty)
        var edited = generated.example(7)
        edited.title = "\(Self.words[1]) \(Self.words[4]) \(Self.words[1])"
        _ = try database.importExamples([edited, generated.example(1_501)])
        _ = try database.decide(.uid(String(format: "00000000-0000-4000-8000-%012d", 9)), action: .withdraw, note: "ended", actor: "mod")
        // exercise
        let followed = try database.search(query, synonyms: .empty)
        let fresh = try AppDatabase.open(path: try Self.copy(of: database), seedExamples: false).search(query, synonyms: .empty)
        // validate
        #expect(followed.results.map(\.id) == fresh.results.map(\.id))
        #expect(followed.results.map(\.score) == fresh.results.map(\.score))
        #expect(followed.results.first?.uid == edited.uid)
    }

    /// A copy of a library in a temporary file, opened fresh so nothing in memory carries over.
    static func copy(of database: AppDatabase) throws -> String {
        let path = try makeTemporaryDirectory().appendingPathComponent("copy.sqlite").path
        try database.backup(to: path)
        return path
    }
}

@Suite("Snippets and similar examples")
struct SnippetAndSimilarTests {
    @Test func snippetsAreProseWithoutMarkdown() throws {
        // setup
        let database = try AppDatabase.inMemory(seedExamples: false)
        let body = "## Context\n\nWe began with **night sitting** for families.\n\n- a *rota* of volunteers\n- [a leaflet](https://example.org) about sitting"
        _ = try database.importExamples([.mock(title: "Volunteers at night", body: body, keywords: ["sitting service"], publishedAt: "2024-01-01T10:00:00Z")])
        // exercise
        let snippet = try #require(try database.search(SearchQuery(text: "sitting")).results.first?.snippet)
        // validate
        #expect(snippet.contains("<mark>sitting</mark>"))
        for markup in ["##", "**", "- ", "[", "](", "Context"] { #expect(!snippet.contains(markup), "\(snippet)") }
    }

    @Test func snippetsMarkWhatTheIndexMatches() throws {
        // setup: the seed examples, and queries of single words, synonyms, phrases and completions
        let database = try AppDatabase.inMemory(seedExamples: true)
        let probe = try IndexProbe()
        for text in ["families ", "advance care planning ", "\"care home\"", "bereavement support ", "volunteers ", "palliative "] {
            // exercise
            let results = try database.search(SearchQuery(text: text, limit: 20)).results
            #expect(!results.isEmpty, "\(text)")
            let parsed = ParsedText(text, synonyms: try SynonymDictionary.shipped())
            let asked = Set(try probe.stems(of: Words.split(text)).compactMap { $0 })
            for hit in results {
                // validate: the index finds a match in the hit's text exactly when the snippet marks one
                let indexMarks = try database.reader.read { db in
                    try String.fetchOne(
                        db, sql: "SELECT snippet(example_ft, -1, '[', ']', '…', 64) FROM example_ft WHERE example_ft MATCH ? AND rowid = ?",
                        arguments: [parsed.required.flatMap(\.leaves).map(\.expression).joined(separator: " OR "), hit.id])
                }
                #expect((indexMarks?.contains("[") ?? false) == hit.snippet.contains("<mark>"), "\(text): \(hit.snippet)")
                // and every marked word has the stem of a word asked for, a synonym's or a completion's
                let marked = hit.snippet.components(separatedBy: "<mark>").dropFirst().compactMap { $0.components(separatedBy: "</mark>").first }
                let stems = try probe.stems(of: marked.flatMap(Words.split))
                if text == "families " { #expect(stems.allSatisfy { asked.contains($0 ?? "") }, "\(hit.snippet)") }
                #expect(stems.allSatisfy { $0 != nil })
            }
        }
    }

    @Test func snippetsMarkStemsAndWholePhrasesInAWindow() throws {
        // setup: a long text with a phrase, its words apart, and another form of a word
        let probe = try IndexProbe()
        let filler = Array(repeating: "word", count: 30).joined(separator: " ")
        let body = "\(filler) care for the home, then care home visits with families. \(filler)"
        let text = Snippet.Text(id: 7, columns: ["Title", "Summary", body, "Org", ""], summary: "Summary")
        let leaves: [ParsedText.Clause] = [.phrase(["care", "home"]), .word("family", prefix: false)]
        // exercise
        let snippets = try DatabaseQueue().read { db in try Snippet.make(for: [text], leaves: leaves, probe: probe, in: db) }
        // validate
        let snippet = try #require(snippets[7])
        #expect(snippet.contains("<mark>care home</mark>"))
        #expect(snippet.contains("<mark>families</mark>"))
        #expect(!snippet.contains("<mark>care</mark> for"))
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(snippet.split(separator: " ").count <= SnippetCutter.window + 2)
    }

    @Test func aTextWithoutTheWordsFallsBackToTheSummary() throws {
        let probe = try IndexProbe()
        let text = Snippet.Text(id: 3, columns: ["Title", "Short <b>summary</b>", "Nothing here", "Org", ""], summary: "Short <b>summary</b>")
        let snippets = try DatabaseQueue().read { db in try Snippet.make(for: [text], leaves: [.word("hospice", prefix: false)], probe: probe, in: db) }
        #expect(snippets[3] == "Short &lt;b&gt;summary&lt;/b&gt;")
    }

    @Test func similarExamplesSharePublishedWordsAndNeverTheExampleItself() throws {
        // setup: the seed examples
        let database = try AppDatabase.inMemory(seedExamples: true)
        let first = try #require(try database.search(SearchQuery(text: "", limit: 1)).results.first)
        // exercise
        let similar = try #require(try database.similarExamples(to: .id(first.id), limit: 5))
        // validate
        #expect(!similar.isEmpty)
        #expect(similar.count <= 5)
        #expect(!similar.contains { $0.id == first.id })
        #expect(Set(similar.map(\.id)).count == similar.count)
        let published = Set(try database.search(SearchQuery(text: "", limit: 100)).results.map(\.id))
        #expect(similar.allSatisfy { published.contains($0.id) })
    }

    @Test func aSubmissionHasNoSimilarExamples() throws {
        let database = try AppDatabase.inMemory(seedExamples: true)
        let receipt = try database.submit(.mock(title: "Night sitting service for families"))
        #expect(try database.similarExamples(to: .id(receipt.id)) == nil)
    }
}

@Suite("The ranking weights")
struct RankingWeightTests {
    @Test func theIndexAndSearchWeighColumnsAlike() throws {
        // the weights live in search (RankFunction) and, for FTS5's own `rank`, in the schema: they must agree
        let database = try AppDatabase.inMemory(seedExamples: false)
        let stored = try database.reader.read { db in try String.fetchOne(db, sql: "SELECT v FROM example_ft_config WHERE k = 'rank'") }
        let expected = "bm25(" + RankFunction.weights.map { String($0) }.joined(separator: ", ") + ")"
        #expect(stored == expected)
        #expect(RankFunction.weights.count == SearchIndex.columns.count)
    }
}
