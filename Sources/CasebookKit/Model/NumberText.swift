/// Whole numbers written as people read them.
public enum NumberText {
    /// A whole number with thousands separators: 5,000.
    public static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var index = digits.count - 3
        while index > 0, digits.first != "-" || index > 1 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
            index -= 3
        }
        return digits
    }
}
