import Foundation

extension String {
    /// The string without leading and trailing white space and newlines (without bridging to NSString).
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) }),
            let last = scalars.lastIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// How many Unicode code points the string holds (as SQLite's `length()` counts), read from its UTF-8 bytes.
    var scalarCount: Int {
        let counted = utf8.withContiguousStorageIfAvailable { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
        return counted ?? unicodeScalars.count
    }

    /// Whether the string holds a NUL character, read from its UTF-8 bytes.
    public var containsNUL: Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(0) } ?? utf8.contains(0)
    }
}
