import CasebookKit
import Hummingbird

/// Public statistics: how published examples cover the foundations × ambitions grid.
struct StatsController {
    let database: AppDatabase

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("coverage", use: coverage)
    }

    /// `GET /api/v1/stats/coverage`: `{"coverage": {FOUNDATION: {AMBITION: n}}}`.
    @Sendable func coverage(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [String: [String: Int]]]> {
        JSONReply(["coverage": try await database.stats().coverage])
    }
}
