import Crypto
import Foundation

/// A secret bearer token: 32 random bytes shown once; only its SHA-256 hash is stored.
public struct Token: Sendable {
    /// The text the holder presents.
    public let secret: String

    /// A new random token.
    public static func generate() -> Token {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Token(secret: base64URL(Data(bytes)))
    }

    /// Bytes as unpadded base64url (RFC 4648 section 5): safe in URLs, cookies and form fields.
    public static func base64URL(_ bytes: Data) -> String {
        bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The stored form of a presented secret. Tokens are high-entropy, so a fast hash suffices and a
    /// lookup by hash leaks nothing useful through timing.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
