import Foundation

/// A small Markdown subset rendered safely: headings, paragraphs, lists, bold, emphasis, code and links.
///
/// Text is parsed into blocks and inline spans first, and every piece of text is escaped as it is
/// written out, so raw HTML in the source always shows as text. Links keep only `http`, `https` and
/// `mailto` URLs; any other link stays as the plain text it was typed as.
public enum SafeMarkdown {
    /// The Markdown as HTML, its shallowest heading at `topHeadingLevel` (so a body's `##` can sit under an `h3` title).
    public static func html(_ markdown: String, topHeadingLevel: Int = 1) -> String {
        let blocks = blocks(markdown)
        let offset = headingOffset(blocks, top: topHeadingLevel)
        return blocks.map { $0.html(headingOffset: offset) }.joined()
    }

    /// The Markdown rewritten as safe Markdown: no raw HTML, no link with another scheme, headings moved as for `html`.
    public static func markdown(_ markdown: String, topHeadingLevel: Int = 1) -> String {
        let blocks = blocks(markdown)
        let offset = headingOffset(blocks, top: topHeadingLevel)
        return blocks.map { $0.markdown(headingOffset: offset) }.joined(separator: "\n")
    }

    private static func headingOffset(_ blocks: [Block], top: Int) -> Int {
        let levels = blocks.compactMap { block -> Int? in
            if case .heading(let level, _) = block { return level }
            return nil
        }
        return top - (levels.min() ?? top)
    }

    /// Whether a URL may become a live link: absolute http, https or mailto, with no spaces or controls.
    public static func isAllowedURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        let scheme = lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:")
        return scheme && !url.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// A link destination for Markdown output: allowed URLs only, with spaces, brackets and quotes percent-encoded.
    public static func destination(_ url: String) -> String? {
        guard isAllowedURL(url) else { return nil }
        return MarkdownText.destination(url)?.replacingOccurrences(of: "\"", with: "%22")
    }

    /// The prose of a Markdown text as plain words, in one pass over its UTF-8 bytes (every mark is
    /// ASCII): headings left out, list markers, emphasis and code marks dropped, links reduced to
    /// their labels, lines joined by spaces.
    public static func plainText(_ markdown: String) -> String {
        var copy = markdown
        return copy.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                var end = index
                while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
                appendProse(of: bytes[index..<end], to: &result)
                index = end + 1
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    private static func appendProse(of line: Slice<UnsafeBufferPointer<UInt8>>, to result: inout [UInt8]) {
        var start = line.startIndex
        while start < line.endIndex, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        guard start < line.endIndex, line[start] != UInt8(ascii: "#") else { return }
        start = afterListMarker(line, from: start)
        if !result.isEmpty { result.append(0x20) }
        var index = start
        while index < line.endIndex {
            // Copy the run of plain bytes at once, then deal with the mark that ends it.
            var end = index
            while end < line.endIndex, !isInlineMark(line[end]) { end += 1 }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: line[index..<end]))
            index = end
            guard index < line.endIndex else { break }
            if line[index] == UInt8(ascii: "]"), index + 1 < line.endIndex, line[index + 1] == UInt8(ascii: "(") {
                var close = index + 2
                while close < line.endIndex, line[close] != UInt8(ascii: ")") { close += 1 }
                if close < line.endIndex { index = close + 1; continue }
            }
            index += 1
        }
    }

    /// Emphasis, code and link brackets: the marks plain text leaves out.
    private static func isInlineMark(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
    }

    /// Where a line's text starts after a list marker (`- `, `* `, `+ `, `1. `, `1) `), if it has one.
    private static func afterListMarker(_ line: Slice<UnsafeBufferPointer<UInt8>>, from start: Int) -> Int {
        let space = UInt8(ascii: " ")
        if start + 1 < line.endIndex, [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")].contains(line[start]), line[start + 1] == space {
            return start + 2
        }
        var digits = start
        while digits < line.endIndex, line[digits] >= UInt8(ascii: "0"), line[digits] <= UInt8(ascii: "9") { digits += 1 }
        if digits > start, digits + 1 < line.endIndex, line[digits] == UInt8(ascii: ".") || line[digits] == UInt8(ascii: ")"),
            line[digits + 1] == space
        {
            return digits + 2
        }
        return start
    }

    /// The blocks of a Markdown text.
    static func blocks(_ markdown: String) -> [Block] {
        var reader = BlockReader()
        for line in markdown.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) { reader.read(line) }
        reader.flush()
        return reader.blocks
    }
}

extension SafeMarkdown {
    /// A block of the subset.
    enum Block: Equatable {
        case heading(level: Int, [Inline])
        case paragraph([Inline])
        case list(ordered: Bool, items: [[Inline]])

