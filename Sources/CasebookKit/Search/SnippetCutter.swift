/// Cuts the snippets of a page of results in memory: the text is split into words the way the index
/// splits it, and a word matches when its stem is the stem of a word asked for. Only the few words
/// that could match (those sharing their first three letters with a word asked for) are stemmed, in
/// one call to the probe, so the tokenizer that built the index still decides what matches.
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

    /// A column's text as bytes, its words, and the words that could match, by position.
    private struct Column {
        var bytes: [UInt8]
        var tokens: [Token]
        var candidates: [(position: Int, word: String)]
    }

    private let sought: [Sought]
    private let stemOfWord: [String: String]

    /// Snippets for a page of results by example id, each from the first column in `order` that
    /// holds a match, with each match between `open` and `close`; examples without a match are left out.
    static func snippets(
        of texts: [Snippet.Text], leaves: [ParsedText.Clause], order: [Int], probe: IndexProbe, open: String, close: String
    ) throws -> [Int64: String] {
        let asked = askedWords(leaves)
        guard !asked.isEmpty else { return [:] }
        let keys = Keys(asked.flatMap(\.words))
        let columns = texts.map { text in
            order.filter { $0 < text.columns.count }.map { column(Array(text.columns[$0].utf8), keys: keys) }
        }
        var words = Set(asked.flatMap(\.words))
        for column in columns.joined() { for candidate in column.candidates { words.insert(candidate.word) } }
        let cutter = try SnippetCutter(asked: asked, words: Array(words), probe: probe)
        guard !cutter.sought.isEmpty else { return [:] }
        var snippets: [Int64: String] = [:]
        for (text, columns) in zip(texts, columns) {
            snippets[text.id] = columns.lazy.compactMap { cutter.snippet(of: $0, open: open, close: close) }.first
        }
        return snippets
    }

    /// The words of each word and phrase clause, in order.
    private static func askedWords(_ leaves: [ParsedText.Clause]) -> [(words: [String], prefix: Bool)] {
        leaves.compactMap { leaf in
            switch leaf {
            case .word(let word, let prefix): ([word], prefix)
            case .phrase(let words): (words, false)
            case .anyOf: nil
            }
        }
    }

    private static func column(_ bytes: [UInt8], keys: Keys) -> Column {
        let tokens = tokens(of: bytes)
        var candidates: [(position: Int, word: String)] = []
        bytes.withUnsafeBufferPointer { buffer in
            for (position, token) in tokens.enumerated() {
                let word = UnsafeBufferPointer(rebasing: buffer[token.range])
                if token.folded || keys.contains(word) { candidates.append((position, lowercased(word))) }
            }
        }
        return Column(bytes: bytes, tokens: tokens, candidates: candidates)
    }

    /// Stems every candidate word in one call to the probe.
    private init(asked: [(words: [String], prefix: Bool)], words: [String], probe: IndexProbe) throws {
        var stemOfWord: [String: String] = [:]
        for (word, stem) in zip(words, try probe.stems(of: words)) { if let stem { stemOfWord[word] = stem } }
        sought = asked.compactMap { entry -> Sought? in
            let stems = entry.words.compactMap { stemOfWord[$0] }
            return stems.count == entry.words.count ? Sought(stems: stems, prefix: entry.prefix) : nil
        }
        self.stemOfWord = stemOfWord
    }

    private func snippet(of column: Column, open: String, close: String) -> String? {
        guard !column.candidates.isEmpty else { return nil }
        let (bytes, tokens) = (column.bytes, column.tokens)
        let matches = self.matches(among: column.candidates)
        guard let start = bestStart(of: matches, tokenCount: tokens.count) else { return nil }
        let end = min(start + Self.window, tokens.count)
        let ellipsis = Array("…".utf8)
        var result: [UInt8] = start > 0 ? ellipsis : []
        result.reserveCapacity(tokens[end - 1].range.upperBound - tokens[start].range.lowerBound + 64)
        var cursor = tokens[start].range.lowerBound
        for match in matches where match.first >= start && match.last < end {
            result += bytes[cursor..<tokens[match.first].range.lowerBound]
            result += open.utf8
            result += bytes[tokens[match.first].range.lowerBound..<tokens[match.last].range.upperBound]
            result += close.utf8
            cursor = tokens[match.last].range.upperBound
        }
        result += bytes[cursor..<tokens[end - 1].range.upperBound]
        if end < tokens.count { result += ellipsis }
        return String(decoding: result, as: UTF8.self)
    }

    /// A run of words that matches one sought word or phrase.
    private struct Match {
        var first: Int
        var last: Int
        var sought: Int
    }

    /// Every match starting at a candidate word (in order), none overlapping the one before. Only
    /// candidates have stems, so a phrase matches a run of candidates at consecutive positions.
    private func matches(among candidates: [(position: Int, word: String)]) -> [Match] {
        let stems = candidates.map { stemOfWord[$0.word] }
        var matches: [Match] = []
        var next = 0
        for (index, candidate) in candidates.enumerated() where candidate.position >= next {
            guard let (sought, length) = soughtMatch(at: index, candidates: candidates, stems: stems) else { continue }
            matches.append(Match(first: candidate.position, last: candidate.position + length - 1, sought: sought))
            next = candidate.position + length
        }
        return matches
    }

    /// The first sought word or phrase whose stems start at candidate `index`, and its length in words.
    private func soughtMatch(at index: Int, candidates: [(position: Int, word: String)], stems: [String?]) -> (Int, Int)? {
        let position = candidates[index].position
        for (soughtIndex, entry) in sought.enumerated() where index + entry.stems.count <= candidates.count {
            let fits = entry.stems.indices.allSatisfy { offset in
                guard candidates[index + offset].position == position + offset, let stem = stems[index + offset] else { return false }
                return entry.prefix ? stem.hasPrefix(entry.stems[offset]) : stem == entry.stems[offset]
            }
            if fits { return (soughtIndex, entry.stems.count) }
        }
        return nil
    }

    /// Where the window showing the most different matches starts (the earliest of equals), a few
    /// words before its first match. Matches are in order and do not overlap, so those inside a
    /// window are a run of them.
    private func bestStart(of matches: [Match], tokenCount: Int) -> Int? {
        var best: (start: Int, distinct: Int, count: Int)?
        var first = 0
        for match in matches {
            let start = max(0, min(match.first - Self.lead, tokenCount - Self.window))
            while matches[first].first < start { first += 1 }
            var last = first
            while last < matches.count, matches[last].last < start + Self.window { last += 1 }
            let inside = matches[first..<last]
            var distinct = 0
            for index in inside.indices where !inside[..<index].contains(where: { $0.sought == inside[index].sought }) { distinct += 1 }
            if best == nil || (distinct, inside.count) > (best!.distinct, best!.count) { best = (start, distinct, inside.count) }
        }
        return best?.start
    }

    // MARK: Words, as the index's tokenizer splits them

    /// The first three letters of the words asked for: a word of the text is worth stemming only
    /// when it starts with one of them. A mask of first letters rules most words out at once.
    private struct Keys {
        private let keys: [UInt32]
        private let firstLetters: UInt64

        init(_ words: [String]) {
            let keys = Set(words.map { word in Array(word.utf8).withUnsafeBufferPointer { SnippetCutter.key(of: $0) } })
            self.keys = Array(keys)
            firstLetters = keys.reduce(0) { $0 | Keys.bit(UInt8(truncatingIfNeeded: $1 >> Keys.shift($1))) }
        }

        func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = word.first, firstLetters & Keys.bit(SnippetCutter.lowercase(first)) != 0 else { return false }
            let key = SnippetCutter.key(of: word)
            return keys.contains(key)
        }

        private static func bit(_ byte: UInt8) -> UInt64 { 1 << UInt64(byte & 63) }

        /// How far the first letter sits in a key of one to three letters.
        private static func shift(_ key: UInt32) -> UInt32 { key > 0xFFFF ? 16 : key > 0xFF ? 8 : 0 }
    }

    /// A word's bytes, and whether it holds letters beyond ASCII (which the index folds).
    struct Token {
        var range: Range<Int>
        var folded: Bool
    }

    /// Runs of letters and digits; any character beyond ASCII that is a letter or digit joins a word.
    static func tokens(of text: [UInt8]) -> [Token] {
        text.withUnsafeBufferPointer { bytes in
            var tokens: [Token] = []
            tokens.reserveCapacity(bytes.count / 6)
            var start = -1
            var folded = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let (isWordCharacter, width) = byte < 0x80 ? (isASCIIWordCharacter(byte), 1) : nonASCII(bytes, at: index)
                if isWordCharacter {
                    if start < 0 { (start, folded) = (index, false) }
                    if byte >= 0x80 { folded = true }
                } else if start >= 0 {
                    tokens.append(Token(range: start..<index, folded: folded))
                    start = -1
                }
                index += width
            }
            if start >= 0 { tokens.append(Token(range: start..<bytes.count, folded: folded)) }
            return tokens
        }
    }

    /// ASCII digits and letters, one bit per byte value below 128.
    private static let asciiWordMask: (low: UInt64, high: UInt64) = (0x03FF_0000_0000_0000, 0x07FF_FFFE_07FF_FFFE)

    private static func isASCIIWordCharacter(_ byte: UInt8) -> Bool {
        byte < 64 ? (asciiWordMask.low >> UInt64(byte)) & 1 != 0 : (asciiWordMask.high >> UInt64(byte - 64)) & 1 != 0
    }

    /// Whether the character starting at `index` is a letter or digit, and its length in bytes.
    private static func nonASCII(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Bool, Int) {
        let lead = bytes[index]
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard width > 1, index + width <= bytes.count else { return (false, 1) }
        var value = UInt32(lead) & (0xFF >> (width + 1))
        for offset in 1..<width { value = value << 6 | (UInt32(bytes[index + offset]) & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return (false, width) }
        let properties = scalar.properties
        return (properties.isAlphabetic || properties.numericType != nil, width)
    }

    /// The first three bytes of a word, lowercased, as one number.
    fileprivate static func key(of word: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var key: UInt32 = 0
        for byte in word.prefix(3) { key = key << 8 | UInt32(lowercase(byte)) }
        return key
    }

    private static func lowercased(_ word: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: word.map(lowercase), as: UTF8.self)
    }

    fileprivate static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
}
