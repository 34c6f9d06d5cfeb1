import CasebookKit
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// What the server needs to start: where to listen, its limits and its library.
public protocol AppArguments: Sendable {
    var hostname: String { get }
    var port: Int { get }
    var limits: ServerLimits { get }
    var logLevel: Logger.Level { get }
    /// Opens the library the server serves.
    func openDatabase() throws -> AppDatabase
    /// How often the write-ahead log is checkpointed; zero turns the background checkpoints off.
    var checkpointInterval: Duration { get }
    /// The relay the outbox is delivered to; nil (no `--smtp-host`) leaves messages waiting in the outbox.
    var mail: MailSettings? { get }
}

extension AppArguments {
    /// Every 30 seconds, unless the arguments say otherwise.
    public var checkpointInterval: Duration { .seconds(30) }
    /// No relay, unless the arguments say otherwise.
    public var mail: MailSettings? { nil }
}

/// Builds the Casebook HTTP application: `casebook serve` runs it, tests drive it without a socket.
/// `HEAD` is answered as `GET` without a body (`HeadResponder`), idle connections are closed after
/// `--idle-timeout`, and at most `--max-connections` are open at once.
public func buildApplication(_ arguments: some AppArguments) throws -> some ApplicationProtocol {
    var logger = Logger(label: "casebook")
    logger.logLevel = arguments.logLevel
    let database = try arguments.openDatabase()
    let router = try buildRouter(database: database, limits: arguments.limits)
    let limits = arguments.limits
    return Application(
        responder: HeadResponder(inner: router.buildResponder()),
        server: .http1(configuration: .init(idleTimeout: TimeAmount(limits.idleTimeout))),
        configuration: .init(address: .hostname(arguments.hostname, port: arguments.port), serverName: "Casebook",
                             availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
        services: backgroundServices(arguments, database: database, logger: logger),
        logger: logger)
}

/// The checkpoints (unless turned off) and the mail sender (when there is a relay).
private func backgroundServices(_ arguments: some AppArguments, database: AppDatabase, logger: Logger) -> [any Service] {
    var services: [any Service] = []
    if arguments.checkpointInterval > .zero {
        services.append(CheckpointService(database: database, interval: arguments.checkpointInterval, logger: logger))
    }
    if let mail = arguments.mail {
        services.append(MailSenderService(sender: MailSender(database: database, settings: mail, logger: logger)))
    }
    return services
}

/// The router: every route of contract section 4 and the web pages, behind the same middleware, in
/// this order: logging and metrics, errors (problem+json for the API, HTML pages for
/// the web), storage failures as 503, and the body limit. Every route reads its body under that limit
/// (`Request.body(context:)`), and each rate limit is one per client, shared by the API and the pages.
/// Metrics go to `metrics`, a registry of this router's own.
public func buildRouter(database: AppDatabase, limits: ServerLimits, metrics: ServerMetrics = ServerMetrics()) throws -> Router<AppRequestContext> {
    let document = try APIDocument.shipped()
    let web = WebFront(database: database, renderer: try PageRenderer.shipped(), sessions: ModeratorSessions(), guardian: FormGuard())
    let rates = RateLimits(limits)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: ProblemMiddleware(routes: document.routes, bodyLimit: limits.maxBodyBytes))
    router.add(middleware: PageErrorMiddleware(web: web, apiRoutes: document.routes, bodyLimit: limits.maxBodyBytes))
    router.add(middleware: StorageFailureMiddleware())
    router.add(middleware: BodyLimitMiddleware(maxBytes: limits.maxBodyBytes))
    router.addWebPages(web, limits: limits, rates: rates)
    let access = AccessControl(database: database)
    router.addRoutes(ServiceController(document: document).endpoints)
    router.addRoutes(OperationsController(database: database, metrics: metrics).endpoints)
    router.addRoutes(ReferenceController(reference: database.reference).endpoints, atPath: "/api/v1")
    router.addRoutes(ExampleController(database: database, access: access, limits: limits, rates: rates).endpoints, atPath: "/api/v1/examples")
    router.addRoutes(SubmissionController(database: database, access: access, rates: rates).endpoints, atPath: "/api/v1/submissions")
    router.addRoutes(ModerationController(database: database, access: access).endpoints, atPath: "/api/v1/moderation")
    router.addRoutes(StatsController(database: database).endpoints, atPath: "/api/v1/stats")
    router.addRoutes(CollectionController(database: database, access: access).endpoints, atPath: "/api/v1/collections")
    router.addRoutes(FeedController(database: database).endpoints)
    return router
}