        func html(headingOffset: Int) -> String {
            switch self {
            case .heading(let level, let content):
                let tag = "h\(min(6, level + headingOffset))"
                return "<\(tag)>\(Inline.html(content))</\(tag)>\n"
            case .paragraph(let content):
                return "<p>\(Inline.html(content))</p>\n"
            case .list(let ordered, let items):
                let tag = ordered ? "ol" : "ul"
                return "<\(tag)>\n" + items.map { "<li>\(Inline.html($0))</li>\n" }.joined() + "</\(tag)>\n"
            }
        }

        func markdown(headingOffset: Int) -> String {
            switch self {
            case .heading(let level, let content):
                return String(repeating: "#", count: min(6, level + headingOffset)) + " " + Inline.markdown(content) + "\n"
            case .paragraph(let content):
                return Inline.lineStart(Inline.markdown(content)) + "\n"
            case .list(let ordered, let items):
                return items.enumerated().map { index, item in
                    (ordered ? "\(index + 1). " : "- ") + Inline.lineStart(Inline.markdown(item)) + "\n"
                }.joined()
            }
        }
    }

    /// An inline span of the subset.
    indirect enum Inline: Equatable {
        case text(String)
        case code(String)
        case strong([Inline])
        case emphasis([Inline])
        case link([Inline], url: String)

        static func html(_ spans: [Inline]) -> String {
            spans.map { span in
                switch span {
                case .text(let text): escape(text)
                case .code(let code): "<code>\(escape(code))</code>"
                case .strong(let content): "<strong>\(html(content))</strong>"
                case .emphasis(let content): "<em>\(html(content))</em>"
                case .link(let label, let url): "<a href=\"\(HTML.escape(url))\">\(html(label))</a>"
                }
            }.joined()
        }

        /// `HTML.escape`, skipped for the common text that holds nothing to escape.
        static func escape(_ text: String) -> String {
            let special = text.utf8.contains {
                $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                    || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")
            }
            return special ? HTML.escape(text) : text
        }

        static func markdown(_ spans: [Inline]) -> String {
            spans.map { span in
                switch span {
                case .text(let text): MarkdownText.escapeInline(text)
                case .code(let code): code.contains(where: { "<>&\n\r".contains($0) }) ? MarkdownText.escapeInline(code) : "`\(code)`"
                case .strong(let content): "**\(markdown(content))**"
                case .emphasis(let content): "*\(markdown(content))*"
                case .link(let label, let url):
                    SafeMarkdown.destination(url).map { "[\(markdown(label))](\($0))" } ?? markdown(label)
                }
            }.joined()
        }

        /// Escapes what would start a list or a quote at the start of a line.
        static func lineStart(_ text: String) -> String {
            if let first = text.first, "-+=".contains(first) { return "\\" + text }
            let digits = text.prefix(while: { $0.isASCIIDigit })
            if !digits.isEmpty, text.dropFirst(digits.count).first == "." || text.dropFirst(digits.count).first == ")" {
                return digits + "\\" + text.dropFirst(digits.count)
            }
            return text
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Reads lines into blocks: a blank line ends a paragraph or list; an indented line continues a list item.
private struct BlockReader {
    var blocks: [SafeMarkdown.Block] = []
    private var paragraph: [Substring] = []
    private var listItems: [String] = []
    private var listIsOrdered = false

    mutating func read(_ line: Substring) {
        let content = line.drop(while: { $0 == " " || $0 == "\t" })
        if content.isEmpty { return flush() }
        if let heading = heading(content) {
            flush()
            blocks.append(.heading(level: heading.level, InlineParser.parse(String(heading.text))))
        } else if let item = listItem(content) {
            flushParagraph()
            if !listItems.isEmpty && item.ordered != listIsOrdered { flushList() }
            listIsOrdered = item.ordered
            listItems.append(String(item.text))
        } else if !listItems.isEmpty && content.startIndex != line.startIndex {
            listItems[listItems.count - 1] += "\n" + content
        } else {
            flushList()
            paragraph.append(content)
        }
    }

    mutating func flush() {
        flushParagraph()
        flushList()
    }

    private mutating func flushParagraph() {
        guard !paragraph.isEmpty else { return }
        blocks.append(.paragraph(InlineParser.parse(paragraph.joined(separator: "\n"))))
        paragraph = []
    }

    private mutating func flushList() {
        guard !listItems.isEmpty else { return }
        blocks.append(.list(ordered: listIsOrdered, items: listItems.map(InlineParser.parse)))
        listItems = []
    }

    private func heading(_ line: Substring) -> (level: Int, text: Substring)? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        return (hashes, rest.drop(while: { $0 == " " || $0 == "\t" }))
    }

    private func listItem(_ line: Substring) -> (ordered: Bool, text: Substring)? {
        if let first = line.first, first == "-" || first == "*", line.dropFirst().first == " " { return (false, line.dropFirst(2)) }
        let digits = line.prefix(while: { $0.isASCIIDigit })
        guard (1...9).contains(digits.count), line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        return (true, line.dropFirst(digits.count + 2))
    }
}

/// Parses inline spans from UTF-8 bytes. Every delimiter is ASCII, so cuts never split a character, and the
/// next position of each delimiter is precomputed, so hostile input with thousands of unclosed `[` or `*`
/// still parses in linear time.
private struct InlineParser {
    private let bytes: [UInt8]
    private let nextBacktick: [Int]
    private let nextStar: [Int]
    private let nextDoubleStar: [Int]
    private let nextOpenBracket: [Int]
    private let nextLinkMiddle: [Int]
    private let nextCloseParen: [Int]

    static func parse(_ text: String) -> [SafeMarkdown.Inline] {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "[") }) else {
            return bytes.isEmpty ? [] : [.text(text)]
        }
        let parser = InlineParser(bytes)
        return parser.spans(0..<bytes.count)
    }

    /// Finds, for each position, the next of each delimiter at or after it (the end when there is none), in one pass.
    private init(_ bytes: [UInt8]) {
        let end = bytes.count
        var backtick = [Int](repeating: end, count: end + 2), star = backtick, doubleStar = backtick
        var openBracket = backtick, linkMiddle = backtick, closeParen = backtick
        var at = end - 1
        while at >= 0 {
            let byte = bytes[at], following = at + 1 < end ? bytes[at + 1] : 0
            backtick[at] = byte == UInt8(ascii: "`") ? at : backtick[at + 1]
            star[at] = byte == UInt8(ascii: "*") ? at : star[at + 1]
            doubleStar[at] = byte == UInt8(ascii: "*") && following == UInt8(ascii: "*") ? at : doubleStar[at + 1]
            openBracket[at] = byte == UInt8(ascii: "[") ? at : openBracket[at + 1]
            linkMiddle[at] = byte == UInt8(ascii: "]") && following == UInt8(ascii: "(") ? at : linkMiddle[at + 1]
            closeParen[at] = byte == UInt8(ascii: ")") ? at : closeParen[at + 1]
            at -= 1
        }
        self.bytes = bytes
        (nextBacktick, nextStar, nextDoubleStar) = (backtick, star, doubleStar)
        (nextOpenBracket, nextLinkMiddle, nextCloseParen) = (openBracket, linkMiddle, closeParen)
    }

    private func spans(_ range: Range<Int>) -> [SafeMarkdown.Inline] {
        var result: [SafeMarkdown.Inline] = []
        var textStart = range.lowerBound
        var at = range.lowerBound
        while at < range.upperBound {
            guard let found = span(at: at, limit: range.upperBound) else {
                at += 1
                continue
            }
            if textStart < at { result.append(.text(string(textStart..<at))) }
            result.append(found.span)
            at = found.end
            textStart = found.end
        }
        if textStart < range.upperBound { result.append(.text(string(textStart..<range.upperBound))) }
        return result
    }

    private func span(at start: Int, limit: Int) -> (span: SafeMarkdown.Inline, end: Int)? {
        switch bytes[start] {
        case UInt8(ascii: "`"):
            let close = nextBacktick[start + 1]
            return close < limit && close > start + 1 ? (.code(string(start + 1..<close)), close + 1) : nil
        case UInt8(ascii: "*") where start + 1 < limit && bytes[start + 1] == UInt8(ascii: "*"):
            let close = nextDoubleStar[start + 2]
            guard close + 1 < limit, isTight(start + 2..<close) else { return nil }
            return (.strong(spans(start + 2..<close)), close + 2)
        case UInt8(ascii: "*"):
            let close = nextStar[start + 1]
            guard close < limit, isTight(start + 1..<close) else { return nil }
            return (.emphasis(spans(start + 1..<close)), close + 1)
        case UInt8(ascii: "["):
            return link(at: start, limit: limit)
        default:
            return nil
        }
    }

    /// `[label](url)` with an allowed URL and no `[` inside the label; anything else is left as text.
    private func link(at start: Int, limit: Int) -> (span: SafeMarkdown.Inline, end: Int)? {
        let middle = nextLinkMiddle[start + 1]
        guard middle < limit, nextOpenBracket[start + 1] > middle else { return nil }
        let close = nextCloseParen[middle + 2]
        guard close < limit else { return nil }
        let url = string(middle + 2..<close).trimmingCharacters(in: .whitespaces)
        guard SafeMarkdown.isAllowedURL(url) else { return nil }
        return (.link(spans(start + 1..<middle), url: url), close + 1)
    }

    /// Whether emphasised content is non-empty and neither starts nor ends with a space, as in `*this*` but not `2 * 3 * 4`.
    private func isTight(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        let blank: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n")]
        return !blank.contains(bytes[range.lowerBound]) && !blank.contains(bytes[range.upperBound - 1])
    }

    private func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}
