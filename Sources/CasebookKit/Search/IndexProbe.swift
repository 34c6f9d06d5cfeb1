import GRDB

/// A private in-memory database with the search index's own tokenizer, so that what it says
/// always agrees with `example_ft`: the stems of words, and snippets of a page of results
/// (cut from a tiny index of just those examples instead of seeking each in the large one).
final class IndexProbe: Sendable {
    private let probe: DatabaseQueue

    /// The tokenizer of `example_ft`.
    static let tokenizer = "porter unicode61"

    init() throws {
        probe = try DatabaseQueue()
        try probe.write { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE probe USING fts5(text, tokenize = '\(Self.tokenizer)', detail = 'none');
                CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance');
                CREATE TABLE page_text(id INTEGER PRIMARY KEY, \(SearchIndex.columns.joined(separator: ", ")));
                CREATE VIRTUAL TABLE page USING fts5(\(SearchIndex.columns.joined(separator: ", ")),
                  content = 'page_text', content_rowid = 'id', tokenize = '\(Self.tokenizer)');
                """)
        }
    }

    /// The stem of each word, in order; nil for a word the tokenizer reads as no token, or as several.
    func stems(of words: [String]) throws -> [String?] {
        guard !words.isEmpty else { return [] }
        return try probe.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO probe(rowid, text) VALUES (?, ?)")
            for (index, word) in words.enumerated() { try insert.execute(arguments: [index + 1, word]) }
            // A word the tokenizer splits into several tokens has no single stem: the index answers for it.
            var tokens = [Set<String>](repeating: [], count: words.count)
            let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM probe_terms")
            while let row = try rows.next() { tokens[Int(row[1] as Int64) - 1].insert(row[0]) }
            let stems = tokens.map { $0.count == 1 ? $0.first : nil }
            try db.execute(sql: "DELETE FROM probe")
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

    /// Snippets of some examples' text for an FTS5 expression, by example id, with matches between
    /// `open` and `close`; examples the expression does not match are left out.
    func snippets(of texts: [(id: Int64, columns: [String])], expression: String, open: String, close: String) throws -> [Int64: String] {
        try probe.write { db in
            let placeholders = Array(repeating: "?", count: SearchIndex.columns.count).joined(separator: ", ")
            let insert = try db.cachedStatement(sql: "INSERT INTO page_text VALUES (?, \(placeholders))")
            for text in texts {
                var values: [any DatabaseValueConvertible] = [text.id]
                values += text.columns
                try insert.execute(arguments: StatementArguments(values))
            }
            try db.execute(sql: "INSERT INTO page(page) VALUES ('rebuild')")
            defer { try? db.execute(sql: "DELETE FROM page_text; INSERT INTO page(page) VALUES ('delete-all')") }
            var snippets: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT rowid, snippet(page, -1, ?, ?, '…', 16) FROM page WHERE page MATCH ?
                """, arguments: [open, close, expression])
            while let row = try rows.next() { snippets[row[0]] = row[1] }
            return snippets
        }
    }
}
