/// Finds possible patient identifiers and contact details in the free text of an example.
public struct Screener: Sendable {
    /// Makes a screener.
    public init() {}

    /// Flags for every field of free text in the example.
    public func screen(_ example: Example) -> [ScreeningFlag] {
        let fields =
            [("title", example.title), ("summary", example.summary), ("body", example.body)]
            + example.sections.ordered.map { ("sections." + $0.kind.rawValue, $0.text) }
            + example.keywords.enumerated().map { ("keywords[\($0.offset)]", $0.element) }
        return fields.flatMap { screen(text: $0.1, field: $0.0) }
    }

    /// Flags for one field's text.
    public func screen(text: String, field: String) -> [ScreeningFlag] {
        spans(in: text).map { range, kind in
            let offset = text.distance(from: text.startIndex, to: range.lowerBound)
            return ScreeningFlag(kind: kind, field: field, detail: "\"\(text[range])\" at character \(offset + 1)")
        }
    }

    /// Where in a text each possible identifier lies, in order, without overlaps.
    public func spans(in text: String) -> [(range: Range<String.Index>, kind: ScreeningFlag.Kind)] {
        var found: [(range: Range<String.Index>, kind: ScreeningFlag.Kind)] = []
        func add(_ kind: ScreeningFlag.Kind, _ range: Range<String.Index>) {
            guard !found.contains(where: { $0.range.overlaps(range) }) else { return }
            found.append((range, kind))
        }
        for match in text.matches(of: Patterns.email) { add(.email, match.range) }
        for match in text.matches(of: Patterns.dateOfBirth) { add(.dateOfBirth, match.range) }
        for match in text.matches(of: Patterns.tenDigits) where Self.isNHSNumber(String(match.output)) { add(.nhsNumber, match.range) }
        for match in text.matches(of: Patterns.phone) where Self.isUKPhoneNumber(String(match.output)) { add(.phone, match.range) }
        for match in text.matches(of: Patterns.postcode) { add(.postcode, match.range) }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The kinds that identify a patient rather than a team: a message to a team may hold the sender's own
    /// phone number or address, but never these.
    public static let patientOnly: Set<ScreeningFlag.Kind> = [.nhsNumber, .dateOfBirth]

    /// What the first patient identifier in a text is, in words (such as "an NHS number"), or nil when it has none.
    public func patientIdentifier(in text: String) -> String? {
        guard let kind = spans(in: text).first(where: { Self.patientOnly.contains($0.kind) })?.kind else { return nil }
        return kind.words
    }

    /// Whether ten digits (spaces and dashes allowed) pass the NHS number's modulus 11 check.
    public static func isNHSNumber(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count == 10 else { return false }
        let sum = zip(digits.prefix(9), (2...10).reversed()).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        switch check {
        case 11: return digits[9] == 0
        case 10: return false
        default: return digits[9] == check
        }
    }

    /// Whether a run of digits is shaped like a UK phone number (0 or +44, then a UK number range).
    public static func isUKPhoneNumber(_ text: String) -> Bool {
        var digits = String(text.filter(\.isNumber))
        if text.hasPrefix("+44") || digits.hasPrefix("0044") {
            digits = "0" + digits.dropFirst(digits.hasPrefix("0044") ? 4 : 2)
        }
        guard digits.hasPrefix("0"), let second = digits.dropFirst().first, "1237".contains(second) || digits.hasPrefix("080") else {
            return false
        }
        return digits.count == 11 || (digits.count == 10 && second == "1")
    }
}

/// The patterns the screener looks for. Each is deliberately loose; the checks above tighten them.
enum Patterns {
    nonisolated(unsafe) static let email = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/
    nonisolated(unsafe) static let tenDigits = /\b[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{4}\b/
    nonisolated(unsafe) static let phone = /(?:\+44\s?(?:\(0\))?\s?|\b0044\s?|\(0|\b0)[0-9]{2,4}\)?[ \-]?[0-9]{3,4}[ \-]?[0-9]{3,4}\b/
    nonisolated(unsafe) static let postcode = /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})\b/
    nonisolated(unsafe) static let dateOfBirth =
        /(?i)(?:\bd\.?o\.?b\.?|date of birth|\bborn(?:\s+on)?)[\s:,\-]*(?:[0-9]{1,2}[\/.\-][0-9]{1,2}[\/.\-][0-9]{2,4}|[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})/
}
