import CasebookKit
import Hummingbird
import HummingbirdAuth

/// Who a request is from, as an authenticator in the request context found it (`context.identity`).
public enum Caller: Sendable {
    /// A moderator or admin account, by its bearer token (API) or its web session (pages).
    case moderator(Account)
    /// The holder of the edit token of one submission.
    case submitter(exampleID: Int64)
}

/// What a moderator's web session holds in the session store: the account's name, by which the account
/// is read again on every request, so that a revoked account is signed out at once.
public struct ModeratorSession: Codable, Sendable, Equatable {
    /// The account's unique name.
    public var accountName: String

    /// A session for the account named `accountName`.
    public init(accountName: String) {
        self.accountName = accountName
    }
}

/// The API's authenticator: the `Authorization: Bearer` token, looked up by its SHA-256 hash as a
/// moderator's token, else as a submission's edit token. A request without one, or with one nobody
/// holds, goes on without an identity; the handler answers 401 (`requireCaller`).
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let database: AppDatabase

    func authenticate(request: Request, context: AppRequestContext) async throws -> Caller? {
        guard let token = request.headers.bearer?.token, (1...200).contains(token.count) else { return nil }
        if let account = try await database.account(forToken: token) { return .moderator(account) }
        if let exampleID = try await database.submissionID(forEditToken: token) { return .submitter(exampleID: exampleID) }
        return nil
    }
}

extension AppRequestContext {
    /// The caller the authenticators found; 401 when the request has no credentials, or ones nobody holds.
    func requireCaller(_ request: Request) throws -> Caller {
        guard let identity else {
            guard request.headers.bearer != nil else {
                throw Problem.unauthorized("send Authorization: Bearer with a moderator token or the submission's edit token")
            }
            throw Problem.unauthorized("the token is not valid")
        }
        return identity
    }

    /// The moderator or admin behind the request; 401 without credentials, 403 for a submitter's edit token.
    func requireModerator(_ request: Request) throws -> Account {
        guard case .moderator(let account) = try requireCaller(request) else {
            throw Problem.forbidden("this needs a moderator's token; an edit token only reaches its own submission")
        }
        return account
    }

    /// Whether the request is a moderator's: false without credentials, 401 for a token nobody holds.
    func isModerator(_ request: Request) throws -> Bool {
        guard identity != nil || request.headers.bearer != nil else { return false }
        if case .moderator = try requireCaller(request) { return true }
        return false
    }
}
