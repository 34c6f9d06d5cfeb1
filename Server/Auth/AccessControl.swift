import CasebookKit
import Hummingbird

/// Who a bearer token says the caller is.
enum Caller: Sendable {
    /// A moderator or admin account.
    case moderator(Account)
    /// The holder of the edit token of one submission.
    case submitter(exampleID: Int64)
}

/// Checks bearer tokens: 401 without valid credentials, 403 when they do not reach the resource.
struct AccessControl: Sendable {
    let database: AppDatabase

    /// The caller behind the request's token, whoever they are; 401 when there is none or nobody holds it.
    func caller(_ request: Request) async throws -> Caller {
        guard let secret = Self.bearerToken(request) else {
            throw Problem.unauthorized("send Authorization: Bearer with a moderator token or the submission's edit token")
        }
        if let account = try await database.account(forToken: secret) { return .moderator(account) }
        if let exampleID = try await database.submissionID(forEditToken: secret) { return .submitter(exampleID: exampleID) }
        throw Problem.unauthorized("the token is not valid")
    }

    /// The moderator or admin behind the request's token; 403 for a submitter's edit token.
    func moderator(_ request: Request) async throws -> Account {
        guard case .moderator(let account) = try await caller(request) else {
            throw Problem.forbidden("this needs a moderator's token; an edit token only reaches its own submission")
        }
        return account
    }

    /// The bearer token of the request, if it carries a plausible one.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return (1...200).contains(token.count) ? token : nil
    }
}
