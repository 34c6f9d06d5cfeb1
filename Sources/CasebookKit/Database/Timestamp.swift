import Foundation

/// Times and dates as Casebook stores them: ISO 8601 text in UTC.
public enum Timestamp {
    /// Now, as `2024-03-01T10:00:00Z`.
    public static func now() -> String { format(Date()) }

    /// A date as `2024-03-01T10:00:00Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// The calendar day a number of months after a timestamp, as `YYYY-MM-DD`.
    public static func day(monthsAfter timestamp: String, months: Int) -> String {
        let date = (try? Date(timestamp, strategy: Date.ISO8601FormatStyle(timeZone: .gmt))) ?? Date()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let due = calendar.date(byAdding: .month, value: months, to: date) ?? date
        return due.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }

    /// Today as `YYYY-MM-DD`.
    public static func today() -> String {
        Date().formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}
