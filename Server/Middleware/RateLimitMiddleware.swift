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
