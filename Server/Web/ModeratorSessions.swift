import CasebookKit
import Foundation

/// Signed-in moderators of the web pages: a random session id, held only in a cookie and in this
/// store's memory, mapped to the account name with an expiry. A restart signs everyone out.
actor ModeratorSessions {
    /// How long a session lasts after sign-in.
    let lifetime: Duration
    private var sessions: [String: Session] = [:]

    private struct Session {
        var accountName: String
        var expires: ContinuousClock.Instant
    }

    init(lifetime: Duration = .seconds(8 * 60 * 60)) {
        self.lifetime = lifetime
    }

    /// Starts a session for an account and returns its new id.
    func start(for account: Account) -> String {
        let now = ContinuousClock.now
        sessions = sessions.filter { $0.value.expires > now }
        let id = Token.generate().secret
        sessions[id] = Session(accountName: account.name, expires: now + lifetime)
        return id
    }

    /// The account name of a live session, or nil when the id is unknown or expired.
    func accountName(for id: String) -> String? {
        guard let session = sessions[id] else { return nil }
        guard session.expires > .now else {
            sessions[id] = nil
            return nil
        }
        return session.accountName
    }

    /// Ends a session (sign-out).
    func end(_ id: String) {
        sessions[id] = nil
    }
}
