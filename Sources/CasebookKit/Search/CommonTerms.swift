import GRDB
import Synchronization

/// The examples holding each common stem, and each dictionary phrase made of common words, with
/// each example's column-weighted count of it, and every published example's length: all that bm25
/// needs to score queries of common words exactly over the whole library without asking the index.
/// Queries of common words are where a full-text index is slow (every match is read and scored),
/// and where a bitmap is fast; rare words stay with the index. Derived data: built from `example_ft`
/// (published examples only) and kept current from the `example_change` log.
struct CommonTerms: Sendable {
    /// The `library_version` the sets reflect.
    private(set) var version: Int64
    /// How many examples a word needed to be held here.
    let minimum: Int
    /// Postings by key: a stem, or a phrase's stems joined by spaces.
    private var postings: [String: TermPostings]
    /// The FTS5 expression that finds each key's examples (its words as typed).
    private let expressions: [String: String]
    /// Stems of every word of the library when the sets were read.
    private let stemOfWord: [String: String]
    /// Every published example's length in tokens.
    private(set) var lengths: DocumentLengths

    /// How many stems and phrases are held.
    var count: Int { postings.count }

    /// Reads the postings of every stem held by at least `minimum` examples, and of the dictionary
    /// phrases whose words are all such stems or stopwords.
    static func build(
        version: Int64, words: LibraryWords, phrases dictionary: [[String]], minimum: Int, probe: IndexProbe, in db: Database
    ) throws -> CommonTerms {
        let capacity = try SearchStore.idCapacity(in: db)
        // Every word of the library is stemmed once here, so a query rarely needs the probe.
        let all = words.words(heldByAtLeast: 1)
        var stemOfWord: [String: String] = [:]
        for (word, stem) in zip(all, try probe.stems(of: all)) { stemOfWord[word] = stem }
        let common = words.words(heldByAtLeast: minimum).filter { !Words.stopwords.contains($0) }
        var expressions: [String: String] = [:]
        for word in common {
            guard let stem = stemOfWord[word], expressions[stem] == nil else { continue }
            expressions[stem] = FTSExpression.quoted([word])
        }
        for phrase in dictionary where phrase.count > 1 {
            let stems = try probe.stems(of: phrase)
            guard stems.allSatisfy({ $0 != nil }),
                zip(phrase, stems).allSatisfy({ Words.stopwords.contains($0) || expressions[$1!] != nil })
            else { continue }
            let key = stems.map { $0! }.joined(separator: " ")
            if expressions[key] == nil { expressions[key] = FTSExpression.quoted(phrase) }
        }
        var postings: [String: TermPostings] = [:]
        for (key, expression) in expressions {
            postings[key] = try SearchStore.postings(matching: expression, capacity: capacity, in: db)
        }
        let lengths = try SearchStore.documentLengths(capacity: capacity, in: db)
        return CommonTerms(
            version: version, minimum: minimum, postings: postings, expressions: expressions, stemOfWord: stemOfWord, lengths: lengths)
    }

    /// The examples a clause matches, when every part of it is held here; nil when the index must answer.
    func examples(matching clause: ParsedText.Clause, probe: IndexProbe) -> ExampleSet? {
        switch clause {
        case .word, .phrase:
            return postings(matching: clause, probe: probe)?.examples
        case .anyOf(let clauses):
            var union: ExampleSet?
            for clause in clauses {
                guard let set = examples(matching: clause, probe: probe) else { return nil }
                if union == nil { union = set } else { union!.formUnion(set) }
            }
            return union
        }
    }

    /// The postings of a word or phrase held here; nil for alternatives or when the index must answer.
    func postings(matching leaf: ParsedText.Clause, probe: IndexProbe) -> TermPostings? {
        switch leaf {
        case .word(let word, _):
            return stem(of: word, probe: probe).flatMap { postings[$0] }
        case .phrase(let words):
            let stems = words.map { stem(of: $0, probe: probe) }
            guard stems.allSatisfy({ $0 != nil }) else { return nil }
            return postings[stems.map { $0! }.joined(separator: " ")]
        case .anyOf:
            return nil
        }
    }

