import CasebookKit
import Foundation
import Hummingbird

/// The moderators' routes: the queue, and decisions on submissions.
struct ModerationController {
    let database: AppDatabase
    let access: AccessControl

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("queue", use: queue)
            .post(":id/decision", use: decide)
    }

    /// `GET /api/v1/moderation/queue[?all=true]`: waiting submissions with screening flags, oldest first.
    @Sendable func queue(_ request: Request, context: AppRequestContext) throws -> JSONReply<[String: [QueueItem]]> {
        _ = try access.moderator(request)
        let all = try QueryParameters(request.uri.query).boolean("all")
        return JSONReply(["items": try database.moderationQueue(all: all)])
    }

    /// `POST /api/v1/moderation/{id}/decision`: approve, reject, request changes or withdraw, with a note.
    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> JSONReply<SubmissionView> {
        let moderator = try access.moderator(request)
        let id = try context.parameters.require("id")
        let decision = try ModerationDecision(json: try await request.jsonBody(context: context))
        let stored = try database.decide(ExampleReference(id), action: decision.action, note: decision.note, actor: moderator.name)
        return JSONReply(try database.submissionView(stored))
    }
}

/// A moderator's decision as sent to the API: `{"action": …, "note": …}`.
struct ModerationDecision {
    var action: ModerationAction
    var note: String?

    /// Reads a decision body: 400 when it is not a JSON object, 422 naming each bad field (the note is
    /// at most `AppDatabase.maxNoteLength` characters).
    init(json data: Data) throws {
        var fields = try ObjectFields.reading(data, expecting: "action and note")
        fields.rejectUnknown(allowed: ["action", "note"])
        let action = fields.oneOf("action", ModerationAction.decisions)
        let note = fields.string("note", maxLength: AppDatabase.maxNoteLength)
        guard fields.errors.isEmpty, let action else { throw Problem.invalid(fields.errors) }
        (self.action, self.note) = (action, note)
    }
}
