/// An email address Casebook will put in an SMTP envelope and a header: plain ASCII `local@domain`,
/// with none of the characters that could end a header, a command or an address list.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    /// The address itself, as `local@domain`.
    public let email: String

    /// The address, or nil when it is not one Casebook can send to safely.
    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard Self.isSendable(text) else { return nil }
        email = text
    }

    public var description: String { email }

    private static let forbidden = Set("<>()[]\\,;:\"".unicodeScalars)

    /// Whether the text is a single address with printable ASCII only and one `@` between non-empty parts.
    public static func isSendable(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard (3...254).contains(scalars.count),
            scalars.allSatisfy({ (33...126).contains($0.value) && !forbidden.contains($0) }),
            scalars.filter({ $0 == "@" }).count == 1,
            let at = scalars.firstIndex(of: "@"), at > 0, at < scalars.count - 1,
            scalars.first != ".", scalars.last != "."
        else { return false }
        return true
    }
}
