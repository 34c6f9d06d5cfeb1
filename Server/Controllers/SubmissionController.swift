import CasebookKit
import Hummingbird

/// Public submissions, and the submitter's view and revision of their own.
struct SubmissionController {
    let database: AppDatabase
    let rates: RateLimits

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
            .get(":id", use: show)
            .get(":id/versions", use: versions)
            .put(":id", use: revise)
        routes.group().add(middleware: rates.submit)
            .post(use: submit)
        return routes
    }

    /// `POST /api/v1/submissions`: a new submission; uid, status and dates in the body are ignored, and
    /// `submitter_email` is kept only for mail.
    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> JSONReply<SubmissionReceipt> {
        let input = try decodeSubmission(try await request.jsonBody(context: context), reference: database.reference)
        let receipt = try await database.submit(input.example, submitterEmail: input.submitterEmail)
        return JSONReply(status: .created, headers: [.location: "/api/v1/submissions/\(receipt.id)"], receipt)
    }

    /// `GET /api/v1/submissions/{id}`: for its submitter or a moderator.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONReply<SubmissionView> {
        let stored = try await submission(context.parameters.require("id"), for: try context.requireCaller(request))
        return JSONReply(try await database.submissionView(stored))
    }

    /// `GET /api/v1/submissions/{id}/versions`: every version of the text, oldest first, for its
    /// submitter or a moderator; who made each is told by its action, never by a moderator's name.
    @Sendable func versions(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [VersionView]]> {
        let stored = try await submission(context.parameters.require("id"), for: try context.requireCaller(request))
        return JSONReply(["versions": try database.versions(.id(stored.id)).map(VersionView.init)])
    }

    /// `PUT /api/v1/submissions/{id}`: the submitter's revision while changes are requested.
    @Sendable func revise(_ request: Request, context: AppRequestContext) async throws -> JSONReply<SubmissionView> {
        let caller = try context.requireCaller(request)
        guard case .submitter = caller else { throw Problem.forbidden("only the submitter, with the edit token, revises a submission") }
        let stored = try await submission(context.parameters.require("id"), for: caller)
        let example = try decodeExample(try await request.jsonBody(context: context), reference: database.reference)
        return JSONReply(try await database.submissionView(database.revise(.id(stored.id), with: example)))
    }

    /// The submission a caller asked for: any one for a moderator, only their own for a submitter.
    private func submission(_ id: String, for caller: Caller) async throws -> StoredExample {
        let stored = try await database.example(ExampleReference(id))
        switch caller {
        case .moderator:
            guard let stored else { throw Problem.notFound("there is no submission \(id)") }
            return stored
        case .submitter(let exampleID):
            guard let stored, stored.id == exampleID else { throw Problem.forbidden("an edit token only reaches its own submission") }
            return stored
        }
    }
}
