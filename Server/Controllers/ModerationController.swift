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
    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [QueueItem]]> {
        _ = try await access.moderator(request)
        let all = try QueryParameters(request.uri.query).boolean("all")
        return JSONReply(["items": try await database.moderationQueue(all: all)])
    }

    /// `POST /api/v1/moderation/{id}/decision`: approve, reject, request changes or withdraw, with a note.
    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> JSONReply<SubmissionView> {
        let moderator = try await access.moderator(request)
        let id = try context.parameters.require("id")
        let decision = try ModerationDecision(json: try await request.jsonBody(context: context))
        let stored = try await database.decide(ExampleReference(id), action: decision.action, note: decision.note, actor: moderator.name)
        return JSONReply(try await database.submissionView(stored))
    }
}

/// A moderator's decision as sent to the API: `{"action": …, "note": …}`.
struct ModerationDecision {
    var action: ModerationAction
    var note: String?

    /// Reads a decision body: 400 when it is not a JSON object, 422 naming each bad field.
    init(json data: Data) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? [String: Any] else {
            throw Problem.malformedBody("must be a JSON object with action and note")
        }
        var errors = object.keys.sorted().filter { $0 != "action" && $0 != "note" }.map { FieldError(field: $0, message: "is not a known field") }
        let action = (object["action"] as? String).flatMap(ModerationAction.init(rawValue:)).flatMap { ModerationAction.decisions.contains($0) ? $0 : nil }
        if action == nil {
            errors.append(FieldError(field: "action", message: "must be one of: " + ModerationAction.decisions.map(\.rawValue).joined(separator: ", ")))
        }
        let note = object["note"] as? String
        if let value = object["note"], !(value is NSNull), note == nil {
            errors.append(FieldError(field: "note", message: "must be a string"))
        }
        guard errors.isEmpty, let action else { throw Problem.invalid(errors) }
        (self.action, self.note) = (action, note)
    }
}
