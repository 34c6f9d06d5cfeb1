import CasebookKit
import Hummingbird

/// The routes for whoever runs the server: readiness (`/readyz`) and Prometheus metrics (`/metrics`).
struct OperationsController {
    let database: AppDatabase
    let metrics: ServerMetrics

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("readyz", use: ready)
            .get("metrics", use: exposition)
    }

    /// 200 when the library answers a trivial read; 503 problem+json when it does not.
    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: String]> {
        do {
            try await database.probe()
        } catch {
            context.logger.error("readiness probe failed", metadata: ["error": "\(error)"])
            throw Problem(.serviceUnavailable, detail: "the library cannot be read just now", headers: [.retryAfter: "5"])
        }
        return JSONReply(["status": "ready"])
    }

    /// Every metric, with the moderation queue length read at scrape time.
    @Sendable func exposition(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let waiting = try? await database.submissionsWaiting() { metrics.recordQueueLength(waiting) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition)))
    }
}
