/// Suggests a corrected query when a word as typed is rare or unknown in the library but a close
/// word is common. Words are judged as typed, against an index of unstemmed words.
struct SpellingSuggester {
    let vocabulary: LibraryWords
    let synonyms: SynonymDictionary

    /// A word found in this many examples or fewer is worth checking.
    static let rareCount = 2
    /// A replacement for a word found in some examples must be at least this many times as common;
    /// any known word may replace one found nowhere.
    static let commonFactor = 10

    func suggestion(for text: String, words: [String]) -> String? {
        var corrected = text.lowercased()
        var changed = false
        for word in Set(words) where shouldCheck(word) {
            guard let better = correction(for: word) else { continue }
            corrected = replaceWord(word, with: better, in: corrected)
            changed = true
        }
        return changed ? corrected : nil
    }

    private func shouldCheck(_ word: String) -> Bool {
        word.count >= 4 && word.count <= 30 && word.allSatisfy(\.isLetter) && !synonyms.contains(word: word)
            && !Words.stopwords.contains(word)
    }

    /// The likeliest intended word: the closest by edit distance, then the most common.
    private func correction(for word: String) -> String? {
        let count = vocabulary.count(word)
        guard count <= Self.rareCount else { return nil }
        let allowed = word.count <= 5 ? 1 : 2
        let ranked = vocabulary.candidates(near: word, slack: allowed, minimum: count == 0 ? 1 : count * Self.commonFactor)
            .compactMap { term, documents in
                term == word ? nil : EditDistance.between(word, term, limit: allowed).map { (term, $0, documents) }
            }
            .sorted { ($0.1, -$0.2) < ($1.1, -$1.2) }
        return ranked.first?.0
    }

    private func replaceWord(_ word: String, with replacement: String, in text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { token in
            Words.split(String(token)) == [word] ? token.replacingOccurrences(of: word, with: replacement) : String(token)
        }.joined(separator: " ")
    }
}

/// The optimal-string-alignment edit distance (insertions, deletions, substitutions, adjacent swaps).
enum EditDistance {
    /// The distance between two words, or nil when it exceeds `limit`.
    static func between(_ a: String, _ b: String, limit: Int) -> Int? {
        let a = Array(a), b = Array(b)
        guard abs(a.count - b.count) <= limit else { return nil }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            (previous2, previous, current) = (previous, current, previous2)
        }
        let distance = a.isEmpty ? b.count : previous[b.count]
        return distance <= limit ? distance : nil
    }
}
