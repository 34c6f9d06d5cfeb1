import GRDB

/// Short extracts of matching text with the matched words marked, safe to put in HTML.
enum Snippet {
    private static let open = "\u{E000}"
    private static let close = "\u{E001}"

    /// An example's text in the index's column order, and its summary to fall back on.
    struct Text {
        var id: Int64
        var columns: [String]
        var summary: String

        /// The text without the two private-use characters that mark matches, so text that holds
        /// them cannot put marks of its own into a snippet.
        init(id: Int64, columns: [String], summary: String) {
            self.id = id
            self.columns = columns.map(Snippet.withoutMarkers)
            self.summary = summary
        }
    }

    static func withoutMarkers(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\u{E000}" || $0 == "\u{E001}" }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{E000}" && $0 != "\u{E001}" }))
    }

    /// Extracts for a page of results by example id, each from the field that matched best, or the
    /// start of the summary when nothing matched. With a probe, they are cut from a small index of
    /// just these examples; without, by seeking each in the library's index.
    static func make(for page: [Text], expression: String?, probe: IndexProbe?, in db: Database) throws -> [Int64: String] {
        var raw: [Int64: String] = [:]
        if let expression, let probe {
            raw = try probe.snippets(of: page.map { ($0.id, $0.columns) }, expression: expression, open: open, close: close)
        } else if let expression {
            for text in page {
                raw[text.id] = try String.fetchOne(db, sql: """
                    SELECT snippet(example_ft, -1, ?, ?, '…', 16) FROM example_ft WHERE example_ft MATCH ? AND rowid = ?
                    """, arguments: [open, close, expression, text.id])
                    .map { $0.replacingOccurrences(of: "[\"", with: "").replacingOccurrences(of: "\"]", with: "") }
            }
        }
        var snippets: [Int64: String] = [:]
        for text in page {
            snippets[text.id] = raw[text.id].map(marked) ?? HTML.escape(String(text.summary.prefix(200)))
        }
        return snippets
    }

    /// Escapes text for HTML, turning the private-use markers into `<mark>` elements, in one pass.
    static func marked(_ raw: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "\u{E000}": result.append(contentsOf: "<mark>".unicodeScalars)
            case "\u{E001}": result.append(contentsOf: "</mark>".unicodeScalars)
            default: HTML.append(scalar, to: &result)
            }
        }
        return String(result)
    }
}

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// Text with `& < > " '` replaced by character references.
    public static func escape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { append(scalar, to: &result) }
        return String(result)
    }

    /// Appends one character of text, escaped.
    static func append(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
        switch scalar {
        case "&": result.append(contentsOf: "&amp;".unicodeScalars)
        case "<": result.append(contentsOf: "&lt;".unicodeScalars)
        case ">": result.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
        case "'": result.append(contentsOf: "&#39;".unicodeScalars)
        default: result.append(scalar)
        }
    }
}
