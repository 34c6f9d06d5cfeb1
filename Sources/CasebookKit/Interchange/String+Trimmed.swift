import Foundation

extension String {
    /// The string without leading and trailing white space and newlines (without bridging to NSString).
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) }),
              let last = scalars.lastIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
