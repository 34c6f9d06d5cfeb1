import CasebookKit
import Hummingbird

/// Public statistics: how published examples cover the foundations × ambitions grid.
struct StatsController {
    let database: AppDatabase

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("coverage", use: coverage)
    }

    /// The coverage document: the grid and its totals.
    struct Coverage: Encodable {
        var coverage: [String: [String: Int]]
        var totals: CoverageTotals
    }

    /// `GET /api/v1/stats/coverage[?region=…&organisation_type=…]`: `{"coverage": {FOUNDATION: {AMBITION: n}}, "totals": {…}}`
    /// over the published examples of those regions and organisation types.
    @Sendable func coverage(_ request: Request, context: AppRequestContext) async throws -> JSONReply<Coverage> {
        let filter = try SearchParameters.coverageFilter(try QueryParameters(request.uri.query))
        let stats = try await database.stats(filter)
        return JSONReply(Coverage(coverage: stats.coverage, totals: stats.coverageTotals))
    }
}
