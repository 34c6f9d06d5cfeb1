import GRDB

/// Short extracts of matching text with the matched words marked, safe to put in HTML.
enum Snippet {
    private static let open = "\u{E000}"
    private static let close = "\u{E001}"

    /// Extracts for a page of results by example id, each from the field that matched best, or the
    /// start of the summary when nothing matched. With a probe, they are cut from a small index of
    /// just these examples; without, by seeking each in the library's index.
    static func make(for page: [StoredExample], expression: String?, probe: IndexProbe?, in db: Database) throws -> [Int64: String] {
        var raw: [Int64: String] = [:]
        if let expression, let probe {
            raw = try probe.snippets(of: page.map { ($0.id, columns(of: $0.example)) }, expression: expression, open: open, close: close)
        } else if let expression {
            for stored in page {
                raw[stored.id] = try String.fetchOne(db, sql: """
                    SELECT snippet(example_ft, -1, ?, ?, '…', 16) FROM example_ft WHERE example_ft MATCH ? AND rowid = ?
                    """, arguments: [open, close, expression, stored.id])
                    .map { $0.replacingOccurrences(of: "[\"", with: "").replacingOccurrences(of: "\"]", with: "") }
            }
        }
        var snippets: [Int64: String] = [:]
        for stored in page {
            snippets[stored.id] = raw[stored.id].map(marked) ?? HTML.escape(String(stored.example.summary.prefix(200)))
        }
        return snippets
    }

    /// An example's text in the index's column order.
    private static func columns(of example: Example) -> [String] {
        [example.title, example.summary, example.body, example.organisation.name, example.keywords.joined(separator: ", ")]
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
