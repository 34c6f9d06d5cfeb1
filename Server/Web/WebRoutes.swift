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

/// The request log's view of a path: a submitter's private link loses its edit token.
func loggablePath(_ path: String) -> String {
    guard path.hasPrefix("/submissions/") else { return path }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count > 3 else { return path }
    return parts.prefix(3).joined(separator: "/") + "/…"
}
