import Foundation

/// The month a piece of work started, as the form asks for it (a month chosen from a list and a year
/// typed in) and as the interchange format holds it (`YYYY` or `YYYY-MM`).
enum MonthText {
    /// The interchange form of what was entered; what it cannot read is passed on for validation to name.
    /// Both blank is no date; a year alone is a year; a month without a year is refused by validation.
    static func interchange(month: String, year: String) -> String {
        let month = month.trimmingCharacters(in: .whitespaces), year = year.trimmingCharacters(in: .whitespaces)
        guard !month.isEmpty else { return year }
        guard let number = Int(month), (1...12).contains(number) else { return year + "-" + month }
        return year + "-" + (number < 10 ? "0" : "") + String(number)
    }

    /// The month (1 to 12, or "") and the year of a stored `YYYY` or `YYYY-MM`.
    static func parts(of stored: String) -> (month: String, year: String) {
        let parts = stored.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, let number = Int(parts[1]) else { return ("", stored) }
        return (String(number), parts[0])
    }
}
