import CasebookKit
import Foundation
import Hummingbird
import HummingbirdAuth
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
    /// The folder of the server's resources (templates, stylesheet, OpenAPI document); nil for the shipped one.
    var resourceFolder: URL? { get }
    /// Whether every cookie is marked Secure (`--secure-cookies`), for a server behind an HTTPS proxy.
    var secureCookies: Bool { get }
    /// The relay the outbox is delivered to; nil (no `--smtp-host`) leaves messages waiting in the outbox.
    var mail: MailSettings? { get }
}

extension AppArguments {
    /// Every 30 seconds, unless the arguments say otherwise.
    public var checkpointInterval: Duration { .seconds(30) }
    /// The shipped resources, unless the arguments say otherwise.
    public var resourceFolder: URL? { nil }
    /// Cookies are Secure only over HTTPS, unless the arguments say otherwise.
    public var secureCookies: Bool { false }
    /// No relay, unless the arguments say otherwise.
    public var mail: MailSettings? { nil }
}

/// Builds the Casebook HTTP application: `casebook serve` runs it, tests drive it without a socket.
/// `HEAD` is answered as `GET` without a body (`HeadResponder`), idle connections are closed after
/// `--idle-timeout`, and at most `--max-connections` are open at once.
public func buildApplication(_ arguments: some AppArguments) throws -> some ApplicationProtocol {
    var logger = Logger(label: "casebook")
    logger.logLevel = arguments.logLevel
    let resources = try ServerResources.locate(arguments.resourceFolder)
    let database = try arguments.openDatabase()
    // Moderators' sessions live in memory by default; any other persist driver (shared by several replicas) fits here.
    let sessionStore = MemoryPersistDriver()
    let router = try buildRouter(
        database: database, limits: arguments.limits, resources: resources,
        sessionStore: sessionStore, secureCookies: arguments.secureCookies)
    let limits = arguments.limits
    return Application(
        responder: HeadResponder(inner: router.buildResponder()),
        server: .http1(configuration: .init(idleTimeout: TimeAmount(limits.idleTimeout))),
        configuration: .init(
            address: .hostname(arguments.hostname, port: arguments.port), serverName: "Casebook",
            availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
        services: backgroundServices(arguments, database: database, logger: logger) + [sessionStore],
        logger: logger)
}

/// The checkpoints (unless turned off), and the mail sender with the writer of due reminders and digests (when there is a relay).
private func backgroundServices(_ arguments: some AppArguments, database: AppDatabase, logger: Logger) -> [any Service] {
    var services: [any Service] = []
    if arguments.checkpointInterval > .zero {
        services.append(CheckpointService(database: database, interval: arguments.checkpointInterval, logger: logger))
    }
    if let mail = arguments.mail {
        services.append(MailSenderService(sender: MailSender(database: database, settings: mail, logger: logger)))
        services.append(MailScheduleService(database: database, interval: mail.scheduleInterval, logger: logger))
    }
    return services
}

/// The router: every route of contract section 4 and the web pages, behind the same middleware, in
/// this order: logging and metrics, errors (problem+json for the API, HTML pages for
/// the web), storage failures as 503, and the body limit. Every route reads its body under that limit
/// (`Request.body(context:)`), and each rate limit is one per client, shared by the API and the pages.
/// Metrics go to `metrics`, a registry of this router's own. A resource missing from `resources` (by default
/// the shipped folder) is a `ServerResourceError` naming it, a missing export template an `ExportTemplateError`. The API's routes authenticate by bearer token
/// only; the pages by a moderator's session, kept in `sessionStore` (in memory when nil).
public func buildRouter(
    database: AppDatabase, limits: ServerLimits, metrics: ServerMetrics = ServerMetrics(),
    resources: ServerResources? = nil, sessionStore: (any PersistDriver)? = nil,
    secureCookies: Bool = false
) throws -> Router<AppRequestContext> {
    let resources = try resources ?? ServerResources.locate()
    let document = try APIDocument.shipped(resources)
    var web = WebFront(database: database, renderer: try PageRenderer.shipped(resources), guardian: FormGuard())
    // The collection downloads render through CasebookKit's templates: without them the server does not start.
    _ = try ExportTemplates.shipped()
    web.secureCookies = secureCookies
    let rates = RateLimits(limits)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: ProblemMiddleware(routes: document.routes, bodyLimit: limits.maxBodyBytes))
    router.add(middleware: PageErrorMiddleware(web: web, apiRoutes: document.routes, bodyLimit: limits.maxBodyBytes))
    router.add(middleware: StorageFailureMiddleware())
    router.add(middleware: BodyLimitMiddleware(maxBytes: limits.maxBodyBytes))
    let sessions = WebSessions(store: sessionStore ?? MemoryPersistDriver(), secureCookies: secureCookies, lifetime: web.sessionLifetime)
    router.addWebPages(web, limits: limits, rates: rates, sessions: sessions)
    router.addRoutes(ServiceController(document: document).endpoints)
    router.addRoutes(OperationsController(database: database, metrics: metrics).endpoints)
    let api = router.group("/api/v1").add(middleware: BearerTokenAuthenticator(database: database))
    api.addRoutes(ReferenceController(reference: database.reference).endpoints)
    api.addRoutes(ExampleController(database: database, limits: limits, rates: rates).endpoints, atPath: "examples")
    api.addRoutes(SubmissionController(database: database, rates: rates).endpoints, atPath: "submissions")
    api.addRoutes(ModerationController(database: database).endpoints, atPath: "moderation")
    api.addRoutes(StatsController(database: database).endpoints, atPath: "stats")
    api.addRoutes(CollectionController(database: database).endpoints, atPath: "collections")
    api.addRoutes(AlertController(database: database, rates: rates).endpoints, atPath: "alerts")
    api.addRoutes(GuideController(database: database, rates: rates).endpoints, atPath: "guides")
    router.addRoutes(FeedController(database: database).endpoints)
    return router
}
