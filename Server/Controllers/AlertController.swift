import CasebookKit
import Hummingbird

/// Requests for email updates (contract section 9): the confirmation goes by mail, so the answer is the same
/// whoever the address belongs to and whether it asked before.
struct AlertController {
    let database: AppDatabase
    let rates: RateLimits

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.group().add(middleware: rates.message)
            .post(use: request)
        return routes
    }

    /// `POST /api/v1/alerts`: an address and any search filters; 202 once the confirmation mail is written.
    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: String]> {
        let alert = try decodeAlertRequest(try await request.jsonBody(context: context), reference: database.reference)
        try await database.requestAlert(alert)
        return JSONReply(status: .accepted, ["status": "confirmation-sent"])
    }
}
