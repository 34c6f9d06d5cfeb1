import Foundation
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
        // Both markers start with the byte 0xEE in UTF-8: a quick scan rules most text out.
        var copy = text
        guard copy.withUTF8({ bytes in bytes.baseAddress.map { memchr($0, 0xEE, bytes.count) != nil } ?? false }),
            text.unicodeScalars.contains(where: { $0 == "\u{E000}" || $0 == "\u{E001}" })
        else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{E000}" && $0 != "\u{E001}" }))
    }

    /// Prose first: the body, then the summary and title; the keyword list is the last resort.
    static let columnOrder = [2, 1, 0, 3, 4]

    /// Extracts for a page of results by example id, each from the first field in `columnOrder`
    /// that matched, or the start of the summary when nothing matched. With a probe, they are cut in
    /// memory (`SnippetCutter`); without, by seeking each example in the library's index.
    static func make(for page: [Text], leaves: [ParsedText.Clause], probe: IndexProbe?, in db: Database) throws -> [Int64: String] {
        var raw: [Int64: String] = [:]
        if let probe {
            raw = try SnippetCutter.snippets(of: page, leaves: leaves, order: columnOrder, probe: probe, open: open, close: close)
        } else if !leaves.isEmpty {
            let expression = leaves.map(\.expression).joined(separator: " OR ")
            for text in page {
                raw[text.id] = try String.fetchOne(
                    db,
                    sql: """
                        SELECT snippet(example_ft, -1, ?, ?, '…', 16) FROM example_ft WHERE example_ft MATCH ? AND rowid = ?
                        """, arguments: [open, close, expression, text.id]
                )
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
        var result: [UInt8] = []
        result.reserveCapacity(raw.utf8.count + 32)
        let bytes = Array(raw.utf8)
        var index = 0
        while index < bytes.count {
            // U+E000 and U+E001 are EE 80 80 and EE 80 81 in UTF-8.
            if bytes[index] == 0xEE, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 || bytes[index + 2] == 0x81 {
                result.append(contentsOf: (bytes[index + 2] == 0x80 ? "<mark>" : "</mark>").utf8)
                index += 3
            } else {
                HTML.append(bytes[index], to: &result)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// Text with `& < > " '` replaced by character references.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: needsEscape) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 { append(byte, to: &result) }
        return String(decoding: result, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }

    /// Appends one byte of UTF-8 text, escaped (every byte of a character beyond ASCII is copied as it is).
    static func append(_ byte: UInt8, to result: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "&"): result.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): result.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): result.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): result.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): result.append(contentsOf: "&#39;".utf8)
        default: result.append(byte)
        }
    }
}
