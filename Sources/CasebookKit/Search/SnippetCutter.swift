/// Cuts the snippets of a page of results in memory: the text is split into words the way the index
/// splits it, and a word matches when its stem is the stem of a word asked for. Only the few words
/// that could match are stemmed, in one call to the probe, so the tokenizer that built the index
/// still decides what matches.
struct SnippetCutter {
    /// Words in a snippet.
    static let window = 16
    /// Words shown before the first match of a window, when there are some.
    static let lead = 3

    /// A word or phrase asked for, as stems in order; a prefix matches any stem it begins.
    private struct Sought {
        var stems: [String]
        var prefix: Bool
    }

    /// A column's text as bytes, and its words.
    private struct Column {
        var bytes: [UInt8]
        var tokens: [Token]
    }

    private let sought: [Sought]
    private let stemOfWord: [String: String]
    /// The first three letters of each word asked for, the only words worth stemming.
    private let keys: Set<UInt32>

    /// Snippets for a page of results by example id, each from the first column in `order` that
    /// holds a match, with each match between `open` and `close`; examples without a match are left out.
    static func snippets(
        of texts: [Snippet.Text], leaves: [ParsedText.Clause], order: [Int], probe: IndexProbe, open: String, close: String
    ) throws -> [Int64: String] {
        let columns = texts.map { text in
            order.filter { $0 < text.columns.count }.map { index in
                let bytes = Array(text.columns[index].utf8)
                return Column(bytes: bytes, tokens: tokens(of: bytes))
            }
        }
        guard let cutter = try SnippetCutter(leaves: leaves, columns: columns.joined(), probe: probe) else { return [:] }
        var snippets: [Int64: String] = [:]
        for (text, columns) in zip(texts, columns) {
            snippets[text.id] = columns.lazy.compactMap { cutter.snippet(of: $0, open: open, close: close) }.first
        }
        return snippets
    }

    /// Reads the words and phrases of some clauses, and stems the words of the columns that could
    /// match them; nil when nothing could be highlighted.
    private init?(leaves: [ParsedText.Clause], columns: FlattenSequence<[[Column]]>, probe: IndexProbe) throws {
        var asked: [(words: [String], prefix: Bool)] = []
        for leaf in leaves {
            switch leaf {
            case .word(let word, let prefix): asked.append(([word], prefix))
            case .phrase(let words): asked.append((words, false))
            case .anyOf: continue
            }
        }
        let queryWords = asked.flatMap(\.words)
        guard !queryWords.isEmpty else { return nil }
        let keys = Set(queryWords.map { Self.key(of: Array($0.utf8)[...]) })
        var candidates = Set(queryWords)
        for column in columns {
            for token in column.tokens where token.folded || keys.contains(Self.key(of: column.bytes[token.range])) {
                candidates.insert(Self.lowercased(column.bytes[token.range]))
            }
        }
        let words = Array(candidates)
        var stemOfWord: [String: String] = [:]
        for (word, stem) in zip(words, try probe.stems(of: words)) { if let stem { stemOfWord[word] = stem } }
        let sought = asked.compactMap { entry -> Sought? in
            let stems = entry.words.compactMap { stemOfWord[$0] }
            return stems.count == entry.words.count ? Sought(stems: stems, prefix: entry.prefix) : nil
        }
        guard !sought.isEmpty else { return nil }
        (self.sought, self.stemOfWord, self.keys) = (sought, stemOfWord, keys)
    }

    private func snippet(of column: Column, open: String, close: String) -> String? {
        let (bytes, tokens) = (column.bytes, column.tokens)
        let stems = tokens.map { token -> String? in
            guard token.folded || keys.contains(Self.key(of: bytes[token.range])) else { return nil }
            return stemOfWord[Self.lowercased(bytes[token.range])]
        }
        let matches = self.matches(in: stems)
        guard let start = bestStart(of: matches, tokenCount: tokens.count) else { return nil }
        let end = min(start + Self.window, tokens.count)
        var result = start > 0 ? "…" : ""
        var cursor = tokens[start].range.lowerBound
        for match in matches where match.first >= start && match.last < end {
            result += String(decoding: bytes[cursor..<tokens[match.first].range.lowerBound], as: UTF8.self)
            result += open + String(decoding: bytes[tokens[match.first].range.lowerBound..<tokens[match.last].range.upperBound], as: UTF8.self) + close
            cursor = tokens[match.last].range.upperBound
        }
        result += String(decoding: bytes[cursor..<tokens[end - 1].range.upperBound], as: UTF8.self)
        return result + (end < tokens.count ? "…" : "")
    }

