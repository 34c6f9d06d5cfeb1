/// Builds FTS5 query expressions in which every user word is a quoted string, so no user text
/// is ever read as FTS5 syntax.
enum FTSExpression {
    /// A quoted FTS5 string: a single word or a phrase.
    static func quoted(_ words: [String]) -> String {
        "\"" + words.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Any of the words, optionally limited to some columns.
    static func anyOf(_ words: [String], columns: [String] = []) -> String? {
        guard !words.isEmpty else { return nil }
        let alternatives = "(" + words.map { quoted([$0]) }.joined(separator: " OR ") + ")"
        return columns.isEmpty ? alternatives : "{" + columns.joined(separator: " ") + "} : " + alternatives
    }
}
