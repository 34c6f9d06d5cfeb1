import CasebookKit
import Foundation
import Hummingbird

/// Collections: anyone reads published ones and their exports; moderators see drafts, curate and publish.
struct CollectionController {
    let database: AppDatabase
    let access: AccessControl

    /// The export formats served over HTTP (a `site` is a folder, made with the command line).
    static let formats: [ExportFormat] = [.html, .markdown, .json, .csv]

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: list)
            .post(use: create)
            .get(":slug", use: show)
            .put(":slug/items", use: replaceItems)
            .post(":slug/publish", use: publish)
            .get(":slug/export", use: export)
    }

    /// `GET /api/v1/collections`: published collections, or all of them for a moderator.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [ExampleCollection]]> {
        let everything = try await isModerator(request)
        return JSONReply(["collections": try await database.collections().filter { everything || $0.status == .published }])
    }

    /// `GET /api/v1/collections/{slug}`: one collection; a draft only for a moderator.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONReply<ExampleCollection> {
        JSONReply(try await visibleCollection(request, context: context))
    }

    /// `POST /api/v1/collections`: a new draft collection.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> JSONReply<ExampleCollection> {
        let curator = try await access.moderator(request)
        let body = try CollectionBody(json: try await request.jsonBody(context: context))
        let collection = try await database.createCollection(slug: body.slug, draft: body.draft, actor: curator.name)
        return JSONReply(status: .created, collection)
    }

    /// `PUT /api/v1/collections/{slug}/items`: `{"items": [id or uid, …]}` replaces the examples, in order.
    @Sendable func replaceItems(_ request: Request, context: AppRequestContext) async throws -> JSONReply<ExampleCollection> {
        let curator = try await access.moderator(request)
        let slug = try context.parameters.require("slug")
        let items = try ItemsBody(json: try await request.jsonBody(context: context)).references
        return JSONReply(try await database.replaceCollectionItems(slug, examples: items, actor: curator.name))
    }

    /// `POST /api/v1/collections/{slug}/publish`: publishes the collection (again: a new edition).
    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> JSONReply<ExampleCollection> {
        let curator = try await access.moderator(request)
        return JSONReply(try await database.publishCollection(try context.parameters.require("slug"), actor: curator.name))
    }

    /// `GET /api/v1/collections/{slug}/export?format=…`: the exported document with its own content type.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let collection = try await visibleCollection(request, context: context)
        let name = try QueryParameters(request.uri.query).single("format") ?? "html"
        guard let format = ExportFormat(rawValue: name), Self.formats.contains(format) else {
            throw Problem.badParameter("format", "must be one of: " + Self.formats.map(\.rawValue).joined(separator: ", "))
        }
        let document = try await database.exportDocument(slug: collection.slug)
        guard case .file(let data, let contentType) = try format.renderer.render(document) else {
            throw Problem.badParameter("format", "\(name) is not a single document")
        }
        let filename = "\(collection.slug).\(format == .markdown ? "md" : format.rawValue)"
        return Response(status: .ok, headers: [.contentType: contentType, .contentDisposition: "inline; filename=\"\(filename)\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func visibleCollection(_ request: Request, context: AppRequestContext) async throws -> ExampleCollection {
        let slug = try context.parameters.require("slug")
        let missing = Problem.notFound("collection '\(slug)' was not found")
        let collection: ExampleCollection
        do { collection = try await database.requireCollection(slug) } catch LibraryError.notFound { throw missing }
        if collection.status == .published { return collection }
        guard try await isModerator(request) else { throw missing }
        return collection
    }

    /// Whether the request carries a moderator's token; 401 for a token nobody holds.
    private func isModerator(_ request: Request) async throws -> Bool {
        guard AccessControl.bearerToken(request) != nil else { return false }
        if case .moderator = try await access.caller(request) { return true }
        return false
    }
}

/// A new collection as sent to the API.
struct CollectionBody {
    var slug: String
    var draft: CollectionDraft

    static let fields: Set<String> = ["slug", "title", "description", "introduction", "contact"]

    /// Reads the body: 400 when it is not a JSON object, 422 naming each bad field (the library
    /// checks the values themselves).
    init(json data: Data) throws {
        let object = try JSONObject(data, expecting: "slug and title")
        var errors = object.unknownFields(allowed: Self.fields)
        let text = { (name: String) -> String? in object.values[name] as? String }
        for name in Self.fields.sorted() where object.values[name] != nil && text(name) == nil {
            // Only the contact block may be null; every other field is text when present.
            if name == "contact", object.values[name] is NSNull { continue }
            errors.append(FieldError(field: name, message: "must be a string"))
        }
        let slug = text("slug") ?? ""
        let draft = CollectionDraft(title: text("title") ?? "", description: text("description") ?? "",
                                    introduction: text("introduction") ?? "", contact: text("contact"))
        guard errors.isEmpty else { throw Problem.invalid(errors) }
        (self.slug, self.draft) = (slug, draft)
    }
}

/// `{"items": [id or uid, …]}`.
struct ItemsBody {
    var references: [ExampleReference]

    /// The largest id JSON numbers carry exactly (2^53 − 1).
    static let largestID = 9_007_199_254_740_991.0
    nonisolated(unsafe) static let uidPattern = /[0-9A-Fa-f-]{1,64}/

    init(json data: Data) throws {
        let object = try JSONObject(data, expecting: "items")
        var errors = object.unknownFields(allowed: ["items"])
        let items = object.values["items"] as? [Any]
        if items == nil { errors.append(FieldError(field: "items", message: "is required: a list of example ids or uids")) }
        let references = (items ?? []).enumerated().compactMap { index, item -> ExampleReference? in
            if let number = item as? NSNumber, String(cString: number.objCType) != "c",
               number.doubleValue.rounded() == number.doubleValue, (1...Self.largestID).contains(number.doubleValue) {
                return .id(Int64(number.doubleValue))
            }
            if let text = item as? String, text.wholeMatch(of: Self.uidPattern) != nil { return ExampleReference(text) }
            errors.append(FieldError(field: "items[\(index)]", message: "must be an example id or uid"))
            return nil
        }
        if references.count > 1_000 { errors.append(FieldError(field: "items", message: "must list at most 1,000 examples")) }
        guard errors.isEmpty else { throw Problem.invalid(errors) }
        self.references = references
    }
}

/// A request body that must be one JSON object.
struct JSONObject {
    var values: [String: Any]

    init(_ data: Data, expecting fields: String) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? [String: Any] else {
            throw Problem.malformedBody("must be a JSON object with \(fields)")
        }
        values = object
    }

    func unknownFields(allowed: Set<String>) -> [FieldError] {
        values.keys.sorted().filter { !allowed.contains($0) }.map { FieldError(field: $0, message: "is not a known field") }
    }
}
