import CasebookSeeds
import Foundation

/// Groups of words and phrases that mean the same in this field (ACP and advance care planning),
/// expanded at query time so that either finds both.
public struct SynonymDictionary: Sendable {
    private var groups: [[[String]]] = []
    private var groupsByTerm: [[String]: Int] = [:]
    private var longestTerm = 1

    /// A dictionary with no entries.
    public static let empty = SynonymDictionary(groups: [])

    /// The dictionary shipped in Seeds/synonyms.json, read once; a `SeedFileError` when it is missing or malformed.
    public static func shipped() throws -> SynonymDictionary {
        try loaded.get()
    }

    private static let loaded = Result { () throws -> SynonymDictionary in
        struct Entry: Decodable { var terms: [String] }
        let entries = try ReferenceData.decode([Entry].self, SeedFiles.locate(), .synonyms)
        return SynonymDictionary(groups: entries.map(\.terms))
    }

    /// Builds a dictionary from groups of equivalent terms.
    public init(groups: [[String]]) {
        for terms in groups {
            let split = terms.map(Words.split).filter { !$0.isEmpty }
            guard split.count > 1 else { continue }
            let index = self.groups.count
            self.groups.append(split)
            for term in split where groupsByTerm[term] == nil {
                groupsByTerm[term] = index
                longestTerm = max(longestTerm, term.count)
            }
        }
    }

    /// How many groups the dictionary holds.
    public var count: Int { groups.count }

    /// Every term of more than one word, as words.
    var phrases: [[String]] { groups.flatMap { $0.filter { $0.count > 1 } } }

    /// Whether a single word is a term of some group.
    func contains(word: String) -> Bool { groupsByTerm[[word]] != nil }

    /// Replaces runs of plain words that name a term with the alternatives of its group.
    func expand(_ clauses: [ParsedText.Clause]) -> [ParsedText.Clause] {
        guard !groups.isEmpty else { return clauses }
        var result: [ParsedText.Clause] = []
        var index = 0
        while index < clauses.count {
            if let (group, length) = longestMatch(in: clauses, from: index) {
                let alternatives = groups[group].map { $0.count == 1 ? ParsedText.Clause.word($0[0], prefix: false) : .phrase($0) }
                result.append(.anyOf(alternatives))
                index += length
            } else {
                result.append(clauses[index])
                index += 1
            }
        }
        return result
    }

    private func longestMatch(in clauses: [ParsedText.Clause], from start: Int) -> (group: Int, length: Int)? {
        var words: [String] = []
        for clause in clauses[start..<min(clauses.count, start + longestTerm)] {
            guard case .word(let word, _) = clause else { break }
            words.append(word)
        }
        for length in stride(from: words.count, through: 1, by: -1) {
            if let group = groupsByTerm[Array(words.prefix(length))] { return (group, length) }
        }
        return nil
    }
}
