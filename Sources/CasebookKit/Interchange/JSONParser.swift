/// A strict JSON reader (RFC 8259) straight into `JSONValue`: one pass over the bytes, no bridging
/// through Foundation objects, and a depth limit so hostile nesting cannot exhaust the stack.
struct JSONParser {
    /// Why a document is not JSON.
    struct Failure: Error {
        /// What is wrong, for `FieldError` to word.
        var reason: FieldError.Reason

        /// A syntax error; `message` is the end of "it …": "has a string without its closing quote".
        init(message: String) { reason = .syntax(message) }

        init(_ reason: FieldError.Reason) { self.reason = reason }
    }

    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    /// Parses one JSON document; anything after it but whitespace is an error.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw Failure(message: "has text after the JSON value") }
        return value
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw Failure(message: "ends before a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw Failure(message: "has an unexpected character at byte \(position + 1)")
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw Failure(message: "is nested too deeply") }
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Failure(message: "has an object key that is not a string") }
            let key = try string()
            skipWhitespace()
            guard try consume(UInt8(ascii: ":")) else { throw Failure(message: "lacks a ':' after an object key") }
            guard members[key] == nil else { throw Failure(.duplicateKey(key)) }
            members[key] = try value(depth: depth)
            skipWhitespace()
        } while try consume(UInt8(ascii: ","))
        guard try consume(UInt8(ascii: "}")) else { throw Failure(message: "has an object without its closing '}'") }
        return .object(members)
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw Failure(message: "is nested too deeply") }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try value(depth: depth))
            skipWhitespace()
        } while try consume(UInt8(ascii: ","))
        guard try consume(UInt8(ascii: "]")) else { throw Failure(message: "has an array without its closing ']'") }
        return .array(elements)
    }

    /// A string: without escapes it is made straight from its bytes; with escapes, from a buffer of
    /// its bytes with each escape written out as UTF-8. Either way the bytes are checked as UTF-8 once.
    private mutating func string() throws(Failure) -> String {
        position += 1
        let start = position
        var buffer: [UInt8]?
        var runStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                guard var escaped = buffer else { return try text(UnsafeRawBufferPointer(rebasing: bytes[start..<position])) }
                escaped.append(contentsOf: bytes[runStart..<position])
                guard let decoded = String(validating: escaped, as: UTF8.self) else { throw Failure(.notText) }
                return decoded
            }
            if byte < 0x20 { throw Failure(message: "has a control character inside a string") }
            if byte == UInt8(ascii: "\\") {
                buffer = buffer ?? []
                buffer!.append(contentsOf: bytes[runStart..<position])
                position += 1
                buffer!.append(contentsOf: Array(String(try escape()).utf8))
                runStart = position
            } else {
                position += 1
            }
        }
        throw Failure(message: "has a string without its closing quote")
    }

    private func text(_ raw: UnsafeRawBufferPointer) throws(Failure) -> String {
        guard let text = String(validating: raw, as: UTF8.self) else { throw Failure(.notText) }
        return text
    }

    private mutating func escape() throws(Failure) -> Unicode.Scalar {
        guard position < bytes.count else { throw Failure(message: "ends inside a string") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try unicodeEscape()
        default: throw Failure(message: "has an unknown escape in a string")
        }
    }

    /// `\uXXXX`, joining a surrogate pair written as two escapes.
    private mutating func unicodeEscape() throws(Failure) -> Unicode.Scalar {
        let first = try hexQuad()
        if (0xD800...0xDBFF).contains(first) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw Failure(message: "has an unpaired surrogate escape in a string")
            }
            position += 2
            let second = try hexQuad()
            guard (0xDC00...0xDFFF).contains(second) else { throw Failure(message: "has an unpaired surrogate escape in a string") }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            return Unicode.Scalar(combined)!
        }
        guard let scalar = Unicode.Scalar(first) else { throw Failure(message: "has an unpaired surrogate escape in a string") }
        return scalar
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw Failure(message: "ends inside a string") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(message: "has a bad \\u escape in a string")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// A number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func number() throws(Failure) -> Double {
        let start = position
        _ = try consume(UInt8(ascii: "-"))
        guard digits() > 0 else { throw Failure(message: "has an unexpected character at byte \(position + 1)") }
        if bytes[start] == UInt8(ascii: "0") || (bytes[start] == UInt8(ascii: "-") && bytes[start + 1] == UInt8(ascii: "0")) {
            let integerDigits = position - start - (bytes[start] == UInt8(ascii: "-") ? 1 : 0)
            guard integerDigits == 1 else { throw Failure(message: "has a number with a leading zero") }
        }
        if try consume(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw Failure(message: "has a number without digits after its point") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw Failure(message: "has a number without digits in its exponent") }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw Failure(message: "has a number too large to read") }
        return number
    }

    private mutating func digits() -> Int {
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
        return position - start
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count else { throw Failure(message: "has an unexpected character at byte \(position + 1)") }
        for offset in 0..<length where bytes[position + offset] != word.utf8Start[offset] {
            throw Failure(message: "has an unexpected character at byte \(position + 1)")
        }
        position += length
    }

    private mutating func consume(_ byte: UInt8) throws(Failure) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }
}
