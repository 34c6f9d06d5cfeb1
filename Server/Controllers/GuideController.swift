import CasebookKit
import Foundation
import Hummingbird

/// Local guides (contract section 6): anyone makes one; after that only its two links reach it, the edit
/// token for reading and writing and the share token for reading. No moderator token opens a guide, there is
/// no listing, and every answer is marked `noindex` and not to be cached.
struct GuideController {
    let database: AppDatabase
    let rates: RateLimits

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self).add(middleware: PrivateResponseMiddleware())
        routes.get(":id", use: show)
            .put(":id", use: update)
            .delete(":id", use: delete)
            .get(":id/editions", use: editions)
            .post(":id/editions", use: saveEdition)
            .get(":id/compare", use: compare)
            .get(":id/gaps", use: gaps)
            .get(":id/export", use: export)
            .post(":id/share-token", use: renewShareToken)
        routes.group().add(middleware: rates.submit)
            .post(use: create)
        return routes
    }

    /// `POST /api/v1/guides`: a new guide; 201 with its id, uid and its two tokens, shown this once.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> JSONReply<GuideCreated> {
        let content = try decodeGuide(try await request.jsonBody(context: context), reference: database.reference)
        let created = try await database.createGuide(content)
        return JSONReply(status: .created, headers: [.location: "/api/v1/guides/\(created.id)"], created)
    }

    /// `GET /api/v1/guides/{id}[?edition=N]`: the guide document with output fields, or one saved edition.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONReply<GuideView> {
        let guide = try await guide(request, context: context, toWrite: false)
        let edition = try QueryParameters(request.uri.query).optionalInteger("edition", in: 1...Int(Int32.max))
        return JSONReply(try await database.guideView(guide, edition: edition))
    }

    /// `PUT /api/v1/guides/{id}`: replaces the content; saved editions stay as they were.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> JSONReply<GuideView> {
        let guide = try await guide(request, context: context, toWrite: true)
        let content = try decodeGuide(try await request.jsonBody(context: context), reference: database.reference)
        return JSONReply(try await database.guideView(database.updateGuide(guide.id, with: content)))
    }

    /// `DELETE /api/v1/guides/{id}`: deletes the guide and its editions; 204.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let guide = try await guide(request, context: context, toWrite: true)
        try await database.deleteGuide(guide.id)
        return Response(status: .noContent)
    }

    /// `GET /api/v1/guides/{id}/editions`: the saved editions, oldest first.
    @Sendable func editions(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [GuideEditionEntry]]> {
        let guide = try await guide(request, context: context, toWrite: false)
        return JSONReply(["editions": try await database.guideEditions(guide.id)])
    }

    /// `POST /api/v1/guides/{id}/editions`: saves the current content as the next edition, with an optional
    /// `{"label": …}`; 201 with its number and date.
    @Sendable func saveEdition(_ request: Request, context: AppRequestContext) async throws -> JSONReply<GuideEditionEntry> {
        let guide = try await guide(request, context: context, toWrite: true)
        let label = try await EditionBody(request, context: context).label
        let entry = try await database.saveGuideEdition(guide.id, label: label)
        return JSONReply(status: .created, headers: [.location: "/api/v1/guides/\(guide.id)?edition=\(entry.number)"], entry)
    }

    /// `GET /api/v1/guides/{id}/compare?from=N&to=M|current`: as `guide compare --format json`.
    @Sendable func compare(_ request: Request, context: AppRequestContext) async throws -> JSONReply<GuideComparison> {
        let guide = try await guide(request, context: context, toWrite: false)
        let query = try QueryParameters(request.uri.query)
        let from = try query.optionalInteger("from", in: 1...Int(Int32.max))
        let toCurrent = try query.single("to") == "current"
        let to = toCurrent ? nil : try query.optionalInteger("to", in: 1...Int(Int32.max))
        return JSONReply(try await database.compareGuide(guide, from: from, to: to, toCurrent: toCurrent))
    }

    /// `GET /api/v1/guides/{id}/gaps`: as `guide gaps --format json`.
    @Sendable func gaps(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [GuideGap]]> {
        let guide = try await guide(request, context: context, toWrite: false)
        return JSONReply(["gaps": try await database.guideGaps(guide)])
    }

    /// `GET /api/v1/guides/{id}/export?format=html|markdown|json|docx[&edition=N][&all_foundations=true]`.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let guide = try await guide(request, context: context, toWrite: false)
        let query = try QueryParameters(request.uri.query)
        let export = try GuideExportRequest(query)
        let view = try await database.guideView(guide, edition: try query.optionalInteger("edition", in: 1...Int(Int32.max)))
        return try export.response(view)
    }

    /// `POST /api/v1/guides/{id}/share-token`: a new share token, so the old read-only link stops working.
    @Sendable func renewShareToken(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: String]> {
        let guide = try await guide(request, context: context, toWrite: true)
        return JSONReply(["share_token": try await database.renewGuideShareToken(guide.id)])
    }

    /// The guide the path names, when the bearer token is one of its own: 401 without a token or with one no
    /// guide holds, 403 with another guide's token (or a moderator's), and 403 with the share token on a write.
    private func guide(_ request: Request, context: AppRequestContext, toWrite: Bool) async throws -> StoredGuide {
        let id = try context.parameters.require("id")
        guard let token = request.headers.bearer?.token else {
            throw Problem.unauthorized("send Authorization: Bearer with the guide's edit token or share token")
        }
        guard (1...200).contains(token.count), let access = try await database.guideAccess(token: token) else {
            guard context.identity == nil else { throw Problem.forbidden("a guide opens only with its own edit token or share token") }
            throw Problem.unauthorized("the token is not valid")
        }
        guard let guide = try await database.guide(id), guide.id == access.id else {
            throw Problem.forbidden("a guide's token opens that guide only")
        }
        if toWrite && access.access != .edit { throw Problem.forbidden("the share token only reads the guide; changing it needs the edit token") }
        return guide
    }
}

/// `{"label": …}`, or no body at all.
private struct EditionBody {
    var label: String?

    init(_ request: Request, context: AppRequestContext) async throws {
        let body = try await request.body(context: context)
        guard body.readableBytes > 0 else { return }
        guard let type = request.headers[.contentType].flatMap(MediaType.init(from:)), type.isType(.applicationJson) else {
            throw Problem.unsupportedMediaType
        }
        var fields = try ObjectFields.reading(Data(body.readableBytesView), expecting: "an optional label")
        fields.rejectUnknown(allowed: ["label"])
        let label = fields.string("label")
        if fields.members["label"] == .null { fields.fail(.type("label", expected: "a string")) }
        if let label, label.count > 200 { fields.fail(.length("label", 0...200)) }
        guard fields.errors.isEmpty else { throw Problem.invalid(fields.errors) }
        self.label = label
    }
}
