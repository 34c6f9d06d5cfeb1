import CasebookKit
import CoreMetrics
import Hummingbird
import Metrics
import Prometheus

/// The server's numbers in Prometheus form, each server with its own registry (no global metrics system).
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    /// A registry with request durations bucketed from 1 ms to 10 s.
    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)
        ]
        self.factory = factory
    }

    /// Counts one answered request and its latency, by route template, method and status.
    func recordRequest(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status, duration: Duration) {
        let dimensions = [("route", route), ("method", method.rawValue), ("status", String(status.code))]
        Counter(label: "casebook_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(label: "casebook_http_request_duration_seconds", dimensions: dimensions, factory: factory).record(duration: duration)
        if route == "/api/v1/examples", method == .get, status == .ok {
            Counter(label: "casebook_searches_total", factory: factory).increment()
        }
        if route == "/api/v1/submissions", method == .post, status == .created {
            Counter(label: "casebook_submissions_total", factory: factory).increment()
        }
    }

    /// Sets the gauge of submissions waiting for a moderator.
    func recordQueueLength(_ length: Int) {
        Gauge(label: "casebook_moderation_queue_length", factory: factory).record(length)
    }

    /// Every metric in the Prometheus text exposition format.
    var exposition: String { registry.emitToString() }
}

/// Feeds `ServerMetrics` from every request, after problem+json has turned errors into responses.
struct RequestMetricsMiddleware: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, response.status, since: start)
            return response
        } catch {
            record(request, context, (error as? any HTTPResponseError)?.status ?? .internalServerError, since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: AppRequestContext, _ status: HTTPResponse.Status, since start: ContinuousClock.Instant) {
        // Unmatched paths share one label, so stray URLs cannot grow the registry without bound.
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method, status: status, duration: ContinuousClock.now - start)
    }
}
