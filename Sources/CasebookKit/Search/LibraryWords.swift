import Foundation
import GRDB
import Synchronization

/// Every word of the library as typed (unstemmed), with how many examples hold it, in sorted order:
/// for spelling suggestions and for completing a half-typed last word without a costly prefix query.
struct LibraryWords: Sendable {
    let version: Int64
    let builtAt: Date
    /// How long reading it took: a quick rebuild is done on every change, a slow one at most every few minutes.
    var buildTime: TimeInterval = 0
    private let terms: [String]
    private let documents: [Int32]

    /// Reads the unstemmed index's vocabulary.
    static func build(version: Int64, in db: Database) throws -> LibraryWords {
        let started = Date()
        var terms: [String] = []
        var documents: [Int32] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM example_words_vocab")
        while let row = try rows.next() {
            terms.append(row[0])
            documents.append(Int32(clamping: row[1] as Int64))
        }
        var vocabulary = LibraryWords(version: version, builtAt: started, terms: terms, documents: documents)
        vocabulary.buildTime = Date().timeIntervalSince(started)
        return vocabulary
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

/// Holds the library's vocabulary, rebuilt when the library has changed and the copy is a few minutes old
/// (a slightly stale vocabulary only delays a suggestion for a brand-new word).
final class LibraryWordsStore: Sendable {
    private let current = Mutex<LibraryWords?>(nil)
    static let maximumAge: TimeInterval = 300

    func vocabulary(version: Int64, in db: Database) throws -> LibraryWords {
        if let vocabulary = current.withLock({ $0 }),
           vocabulary.version == version
            || (vocabulary.buildTime > 0.05 && Date().timeIntervalSince(vocabulary.builtAt) < Self.maximumAge) {
            return vocabulary
        }
        let vocabulary = try LibraryWords.build(version: version, in: db)
        current.withLock { $0 = vocabulary }
        return vocabulary
    }
}
