import Hummingbird

/// Marks every answer of a private route (a guide's, by its links) as not for search engines, caches or referrers.
struct PrivateResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xRobotsTag] = "noindex, nofollow"
        response.headers[.cacheControl] = "private, no-store"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}
