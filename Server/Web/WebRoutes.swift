import CasebookKit
import Hummingbird

extension Router<AppRequestContext> {
    /// Registers the web pages (decision 008) and makes their errors HTML pages; the API keeps problem+json.
    func addWebPages(database: AppDatabase, limits: ServerLimits, apiRoutes: RouteTable) throws {
        let web = WebFront(database: database, renderer: try PageRenderer.shipped(), sessions: ModeratorSessions(), guardian: FormGuard())
        add(middleware: PageErrorMiddleware(web: web, apiRoutes: apiRoutes))
        addRoutes(PublicPages(web: web, limits: limits).endpoints)
        addRoutes(SubmissionPages(web: web, limits: limits).endpoints)
        addRoutes(ModerationPages(web: web).endpoints, atPath: "/moderate")
        addRoutes(CurationPages(web: web).endpoints, atPath: "/moderate/collections")
    }
}

/// The request log's view of a path: a submitter's private link loses its edit token.
func loggablePath(_ path: String) -> String {
    guard path.hasPrefix("/submissions/") else { return path }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count > 3 else { return path }
    return parts.prefix(3).joined(separator: "/") + "/…"
}
