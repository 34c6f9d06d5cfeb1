import CasebookKit
import Hummingbird
import HummingbirdAuth

extension Router<AppRequestContext> {
    /// Registers the web pages (decision 008) behind the session middleware and its authenticator;
    /// `PageErrorMiddleware`, added before them, makes their errors HTML pages.
    func addWebPages(_ web: WebFront, limits: ServerLimits, rates: RateLimits, sessions: WebSessions) {
        let pages = group().add(middleware: sessions.middleware).add(middleware: sessions.authenticator(web.database))
        pages.addRoutes(PublicPages(web: web, limits: limits, rates: rates).endpoints)
        pages.addRoutes(SubmissionPages(web: web, rates: rates).endpoints)
        pages.addRoutes(ReviewPages(web: web).endpoints)
        pages.addRoutes(AlertPages(web: web, rates: rates).endpoints)
        pages.addRoutes(GuidePages(web: web, rates: rates).endpoints)
        pages.addRoutes(ModerationPages(web: web).endpoints, atPath: "/moderate")
        pages.addRoutes(CurationPages(web: web).endpoints, atPath: "/moderate/collections")
    }
}

/// Moderators' web sessions on hummingbird-auth: `SessionMiddleware` over a persist driver (in memory by
/// default, shared by several replicas when it is a shared store), a cookie that is HttpOnly, SameSite=Lax and
/// Secure with `--secure-cookies`, and an authenticator that reads the session's account by its name.
struct WebSessions {
    let middleware: SessionMiddleware<AppRequestContext>

    init(store: any PersistDriver, secureCookies: Bool, lifetime: Duration) {
        let cookie = SessionCookieParameters(name: WebFront.sessionCookie, path: "/", secure: secureCookies, sameSite: .lax)
        middleware = SessionMiddleware(
            storage: store,
            configuration: .init(
                sessionCookieParameters: cookie, keyPrefix: "casebook.session.", defaultSessionExpiration: lifetime))
    }

    /// The session's account, looked up by its unique name (never by listing accounts); none when revoked.
    func authenticator(_ database: AppDatabase) -> some RouterMiddleware<AppRequestContext> {
        SessionAuthenticator(context: AppRequestContext.self) { (session: ModeratorSession, _) in
            try await database.activeAccount(named: session.accountName).map(Caller.moderator)
        }
    }
}

/// The request log's view of a path: a private link loses its token (a submission's edit token, a review
/// reminder's, an alert's confirmation or unsubscribe token, a guide's edit or share token).
func loggablePath(_ path: String) -> String {
    let kept: Int
    if path.hasPrefix("/submissions/") || path.hasPrefix("/alerts/confirm/") || path.hasPrefix("/alerts/unsubscribe/")
        || path.hasPrefix("/guides/edit/") || path.hasPrefix("/guides/view/")
    {
        kept = 3
    } else if path.hasPrefix("/reviews/") {
        kept = 2
    } else {
        return path
    }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count > kept else { return path }
    return parts.prefix(kept).joined(separator: "/") + "/…"
}

extension AppRequestContext {
    /// The token of a private link (`…/:token`): not found, revealing nothing, when it is missing or too long to be one.
    func linkToken() throws -> String {
        let token = try parameters.require("token")
        guard (1...200).contains(token.count) else { throw Problem.notFound("") }
        return token
    }
}