    private func stem(of word: String, probe: IndexProbe) -> String? {
        if let stem = stemOfWord[word] { return stem }
        return (try? probe.stems(of: [word]))?.first ?? nil
    }

    /// Brings the postings up to `version` for examples written since they were read: each changed
    /// example is taken out, and those still published are read again through the probe.
    mutating func update(to version: Int64, changed ids: [Int64], probe: IndexProbe, in db: Database) throws {
        guard !ids.isEmpty else { self.version = version; return }
        let keys = Array(postings.keys)
        for key in keys { for id in ids where postings[key]!.examples.contains(id) { postings[key]!.setWeight(0, of: id) } }
        for id in ids { lengths.set(0, of: id) }
        let texts = try SearchStore.publishedTexts(of: ids, in: db)
        if !texts.isEmpty {
            let stems = try probe.distinctStems(of: texts.flatMap(\.columns))
            let present = expressions.filter { key, _ in key.split(separator: " ").allSatisfy { stems.contains(String($0)) } }
            let found = try probe.weights(of: texts, expressions: present)
            for (id, length) in found.lengths { lengths.set(length, of: id) }
            for (key, weights) in found.weights {
                for (id, weight) in weights { postings[key]!.setWeight(weight, of: id) }
            }
        }
        self.version = version
    }
}

/// Every published example's length in tokens (all columns), as bm25 counts it.
struct DocumentLengths: Sendable {
    private var lengths: [UInt32]
    /// Tokens in all published examples together.
    private(set) var total: Int = 0
    /// How many published examples there are.
    private(set) var count: Int = 0

    init(capacity: Int) {
        lengths = Array(repeating: 0, count: max(capacity, 1))
    }

    /// The length of example `id`; zero when it is not published.
    @inline(__always)
    func length(of id: Int64) -> UInt32 { Int(id) < lengths.count ? lengths[Int(id)] : 0 }

    /// The mean length of a published example, as bm25's average document length.
    var averageLength: Double { count > 0 ? max(Double(total) / Double(count), 1) : 1 }

    /// Sets example `id`'s length; zero takes it out.
    mutating func set(_ length: UInt32, of id: Int64) {
        guard id >= 0 else { return }
        if Int(id) >= lengths.count { lengths += Array(repeating: 0, count: Int(id) + 1 - lengths.count) }
        let old = lengths[Int(id)]
        if old > 0 { total -= Int(old); count -= 1 }
        if length > 0 { total += Int(length); count += 1 }
        lengths[Int(id)] = length
    }
}

/// Holds a library's common-term postings, reading them once and then following the change log.
final class CommonTermsStore: Sendable {
    private let current = Mutex<CommonTerms?>(nil)
    private let building = Mutex<Void>(())
    let probe: IndexProbe?
    /// Clauses of several alternatives (synonym groups, completions), merged once per library version.
    let merged = MergedPostings()

    init() {
        probe = try? IndexProbe()
    }

    /// Postings matching the caller's snapshot at `version`, or nil when the index should answer
    /// instead (no probe, or the postings have already moved past this snapshot). They are exact
    /// whatever the threshold, so they are read again only when the threshold has halved or doubled.
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
                let changed = try ChangeLog.changedIDs(since: previous.version, upTo: version, in: db)
            {
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

/// The merged postings of clauses of several alternatives, for one version of the library: a
/// synonym group asked for again is not merged again. Kept to a bounded number of clauses.
final class MergedPostings: Sendable {
    private let state = Mutex<(version: Int64, postings: [String: TermPostings])>((0, [:]))

    /// The most clauses kept; past it, the store starts again.
    static let capacity = 256

    /// The clause's postings at `version`, merged by `merge` the first time they are asked for.
    func postings(of key: String, version: Int64, merge: () throws -> TermPostings) rethrows -> TermPostings {
        if let held = state.withLock({ $0.version == version ? $0.postings[key] : nil }) { return held }
        let postings = try merge()
        state.withLock { state in
            if state.version != version || state.postings.count >= Self.capacity { state = (version, [:]) }
            state.postings[key] = postings
        }
        return postings
    }
}
