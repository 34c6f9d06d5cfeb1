import CasebookKit
import Hummingbird

extension Router<AppRequestContext> {
    /// Registers the web pages (decision 008); `PageErrorMiddleware`, added before them, makes their errors HTML pages.
    func addWebPages(_ web: WebFront, limits: ServerLimits, rates: RateLimits) {
        addRoutes(PublicPages(web: web, limits: limits, rates: rates).endpoints)
        addRoutes(SubmissionPages(web: web, rates: rates).endpoints)
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
