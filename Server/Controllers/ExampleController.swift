import CasebookKit
import Hummingbird

/// Published examples: search, one example, and (for moderators) its audit trail.
struct ExampleController {
    let database: AppDatabase
    let limits: ServerLimits
    let rates: RateLimits

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
            .get(":id", use: show)
            .get(":id/history", use: history)
            .get(":id/adoptions", use: adoptions)
            .get(":id/adoptions/:adoption", use: adoption)
        routes.group().add(middleware: rates.search)
            .get(use: search)
            .get(":id/similar", use: similar)
        routes.group().add(middleware: rates.submit)
            .post(":id/adoptions", use: reportAdoption)
        routes.group().add(middleware: rates.message)
            .post(":id/contact", use: contact)
        return routes
    }

    /// `GET /api/v1/examples/{id}/similar`: published examples like a published one, never itself.
    @Sendable func similar(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [SearchHit]]> {
        let id = try context.parameters.require("id")
        let limit = try QueryParameters(request.uri.query).integer("limit", in: 1...SearchQuery.maximumSimilar, default: 5)
        guard let hits = try await database.similarExamples(to: ExampleReference(id), limit: limit) else {
            throw Problem.notFound("there is no published example \(id)")
        }
        return JSONReply(["results": hits])
    }

    /// `GET /api/v1/examples`: the `search --format json` document.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> JSONReply<SearchResults> {
        let parameters = SearchParameters(parameters: try QueryParameters(request.uri.query), reference: database.reference, limits: limits)
        return JSONReply(try await database.search(try parameters.query(), timeLimit: limits.searchTimeLimit))
    }

    /// `GET /api/v1/examples/{id}`: one published example, without private contact details.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONReply<PublishedExample> {
        let id = try context.parameters.require("id")
        guard let stored = try await database.example(ExampleReference(id)), stored.status == .published else {
            throw Problem.notFound("there is no published example \(id)")
        }
        return JSONReply(PublishedExample(stored: stored, adoptions: try await database.publishedAdoptions(of: stored.id).map(\.publicView)))
    }

    /// `POST /api/v1/examples/{id}/contact`: a message relayed to a published example's contact, whose address
    /// stays unshown; refused when it holds a patient identifier, 409 when the example has no contact.
    @Sendable func contact(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: String]> {
        let id = try context.parameters.require("id")
        let message = try decodeContactMessage(try await request.jsonBody(context: context), reference: database.reference)
        guard let stored = try await database.example(ExampleReference(id)), stored.status == .published else {
            throw Problem.notFound("there is no published example \(id)")
        }
        do {
            try await database.relayContactMessage(message, toExample: stored.id)
        } catch LibraryError.notFound {
            throw Problem.notFound("there is no published example \(id)")
        }
        return JSONReply(status: .accepted, ["status": "queued"])
    }

    /// `POST /api/v1/examples/{id}/adoptions`: anyone reports trying a published example; the report waits
    /// for a moderator, screened like a submission.
    @Sendable func reportAdoption(_ request: Request, context: AppRequestContext) async throws -> JSONReply<AdoptionReceipt> {
        let id = try context.parameters.require("id")
        let report = try decodeAdoption(try await request.jsonBody(context: context), reference: database.reference)
        do {
            return JSONReply(status: .created, try await database.reportAdoption(report, about: ExampleReference(id)))
        } catch LibraryError.notFound {
            throw Problem.notFound("there is no published example \(id)")
        }
    }

    /// `GET /api/v1/examples/{id}/adoptions`: the published reports of a published example, oldest first.
    @Sendable func adoptions(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [PublicAdoption]]> {
        JSONReply(["adoptions": try await publishedAdoptions(context)])
    }

    /// `GET /api/v1/examples/{id}/adoptions/{adoption}`: one published report; 404 for one that is pending,
    /// rejected, withdrawn or about another example, revealing nothing of it.
    @Sendable func adoption(_ request: Request, context: AppRequestContext) async throws -> JSONReply<PublicAdoption> {
        let wanted = try context.parameters.require("adoption")
        guard let report = try await publishedAdoptions(context).first(where: { String($0.id) == wanted }) else {
            throw Problem.notFound("there is no published report \(wanted) about this example")
        }
        return JSONReply(report)
    }

    private func publishedAdoptions(_ context: AppRequestContext) async throws -> [PublicAdoption] {
        let id = try context.parameters.require("id")
        guard let stored = try await database.example(ExampleReference(id)), stored.status == .published else {
            throw Problem.notFound("there is no published example \(id)")
        }
        return try await database.publishedAdoptions(of: stored.id).map(\.publicView)
    }

    /// `GET /api/v1/examples/{id}/history`: the audit trail, for moderators.
    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [ModerationEvent]]> {
        _ = try context.requireModerator(request)
        let id = try context.parameters.require("id")
        return JSONReply(["events": try await database.history(ExampleReference(id))])
    }
}
