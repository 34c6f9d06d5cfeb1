import CasebookKit
import Crypto
import Foundation

/// Cross-site request forgery protection for every form: a signed double-submit token.
///
/// The browser holds a random value in an HttpOnly, SameSite=Strict cookie; each form carries an
/// HMAC of that value (and of the moderator's session, when there is one) under a key that never
/// leaves the process. A forged POST has neither the cookie's value nor the key, so it cannot make
/// a matching field.
struct FormGuard: Sendable {
    /// The hidden field every form carries.
    static let fieldName = "csrf"
    /// The key's bytes (a `SymmetricKey` is not `Sendable`); new at every start.
    private let key: Data

    init(key: Data = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }) {
        self.key = key
    }

    /// The token for a form shown to the holder of a cookie value and, if signed in, a session.
    func token(cookie: String, session: String?) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(Self.message(cookie: cookie, session: session).utf8), using: SymmetricKey(data: key))
        return Token.base64URL(Data(code))
    }

    /// Whether a submitted token matches the cookie and session, compared in constant time.
    func accepts(_ submitted: String?, cookie: String?, session: String?) -> Bool {
        guard let submitted, let cookie, !cookie.isEmpty else { return false }
        let expected = token(cookie: cookie, session: session)
        let (a, b) = (Array(submitted.utf8), Array(expected.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func message(cookie: String, session: String?) -> String {
        "\(cookie)|\(session ?? "")"
    }
}
