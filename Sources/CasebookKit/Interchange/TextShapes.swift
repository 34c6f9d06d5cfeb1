/// The shapes of dates, times and email addresses in the interchange format, checked by hand:
/// the same rules as a regular expression, without its cost on every line of a large import.
enum TextShapes {
    /// `YYYY` or `YYYY-MM`.
    static func isMonth(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return (bytes.count == 4 && digits(bytes, 0..<4)) || (bytes.count == 7 && yearAndMonth(bytes))
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10 && yearMonthDay(bytes)
    }

    /// `YYYY-MM-DDTHH:MM:SS` with up to six decimals of a second, then `Z`.
    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count != 21, bytes.count <= 27, yearMonthDay(bytes), bytes[10] == UInt8(ascii: "T"),
            number(bytes, 11..<13, in: 0...23), bytes[13] == UInt8(ascii: ":"), number(bytes, 14..<16, in: 0...59),
            bytes[16] == UInt8(ascii: ":"), number(bytes, 17..<19, in: 0...59), bytes.last == UInt8(ascii: "Z")
        else { return false }
        if bytes.count == 20 { return true }
        return bytes[19] == UInt8(ascii: ".") && digits(bytes, 20..<(bytes.count - 1))
    }

    /// One `@` between a local part and a domain with a dot in it, and no spaces, quotes or angle brackets.
    static func isEmail(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let at = scalars.firstIndex(of: "@"), at > 0, !scalars[(at + 1)...].contains("@"),
            scalars.allSatisfy({ !($0.properties.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"") }),
            let dot = scalars.lastIndex(of: "."), dot > at + 1, dot < scalars.count - 1
        else { return false }
        return true
    }

    private static func yearAndMonth(_ bytes: [UInt8]) -> Bool {
        digits(bytes, 0..<4) && bytes[4] == UInt8(ascii: "-") && number(bytes, 5..<7, in: 1...12)
    }

    private static func yearMonthDay(_ bytes: [UInt8]) -> Bool {
        yearAndMonth(bytes) && bytes[7] == UInt8(ascii: "-") && number(bytes, 8..<10, in: 1...31)
    }

    private static func digits(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        !range.isEmpty && range.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }
    }

    private static func number(_ bytes: [UInt8], _ range: Range<Int>, in allowed: ClosedRange<Int>) -> Bool {
        guard digits(bytes, range) else { return false }
        return allowed.contains(range.reduce(0) { $0 * 10 + Int(bytes[$1] - UInt8(ascii: "0")) })
    }
}
