import Hummingbird
import Logging

/// One structured log line per request: method, path, status and duration, under Hummingbird's request id.
/// It never logs headers, query strings or bodies, nor the edit token in a submitter's private link, so tokens
/// and contact details stay out of the logs.
struct RequestLogMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(loggablePath(request.uri.path))",
                "status": "\(response.status.code)",
                "ms": "\(elapsed.components.attoseconds / 1_000_000_000_000_000 + elapsed.components.seconds * 1000)"
            ])
        return response
    }
}