    /// A run of words that matches one sought word or phrase.
    private struct Match {
        var first: Int
        var last: Int
        var sought: Int
    }

    /// Every match in order, none overlapping the one before.
    private func matches(in stems: [String?]) -> [Match] {
        var matches: [Match] = []
        var position = 0
        while position < stems.count {
            if stems[position] != nil, let (index, length) = soughtMatch(at: position, in: stems) {
                matches.append(Match(first: position, last: position + length - 1, sought: index))
                position += length
            } else {
                position += 1
            }
        }
        return matches
    }

    private func soughtMatch(at position: Int, in stems: [String?]) -> (Int, Int)? {
        for (index, entry) in sought.enumerated() where position + entry.stems.count <= stems.count {
            let fits = entry.stems.indices.allSatisfy { offset in
                guard let stem = stems[position + offset] else { return false }
                return entry.prefix ? stem.hasPrefix(entry.stems[offset]) : stem == entry.stems[offset]
            }
            if fits { return (index, entry.stems.count) }
        }
        return nil
    }

    /// Where the window showing the most different matches starts (the earliest of equals), a few
    /// words before its first match.
    private func bestStart(of matches: [Match], tokenCount: Int) -> Int? {
        var best: (start: Int, distinct: Int, count: Int)?
        for match in matches {
            let start = max(0, min(match.first - Self.lead, tokenCount - Self.window))
            let inside = matches.filter { $0.first >= start && $0.last < start + Self.window }
            let distinct = Set(inside.map(\.sought)).count
            if best == nil || (distinct, inside.count) > (best!.distinct, best!.count) { best = (start, distinct, inside.count) }
        }
        return best?.start
    }

    // MARK: Words, as the index's tokenizer splits them

    /// A word's bytes, and whether it holds letters beyond ASCII (which the index folds).
    struct Token {
        var range: Range<Int>
        var folded: Bool
    }

    /// Runs of letters and digits; any character beyond ASCII that is a letter or digit joins a word.
    static func tokens(of bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var start: Int?
        var folded = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let (isWordCharacter, width) = byte < 0x80 ? (isASCIIWordCharacter(byte), 1) : nonASCII(bytes, at: index)
            if isWordCharacter {
                if start == nil { (start, folded) = (index, false) }
                if byte >= 0x80 { folded = true }
            } else if let first = start {
                tokens.append(Token(range: first..<index, folded: folded))
                start = nil
            }
            index += width
        }
        if let first = start { tokens.append(Token(range: first..<bytes.count, folded: folded)) }
        return tokens
    }

    private static func isASCIIWordCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Whether the character starting at `index` is a letter or digit, and its length in bytes.
    private static func nonASCII(_ bytes: [UInt8], at index: Int) -> (Bool, Int) {
        let width = bytes[index] >= 0xF0 ? 4 : bytes[index] >= 0xE0 ? 3 : bytes[index] >= 0xC0 ? 2 : 1
        guard index + width <= bytes.count,
              let scalar = String(decoding: bytes[index..<(index + width)], as: UTF8.self).unicodeScalars.first
        else { return (false, 1) }
        let properties = scalar.properties
        return (properties.isAlphabetic || properties.numericType != nil, width)
    }

    /// The first three bytes of a word, lowercased, as one number.
    private static func key(of word: ArraySlice<UInt8>) -> UInt32 {
        var key: UInt32 = 0
        for byte in word.prefix(3) { key = key << 8 | UInt32(lowercase(byte)) }
        return key
    }

    private static func lowercased(_ word: ArraySlice<UInt8>) -> String {
        String(decoding: word.map(lowercase), as: UTF8.self)
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
}
