import Hummingbird

/// Answers `HEAD` wherever `GET` answers: the request goes to the router as a `GET`, and the response
/// keeps its status and headers (its `Content-Length` too) but sends no body. It wraps the router's
/// responder rather than being a router middleware, because the router picks the route by method
/// before any middleware runs.
struct HeadResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppRequestContext {
    let inner: Inner

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        let length = response.headers[.contentLength]
        response.body = ResponseBody()
        if let length { response.headers[.contentLength] = length }
        return response
    }
}
