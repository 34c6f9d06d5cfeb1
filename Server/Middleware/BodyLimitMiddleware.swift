import Hummingbird

/// Applies the body limit: refuses a declared oversize body at once, and caps what handlers may read.
struct BodyLimitMiddleware: RouterMiddleware {
    let maxBytes: Int

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw Problem.contentTooLarge(limit: maxBytes)
        }
        var context = context
        context.maxUploadSize = maxBytes
        return try await next(request, context)
    }
}
