import Foundation
import GRDB
import Synchronization

/// Every word of the library as typed (unstemmed), with how many examples hold it, in sorted order:
/// for spelling suggestions and for completing a half-typed last word without a costly prefix query.
struct LibraryWords: Sendable {
    /// The `index_version` of the full-text indexes the words were read from.
    let version: Int64
    private let terms: [String]
    private let documents: [Int32]

    /// Reads the unstemmed index's vocabulary.
    static func build(version: Int64, in db: Database) throws -> LibraryWords {
        var terms: [String] = []
        var documents: [Int32] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM example_words_vocab")
        while let row = try rows.next() {
            terms.append(row[0])
            documents.append(Int32(clamping: row[1] as Int64))
        }
        return LibraryWords(version: version, terms: terms, documents: documents)
    }

    /// How many examples hold the word.
    func count(_ word: String) -> Int {
        let index = lowerBound(word)
        return index < terms.count && terms[index] == word ? Int(documents[index]) : 0
    }

    /// Every word held by at least `minimum` examples.
    func words(heldByAtLeast minimum: Int) -> [String] {
        zip(terms, documents).compactMap { $1 >= minimum ? $0 : nil }
    }

    /// The commonest longer words that start with a prefix, most common first.
    func completions(of prefix: String, limit: Int) -> [String] {
        var matches: [(term: String, documents: Int32)] = []
        var index = lowerBound(prefix)
        while index < terms.count, terms[index].hasPrefix(prefix) {
            if terms[index] != prefix { matches.append((terms[index], documents[index])) }
            index += 1
        }
        return matches.sorted { $0.documents > $1.documents }.prefix(limit).map(\.term)
    }

    /// Words that start with the same letter as `word`, within `slack` letters of its length, held by at least `minimum` examples.
    func candidates(near word: String, slack: Int, minimum: Int) -> [(term: String, documents: Int)] {
        guard let first = word.first else { return [] }
        var found: [(String, Int)] = []
        var index = lowerBound(String(first))
        while index < terms.count, terms[index].first == first {
            let term = terms[index]
            if abs(term.count - word.count) <= slack, documents[index] >= minimum { found.append((term, Int(documents[index]))) }
            index += 1
        }
        return found
    }

    private func lowerBound(_ key: String) -> Int {
        var low = 0, high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Holds the library's vocabulary, read again whenever the full-text indexes change (their
/// `index_version`), so a word of an example just withdrawn is never suggested nor completed.
final class LibraryWordsStore: Sendable {
    private let current = Mutex<LibraryWords?>(nil)

    func vocabulary(in db: Database) throws -> LibraryWords {
        let version = try SearchStore.indexVersion(in: db)
        if let vocabulary = current.withLock({ $0 }), vocabulary.version == version { return vocabulary }
        let vocabulary = try LibraryWords.build(version: version, in: db)
        current.withLock { $0 = vocabulary }
        return vocabulary
    }
}
