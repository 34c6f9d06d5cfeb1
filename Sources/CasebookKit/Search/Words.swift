import Foundation

/// Splits text into lowercase words the way the index does (letters and digits, diacritics folded).
enum Words {
    /// Lowercase words of letters and digits, diacritics removed, in order.
    static func split(_ text: String) -> [String] {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        return folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Common English words that carry no meaning for matching.
    static let stopwords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of",
        "on", "or", "our", "that", "the", "their", "this", "to", "was", "we", "were", "with", "not", "near"
    ]

    /// Distinct words of three or more letters that are not stopwords.
    static func distinctive(_ text: String) -> [String] {
        var seen = Set<String>()
        return split(text).filter { $0.count >= 3 && !stopwords.contains($0) && seen.insert($0).inserted }
    }

    /// The Jaccard similarity of two word sets.
    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }
}
