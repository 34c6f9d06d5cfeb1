import Foundation
import GRDB
import Synchronization

/// A private in-memory database with the search index's own tokenizer, so that what it says
/// always agrees with `example_ft`: the stems of words (which `SnippetCutter` matches snippets by),
/// and what the library's index would say of a few edited examples (their lengths and weighted counts).
final class IndexProbe: Sendable {
    private let probe: DatabaseQueue

    /// The tokenizer of `example_ft`.
    static let tokenizer = "porter unicode61"

    init() throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in RankFunction.register(db) }
        probe = try DatabaseQueue(configuration: configuration)
        try probe.write { db in
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE probe USING fts5(text, tokenize = '\(Self.tokenizer)', detail = 'none');
                    CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance');
                    CREATE TABLE page_text(id INTEGER PRIMARY KEY, \(SearchIndex.columns.joined(separator: ", ")));
                    CREATE VIRTUAL TABLE page USING fts5(\(SearchIndex.columns.joined(separator: ", ")),
                      content = 'page_text', content_rowid = 'id', tokenize = '\(Self.tokenizer)');
                    """)
        }
    }

    /// Stems already read, by word (nil: no single stem). The tokenizer never changes, so neither
    /// does a word's stem; the store starts afresh when it reaches `knownStemLimit`, since query
    /// words are anyone's text.
    private let known = Mutex<[String: String?]>([:])
    static let knownStemLimit = 20_000

    /// The stem of each word, in order; nil for a word the tokenizer reads as no token, or as several.
    func stems(of words: [String]) throws -> [String?] {
        var stemOfWord: [String: String?] = [:]
        var unknown: [String] = []
        known.withLock { known in
            for word in words where stemOfWord[word] == nil {
                if let stem = known[word] { stemOfWord.updateValue(stem, forKey: word) } else { unknown.append(word) }
            }
        }
        unknown = Array(Set(unknown))
        if !unknown.isEmpty {
            let read = try readStems(of: unknown)
            known.withLock { known in
                if known.count + unknown.count > Self.knownStemLimit { known.removeAll(keepingCapacity: true) }
                for (word, stem) in zip(unknown, read) { known.updateValue(stem, forKey: word) }
            }
            for (word, stem) in zip(unknown, read) { stemOfWord.updateValue(stem, forKey: word) }
        }
        return words.map { stemOfWord[$0] ?? nil }
    }

    /// Stems words with the index's tokenizer, one row each.
    private func readStems(of words: [String]) throws -> [String?] {
        try probe.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO probe(rowid, text) VALUES (?, ?)")
            for (index, word) in words.enumerated() { try insert.execute(arguments: [index + 1, word]) }
            // A word the tokenizer splits into several tokens has no single stem: the index answers for it.
            var tokens = [Set<String>](repeating: [], count: words.count)
            let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT term, doc FROM probe_terms"))
            while let row = try rows.next() { tokens[Int(row[1] as Int64) - 1].insert(row[0]) }
            let stems = tokens.map { $0.count == 1 ? $0.first : nil }
            try db.cachedStatement(sql: "DELETE FROM probe").execute()
            return stems
        }
    }

    /// Every distinct stem of some texts together.
    func distinctStems(of texts: [String]) throws -> Set<String> {
        try probe.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO probe(text) VALUES (?)")
            for text in texts { try insert.execute(arguments: [text]) }
            let stems = try Set(String.fetchAll(db, sql: "SELECT DISTINCT term FROM probe_terms"))
            try db.execute(sql: "DELETE FROM probe")
            return stems
        }
    }

    /// Each example's length in tokens, and for each expression (by key) the examples it matches
    /// with their column-weighted counts: what the library's index would say of these examples.
    func weights(
        of texts: [(id: Int64, columns: [String])], expressions: [String: String]
    ) throws -> (lengths: [Int64: UInt32], weights: [String: [Int64: UInt32]]) {
        try probe.write { db in
            try fillPage(db, with: texts)
            defer { try? db.execute(sql: "DELETE FROM page_text; INSERT INTO page(page) VALUES ('delete-all')") }
            var lengths: [Int64: UInt32] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, sz FROM page_docsize") {
                let size = (row[1] as Data?) ?? Data()
                lengths[row[0]] = UInt32(clamping: size.withUnsafeBytes { SearchStore.sumOfVarints($0.bindMemory(to: UInt8.self)) })
            }
            var weights: [String: [Int64: UInt32]] = [:]
            let statement = try db.makeStatement(sql: "SELECT rowid, \(RankFunction.weightName)(page) FROM page WHERE page MATCH ?")
            for (key, expression) in expressions {
                for row in try Row.fetchAll(statement, arguments: [expression]) {
                    let weight = UInt32(clamping: row[1] as Int64)
                    if weight > 0 { weights[key, default: [:]][row[0]] = weight }
                }
            }
            return (lengths, weights)
        }
    }

    private func fillPage(_ db: Database, with texts: [(id: Int64, columns: [String])]) throws {
        let placeholders = Array(repeating: "?", count: SearchIndex.columns.count).joined(separator: ", ")
        let insert = try db.cachedStatement(sql: "INSERT INTO page_text VALUES (?, \(placeholders))")
        for text in texts {
            var values: [any DatabaseValueConvertible] = [text.id]
            values += text.columns
            try insert.execute(arguments: StatementArguments(values))
        }
        try db.execute(sql: "INSERT INTO page(page) VALUES ('rebuild')")
    }
}
