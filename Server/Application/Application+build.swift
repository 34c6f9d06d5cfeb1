import CasebookKit
import Hummingbird
import Logging

/// What the server needs to start: where to listen, its limits and its library.
public protocol AppArguments: Sendable {
    var hostname: String { get }
    var port: Int { get }
    var limits: ServerLimits { get }
    var logLevel: Logger.Level { get }
    /// Opens the library the server serves.
    func openDatabase() throws -> AppDatabase
}

/// Builds the Casebook HTTP application: `casebook serve` runs it, tests drive it without a socket.
public func buildApplication(_ arguments: some AppArguments) throws -> some ApplicationProtocol {
    var logger = Logger(label: "casebook")
    logger.logLevel = arguments.logLevel
    let router = try buildRouter(database: arguments.openDatabase(), limits: arguments.limits)
    return Application(
        router: router,
        configuration: .init(address: .hostname(arguments.hostname, port: arguments.port), serverName: "Casebook"),
        logger: logger)
}

/// The router with every route of contract section 4 behind logging, problem+json errors and the body limit.
public func buildRouter(database: AppDatabase, limits: ServerLimits) throws -> Router<AppRequestContext> {
    let document = try APIDocument.shipped()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware(routes: document.routes))
    router.add(middleware: BodyLimitMiddleware(maxBytes: limits.maxBodyBytes))
    let access = AccessControl(database: database)
    router.addRoutes(ServiceController(document: document).endpoints)
    router.addRoutes(ReferenceController(reference: database.reference).endpoints, atPath: "/api/v1")
    router.addRoutes(ExampleController(database: database, access: access, limits: limits).endpoints, atPath: "/api/v1/examples")
    router.addRoutes(SubmissionController(database: database, access: access, limits: limits).endpoints, atPath: "/api/v1/submissions")
    router.addRoutes(ModerationController(database: database, access: access).endpoints, atPath: "/api/v1/moderation")
    router.addRoutes(StatsController(database: database).endpoints, atPath: "/api/v1/stats")
    router.addRoutes(FeedController(database: database).endpoints)
    return router
}
