import GRDB
import GRDBSQLite
import Synchronization

/// The examples holding each common stem, and each dictionary phrase made of common words, as
/// in-memory sets. Queries of common words are where a full-text index is slow (every match is read
/// and checked), and where a bitmap is fast; rare words stay with the index. Derived data: built from
/// `example_ft` and kept current from the `example_change` log.
struct CommonTerms: Sendable {
    /// The `library_version` the sets reflect.
    private(set) var version: Int64
    /// How many examples a word needed to be held here.
    let minimum: Int
    /// Sets by key: a stem, or a phrase's stems joined by spaces.
    private var sets: [String: ExampleSet]
    /// Each phrase key's words, to check changed examples against the index.
    private let phrases: [String: [String]]
    /// Stems of every word of the library when the sets were read.
    private let stemOfWord: [String: String]

    /// How many stems and phrases are held.
    var count: Int { sets.count }

    /// Reads the sets of every stem held by at least `minimum` examples, and of the dictionary
    /// phrases whose words are all such stems or stopwords.
    static func build(
        version: Int64, words: LibraryWords, phrases dictionary: [[String]], minimum: Int, probe: IndexProbe, in db: Database
    ) throws -> CommonTerms {
        let capacity = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM example") ?? 1
        // Every word of the library is stemmed once here, so a query rarely needs the probe.
        let all = words.words(heldByAtLeast: 1)
        var stemOfWord: [String: String] = [:]
        for (word, stem) in zip(all, try probe.stems(of: all)) { stemOfWord[word] = stem }
        let common = words.words(heldByAtLeast: minimum).filter { !Words.stopwords.contains($0) }
        var sets: [String: ExampleSet] = [:]
        for word in common {
            guard let stem = stemOfWord[word], sets[stem] == nil else { continue }
            sets[stem] = try ExampleSet(matchingIDs(FTSExpression.quoted([word]), in: db), capacity: capacity)
        }
        var phrases: [String: [String]] = [:]
        for phrase in dictionary where phrase.count > 1 {
            let stems = try probe.stems(of: phrase)
            guard stems.allSatisfy({ $0 != nil }), zip(phrase, stems).allSatisfy({ Words.stopwords.contains($0) || sets[$1!] != nil })
            else { continue }
            let key = stems.map { $0! }.joined(separator: " ")
            guard phrases[key] == nil else { continue }
            phrases[key] = phrase
            sets[key] = try ExampleSet(matchingIDs(FTSExpression.quoted(phrase), in: db), capacity: capacity)
        }
        return CommonTerms(version: version, minimum: minimum, sets: sets, phrases: phrases, stemOfWord: stemOfWord)
    }

    /// The examples a clause matches, when every part of it is held here; nil when the index must answer.
    func examples(matching clause: ParsedText.Clause, probe: IndexProbe) -> ExampleSet? {
        switch clause {
        case .word(let word, _):
            return stem(of: word, probe: probe).flatMap { sets[$0] }
        case .phrase(let words):
            let stems = words.map { stem(of: $0, probe: probe) }
            guard stems.allSatisfy({ $0 != nil }) else { return nil }
            return sets[stems.map { $0! }.joined(separator: " ")]
        case .anyOf(let clauses):
            var union: ExampleSet?
            for clause in clauses {
                guard let set = examples(matching: clause, probe: probe) else { return nil }
                if union == nil { union = set } else { union!.formUnion(set) }
            }
            return union
        }
    }

    private func stem(of word: String, probe: IndexProbe) -> String? {
        if let stem = stemOfWord[word] { return stem }
        return (try? probe.stems(of: [word]))?.first ?? nil
    }

    /// Brings the sets up to `version` for examples written since the sets were read.
    mutating func update(to version: Int64, changed ids: [Int64], probe: IndexProbe, in db: Database) throws {
        guard !ids.isEmpty else { self.version = version; return }
        let keys = Array(sets.keys)
        for key in keys { for id in ids { sets[key]!.remove(id) } }
        let texts = try Row.fetchAll(db, sql: """
            SELECT id, title, summary, body, organisation_name, keywords FROM example WHERE id IN (SELECT value FROM json_each(?))
            """, arguments: [ExampleRow.encodeJSON(ids)])
        for row in texts {
            let id: Int64 = row[0]
            let stems = try probe.distinctStems(of: (1...5).map { (row[$0] as String?) ?? "" })
            for stem in stems where sets[stem] != nil { sets[stem]!.insert(id) }
        }
        for (key, words) in phrases {
            for id in try Self.matchingIDs(FTSExpression.quoted(words), among: ids, in: db) { sets[key]!.insert(id) }
        }
        self.version = version
    }

    /// Ids of examples an FTS5 expression matches, ascending, stepped without per-row allocation.
    static func matchingIDs(_ expression: String, among ids: [Int64]? = nil, in db: Database) throws -> [Int64] {
        var sql = "SELECT rowid FROM example_ft WHERE example_ft MATCH ?"
        var arguments: StatementArguments = [expression]
        if let ids {
            sql += " AND rowid IN (SELECT value FROM json_each(?))"
            arguments += [ExampleRow.encodeJSON(ids)]
        }
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        var result: [Int64] = []
        while true {
            let code = sqlite3_step(statement.sqliteStatement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage) }
            result.append(sqlite3_column_int64(statement.sqliteStatement, 0))
        }
        return result
    }
}

/// Holds a library's common-term sets, reading them once and then following the change log.
final class CommonTermsStore: Sendable {
    private let current = Mutex<CommonTerms?>(nil)
    private let building = Mutex<Void>(())
    let probe: IndexProbe?

    init() {
        probe = try? IndexProbe()
    }

    /// Sets matching the caller's snapshot at `version`, or nil when the index should answer instead
    /// (no probe, or the sets have already moved past this snapshot). The sets are exact whatever
    /// the threshold, so they are read again only when the threshold has halved or doubled.
    func terms(
        version: Int64, words: LibraryWords, synonyms: SynonymDictionary, minimum: Int, in db: Database
    ) throws -> CommonTerms? {
        guard let probe else { return nil }
        func fits(_ terms: CommonTerms) -> Bool { terms.minimum <= minimum * 2 && minimum <= terms.minimum * 2 }
        if let terms = current.withLock({ $0 }), fits(terms), terms.version >= version {
            return terms.version == version ? terms : nil
        }
        return try building.withLock { _ in
            let stored = current.withLock { $0 }
            if let stored, fits(stored), stored.version >= version { return stored.version == version ? stored : nil }
            var terms: CommonTerms
            if var previous = stored, fits(previous), previous.version < version,
               let changed = try ChangeLog.changedIDs(since: previous.version, upTo: version, in: db) {
                try previous.update(to: version, changed: changed, probe: probe, in: db)
                terms = previous
            } else {
                terms = try CommonTerms.build(
                    version: version, words: words, phrases: synonyms.phrases, minimum: minimum, probe: probe, in: db)
            }
            current.withLock { stored in
                if let stored, fits(stored), stored.version > version { return }
                stored = terms
            }
            return terms
        }
    }
}
