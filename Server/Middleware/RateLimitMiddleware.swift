import Hummingbird

/// Answers 429 with `Retry-After` once a client has used up its allowance on the routes it guards.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        if let wait = await limiter.admit(context.clientKey) {
            throw Problem.tooManyRequests(retryAfter: wait)
        }
        return try await next(request, context)
    }
}

/// One allowance per client and action, shared by the API and the web pages: a client that submits
/// through the form and the API at once still gets `--submission-rate` submissions a minute in all.
/// Each route group that an action guards adds its middleware, so the routes it covers are listed beside it.
struct RateLimits: Sendable {
    /// New submissions and revisions, at `--submission-rate`.
    let submit: RateLimitMiddleware
    /// Searches (the home page lists the newest examples with one), at `--search-rate`.
    let search: RateLimitMiddleware
    /// Messages that send mail to someone else: the contact form and requests for email updates, at `--message-rate`.
    let message: RateLimitMiddleware

    /// The allowances of `limits`, each with empty buckets.
    init(_ limits: ServerLimits) {
        message = RateLimitMiddleware(limiter: RateLimiter(perMinute: limits.messagesPerMinute))
        submit = RateLimitMiddleware(limiter: RateLimiter(perMinute: limits.submissionsPerMinute))
        search = RateLimitMiddleware(limiter: RateLimiter(perMinute: limits.searchesPerMinute))
    }
}
