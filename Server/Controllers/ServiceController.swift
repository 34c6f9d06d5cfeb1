import Hummingbird

/// The routes about the service itself: its health and its OpenAPI document.
struct ServiceController {
    let document: APIDocument

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("healthz", use: health)
            .get("openapi.json", use: openAPI)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) -> JSONReply<[String: String]> {
        JSONReply(["status": "ok"])
    }

    @Sendable func openAPI(_ request: Request, context: AppRequestContext) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: document.data)))
    }
}
