import GRDB

/// Short extracts of matching text with the matched words marked, safe to put in HTML.
enum Snippet {
    private static let open = "\u{E000}"
    private static let close = "\u{E001}"

    /// An extract from the field that matched best, or the start of the summary when nothing matched.
    static func make(for stored: StoredExample, expression: String?, in db: Database) throws -> String {
        guard let expression else { return HTML.escape(String(stored.example.summary.prefix(200))) }
        let raw = try String.fetchOne(db, sql: """
            SELECT snippet(example_ft, -1, ?, ?, '…', 16) FROM example_ft WHERE example_ft MATCH ? AND rowid = ?
            """, arguments: [open, close, expression, stored.id]) ?? ""
        return marked(raw)
    }

    /// Escapes text for HTML, then turns the private-use markers into `<mark>` elements.
    static func marked(_ raw: String) -> String {
        let clean = raw.replacingOccurrences(of: "[\"", with: "").replacingOccurrences(of: "\"]", with: "")
        return HTML.escape(clean).replacingOccurrences(of: open, with: "<mark>").replacingOccurrences(of: close, with: "</mark>")
    }
}

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// Text with `& < > " '` replaced by character references.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
