import CasebookKit

/// The month a piece of work started, as a person types it into the form ("April 2023", "4/2023",
/// "2023-04", "2023") and as the interchange format holds it (`YYYY` or `YYYY-MM`).
enum MonthText {
    static let months = DateWords.months.map { $0.lowercased() }

    /// The interchange form of what was typed; what it cannot read is passed on as typed, for validation to name.
    static func interchange(_ typed: String) -> String {
        let words = typed.lowercased().split { $0 == " " || $0 == "/" || $0 == "," || $0 == "." }.map(String.init)
        guard words.count == 2 else { return typed }
        let (first, year) = (words[0], words[1])
        guard year.count == 4, year.allSatisfy(\.isASCII), Int(year) != nil else { return typed }
        if let number = Int(first), (1...12).contains(number), first.count <= 2 {
            return year + "-" + (number < 10 ? "0" : "") + String(number)
        }
        guard first.count >= 3, let index = months.firstIndex(where: { $0.hasPrefix(first) }) else { return typed }
        return year + "-" + (index < 9 ? "0" : "") + String(index + 1)
    }
}
