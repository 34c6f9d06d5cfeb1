import CasebookKit
import Foundation
import Hummingbird

/// Collections: anyone reads published ones and their exports; moderators see drafts, curate and publish.
struct CollectionController {
    let database: AppDatabase

    /// The export formats served over HTTP (a `site` is a folder, made with the command line).
    static let formats: [ExportFormat] = [.html, .docx, .markdown, .json, .csv]

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
    /// Anonymous readers see what the public pages show (`CollectionView`).
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONReply<[String: [CollectionView]]> {
        let moderator = try context.isModerator(request)
        let visible = try await database.collections().filter { moderator || $0.status == .published }
        return JSONReply(["collections": visible.map { CollectionView(collection: $0, forModerator: moderator) }])
    }

    /// `GET /api/v1/collections/{slug}`: one collection; a draft only for a moderator, and for anyone
    /// else only its published members, without moderators' names.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONReply<CollectionView> {
        let collection = try await visibleCollection(request, context: context)
        return JSONReply(CollectionView(collection: collection, forModerator: try context.isModerator(request)))
    }

    /// `POST /api/v1/collections`: a new draft collection.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> JSONReply<ExampleCollection> {
        let curator = try context.requireModerator(request)
        let body = try CollectionBody(json: try await request.jsonBody(context: context))
        let collection = try await database.createCollection(slug: body.slug, draft: body.draft, actor: curator.name)
        return JSONReply(status: .created, collection)
    }

    /// `PUT /api/v1/collections/{slug}/items`: `{"items": [id or uid, …]}` replaces the examples, in order.
    @Sendable func replaceItems(_ request: Request, context: AppRequestContext) async throws -> JSONReply<ExampleCollection> {
        let curator = try context.requireModerator(request)
        let slug = try context.parameters.require("slug")
        let items = try ItemsBody(json: try await request.jsonBody(context: context)).references
        return JSONReply(try await database.replaceCollectionItems(slug, examples: items, actor: curator.name))
    }

    /// `POST /api/v1/collections/{slug}/publish`: publishes the collection (again: a new edition).
    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> JSONReply<ExampleCollection> {
        let curator = try context.requireModerator(request)
        return JSONReply(try await database.publishCollection(try context.parameters.require("slug"), actor: curator.name))
    }

    /// `GET /api/v1/collections/{slug}/export?format=…&form=…`: the exported document with its own content type;
    /// without a moderator's token, nothing about members that are no longer published.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let collection = try await visibleCollection(request, context: context)
        let query = try QueryParameters(request.uri.query)
        let name = try query.single("format") ?? "html"
        guard let format = ExportFormat(rawValue: name), Self.formats.contains(format) else {
            throw Problem.badParameter(.notOneOf("format", nil, allowed: Self.formats.map(\.rawValue)))
        }
        let formName = try query.single("form") ?? ExportForm.full.rawValue
        guard let form = ExportForm(rawValue: formName) else {
            throw Problem.badParameter(.notOneOf("form", formName, allowed: ExportForm.allCases.map(\.rawValue)))
        }
        var document = try await database.exportDocument(slug: collection.slug)
        document.form = form
        // The note on members that dropped out (withdrawn, by id) is for moderators; others see what the pages show.
        if try !context.isModerator(request) { document.dropped = [] }
        guard case .file(let data, let contentType) = try format.renderer.render(document) else {
            throw Problem.badParameter(FieldError(field: "format", .rule("\(name) is not a single document")))
        }
        let filename = "\(collection.slug).\(format == .markdown ? "md" : format.rawValue)"
        return Response(
            status: .ok, headers: [.contentType: contentType, .contentDisposition: "inline; filename=\"\(filename)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func visibleCollection(_ request: Request, context: AppRequestContext) async throws -> ExampleCollection {
        let slug = try context.parameters.require("slug")
        let missing = Problem.notFound("collection '\(slug)' was not found")
        let collection: ExampleCollection
        do { collection = try await database.requireCollection(slug) } catch LibraryError.notFound { throw missing }
        if collection.status == .published { return collection }
        guard try context.isModerator(request) else { throw missing }
        return collection
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
        var fields = try ObjectFields.reading(data, expecting: "slug and title")
        fields.rejectUnknown(allowed: Self.fields)
        // Only the contact block may be null; every other field is text when present.
        if fields.members["slug"] == .null { fields.fail(.type("slug", expected: "a string")) }
        let slug = fields.string("slug") ?? ""
        let title = fields.string("title") ?? "", description = fields.string("description") ?? ""
        let introduction = fields.string("introduction") ?? "", contact = fields.string("contact")
        for name in ["title", "description", "introduction"] where fields.members[name] == .null {
            fields.fail(.type(name, expected: "a string"))
        }
        guard fields.errors.isEmpty else { throw Problem.invalid(fields.errors) }
        (self.slug, self.draft) = (slug, CollectionDraft(title: title, description: description, introduction: introduction, contact: contact))
    }
}

/// `{"items": [id or uid, …]}`.
struct ItemsBody {
    var references: [ExampleReference]

    /// The largest id JSON numbers carry exactly (2^53 − 1).
    static let largestID = 9_007_199_254_740_991.0
    nonisolated(unsafe) static let uidPattern = /[0-9A-Fa-f-]{1,64}/

    init(json data: Data) throws {
        var fields = try ObjectFields.reading(data, expecting: "items")
        fields.rejectUnknown(allowed: ["items"])
        let items = fields.requiredArray("items", "a list of example ids or uids") ?? []
        let references = items.enumerated().compactMap { index, item -> ExampleReference? in
            switch item {
            case .number(let number) where number.rounded() == number && (1...Self.largestID).contains(number):
                return .id(Int64(number))
            case .string(let text) where text.wholeMatch(of: Self.uidPattern) != nil:
                return ExampleReference(text)
            default:
                fields.fail(.format("items[\(index)]", nil, .exampleReference))
                return nil
            }
        }
        if references.count > 1_000 { fields.fail(.length("items", 0...1_000, entries: "examples")) }
        guard fields.errors.isEmpty else { throw Problem.invalid(fields.errors) }
        self.references = references
    }
}

extension ObjectFields {
    /// The fields of a request body: 400 (problem+json) when it is not JSON, or not an object.
    static func reading(_ data: Data, expecting: String) throws -> ObjectFields {
        do throws(FieldError) {
            return try ObjectFields(json: data, expecting: expecting)
        } catch {
            throw Problem.malformedBody(error.kind == .type ? "must be a JSON object with \(expecting)" : error.message)
        }
    }
}
