import CasebookKit
import Foundation
import Hummingbird

/// The moderators' routes: the queue, and decisions on submissions.
struct ModerationController {
    let database: AppDatabase

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("queue", use: queue)
            .post(":id/decision", use: decide)
            .put(":id/example", use: edit)
            .post("adoptions/:id/decision", use: decideAdoption)
    }

    /// `POST /api/v1/moderation/adoptions/{id}/decision`: approve, reject or withdraw an adoption report,
    /// with the same body as a decision on an example.
    @Sendable func decideAdoption(_ request: Request, context: AppRequestContext) async throws -> JSONReply<AdoptionView> {
        let moderator = try context.requireModerator(request)
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw Problem.notFound("there is no adoption report with that id") }
        let decision = try ModerationDecision(json: try await request.jsonBody(context: context))
        let stored = try await database.decideAdoption(
            id, action: decision.action, note: decision.note, actor: moderator.name, acknowledgeFlags: decision.acknowledgeFlags)
        return JSONReply(AdoptionView(stored))
    }

    /// `GET /api/v1/moderation/queue?section=&limit=&offset=`: one section, oldest first, with every
    /// section's count; without a section, waiting submissions (`all=true` adds the other sections).
    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> JSONReply<QueuePage> {
        _ = try context.requireModerator(request)
        let parameters = try QueryParameters(request.uri.query)
        let limit = try parameters.integer("limit", in: 1...100, default: 20)
        let offset = try parameters.integer("offset", in: 0...1_000_000, default: 0)
        guard let named = try parameters.single("section") else {
            let all = try parameters.boolean("all")
            let items = try await database.moderationQueue(all: all)
            var page = try await database.moderationQueue(section: .new, limit: 1, offset: 0)
            (page.total, page.items) = (items.count, items)
            return JSONReply(page)
        }
        guard let section = QueueSection(rawValue: named) else {
            throw Problem.badParameter(.notOneOf("section", nil, allowed: QueueSection.allCases.map(\.rawValue)))
        }
        return JSONReply(try await database.moderationQueue(section: section, limit: limit, offset: offset))
    }

    /// `PUT /api/v1/moderation/{id}/example`: a moderator's edit of the text (to redact an identifier);
    /// the earlier text is kept as a version and screening runs again.
    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> JSONReply<SubmissionView> {
        let moderator = try context.requireModerator(request)
        let id = try context.parameters.require("id")
        let example = try decodeExample(try await request.jsonBody(context: context), reference: database.reference)
        return JSONReply(try await database.submissionView(database.moderatorEdit(ExampleReference(id), with: example, actor: moderator.name)))
    }

    /// `POST /api/v1/moderation/{id}/decision`: approve, reject, request changes or withdraw, with a note.
    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> JSONReply<SubmissionView> {
        let moderator = try context.requireModerator(request)
        let id = try context.parameters.require("id")
        let decision = try ModerationDecision(json: try await request.jsonBody(context: context))
        let stored = try await database.decide(
            ExampleReference(id), action: decision.action, note: decision.note, actor: moderator.name,
            acknowledgeFlags: decision.acknowledgeFlags)
        return JSONReply(try await database.submissionView(stored))
    }
}

/// A moderator's decision as sent to the API: `{"action": …, "note": …, "acknowledge_flags": …}`.
struct ModerationDecision {
    var action: ModerationAction
    var note: String?
    var acknowledgeFlags: Bool

    /// Reads a decision body: 400 when it is not a JSON object, 422 naming each bad field (the note is
    /// at most `AppDatabase.maxNoteLength` characters).
    init(json data: Data) throws {
        var fields = try ObjectFields.reading(data, expecting: "action and note")
        fields.rejectUnknown(allowed: ["action", "note", "acknowledge_flags"])
        let action = fields.oneOf("action", ModerationAction.decisions)
        let note = fields.string("note", maxLength: AppDatabase.maxNoteLength)
        let acknowledge = fields.boolean("acknowledge_flags")
        guard fields.errors.isEmpty, let action else { throw Problem.invalid(fields.errors) }
        (self.action, self.note, self.acknowledgeFlags) = (action, note, acknowledge ?? false)
    }
}
