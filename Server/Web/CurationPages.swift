import CasebookKit
import Hummingbird

/// Moderators curating collections in the browser: create one, add and remove examples, publish.
struct CurationPages {
    let web: WebFront

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: list)
            .post(use: create)
            .get(":slug", use: show)
            .post(":slug/add", use: add)
            .post(":slug/remove", use: remove)
            .post(":slug/publish", use: publish)
    }

    /// `GET /moderate/collections`: every collection, drafts too, and the form for a new one.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        _ = try web.moderator(visitor)
        return try listPage(visitor: visitor, input: [:], errors: [])
    }

    /// `POST /moderate/collections`: a new draft collection.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        let curator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let input = Dictionary(uniqueKeysWithValues: ["slug", "title", "description", "introduction"].map { ($0, form.text($0) ?? "") })
        let draft = CollectionDraft(title: form.trimmed("title"), description: form.trimmed("description"), introduction: input["introduction"] ?? "")
        do {
            let made = try web.database.createCollection(slug: form.trimmed("slug"), draft: draft, actor: curator.name)
            return web.redirect("/moderate/collections/\(made.slug)", visitor: visitor)
        } catch let invalid as InvalidInput {
            return try listPage(visitor: visitor, input: input, errors: invalid.errors)
        } catch LibraryError.conflict(let message) {
            return try listPage(visitor: visitor, input: input, errors: [FieldError(field: "slug", message: message)])
        }
    }

    /// `GET /moderate/collections/{slug}`: one collection to curate.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        _ = try web.moderator(visitor)
        let notice = try QueryParameters(request.uri.query).single("published") == "1" ? "The collection is published." : nil
        return try curationPage(context: context, visitor: visitor, error: nil, notice: notice, typed: "")
    }

    /// `POST /moderate/collections/{slug}/add`: adds a published example by its number or uid.
    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        let curator = try web.moderator(visitor)
        let typed = try await web.form(request, context: context, visitor: visitor).trimmed("example")
        let slug = try context.parameters.require("slug")
        guard !typed.isEmpty, typed.count <= 64 else {
            return try curationPage(context: context, visitor: visitor, error: "Enter the number of a published example", notice: nil, typed: typed)
        }
        do {
            _ = try web.database.addToCollection(slug, examples: [ExampleReference(typed)], actor: curator.name)
        } catch is InvalidInput {
            let message = "Example \(typed) is not published, so it cannot be added"
            return try curationPage(context: context, visitor: visitor, error: message, notice: nil, typed: typed)
        } catch LibraryError.notFound {
            return try curationPage(context: context, visitor: visitor, error: "There is no example \(typed)", notice: nil, typed: typed)
        } catch LibraryError.conflict(let message) {
            return try curationPage(context: context, visitor: visitor, error: message, notice: nil, typed: typed)
        }
        return web.redirect("/moderate/collections/\(slug)", visitor: visitor)
    }

    /// `POST /moderate/collections/{slug}/remove`: takes an example out.
    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        let curator = try web.moderator(visitor)
        let example = try await web.form(request, context: context, visitor: visitor).trimmed("example")
        let slug = try context.parameters.require("slug")
        _ = try web.database.removeFromCollection(slug, examples: [ExampleReference(example)], actor: curator.name)
        return web.redirect("/moderate/collections/\(slug)", visitor: visitor)
    }

    /// `POST /moderate/collections/{slug}/publish`: publishes it (again: a new edition).
    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        let curator = try web.moderator(visitor)
        _ = try await web.form(request, context: context, visitor: visitor)
        let published = try web.database.publishCollection(try context.parameters.require("slug"), actor: curator.name)
        return web.redirect("/moderate/collections/\(published.slug)?published=1", visitor: visitor)
    }

    private func listPage(visitor: Visitor, input: [String: String], errors: [FieldError]) throws -> Response {
        let view = CurationListView(collections: try web.database.collections().map(CollectionSummary.init), input: input,
                                    errors: errors, csrf: web.csrf(visitor))
        return web.page(.curationList, view, title: (errors.isEmpty ? "" : "Error: ") + "Curate collections", section: "/moderate",
                        visitor: visitor, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    private func curationPage(context: AppRequestContext, visitor: Visitor, error: String?, notice: String?, typed: String) throws -> Response {
        let slug = try context.parameters.require("slug")
        let collection: ExampleCollection
        do { collection = try web.database.requireCollection(slug) } catch LibraryError.notFound { throw Problem.notFound("") }
        let view = CurationView(collection, csrf: web.csrf(visitor), error: error, notice: notice, typed: typed)
        return web.page(.curation, view, title: (error == nil ? "" : "Error: ") + "Curate: " + collection.title, section: "/moderate",
                        visitor: visitor, status: error == nil ? .ok : .unprocessableContent)
    }
}

/// `/moderate/collections`: every collection and the form for a new one.
struct CurationListView {
    var collections: [Row]
    var errorSummary: [SubmissionFormView.FormError]
    var hasErrors: Bool
    var fields: [String: SubmissionFormView.TextField]
    var csrf: String

    struct Row {
        var href: String
        var title: String
        var status: String
        var count: String
    }

    static let labels = [("slug", "Short name for the web address"), ("title", "Title"), ("description", "Description"),
                         ("introduction", "Introduction")]

    init(collections: [CollectionSummary], input: [String: String], errors: [FieldError], csrf: String) {
        self.collections = collections.map { Row(href: "/moderate" + $0.href, title: $0.title, status: $0.status, count: $0.count) }
        var messages: [String: String] = [:]
        for error in errors where messages[error.field] == nil {
            let label = Self.labels.first { $0.0 == error.field }?.1 ?? "Title"
            messages[Self.labels.contains { $0.0 == error.field } ? error.field : "title"] = "\(label): \(error.message)"
        }
        errorSummary = Self.labels.compactMap { id, _ in messages[id].map { .init(href: "#collection-\(id)", message: $0) } }
        hasErrors = !errorSummary.isEmpty
        fields = Dictionary(uniqueKeysWithValues: Self.labels.map { id, _ in (id, .init(value: input[id] ?? "", error: messages[id])) })
        self.csrf = csrf
    }
}

/// `/moderate/collections/{slug}`: a collection's examples with remove buttons, the add form and publish.
struct CurationView {
    var slug: String
    var title: String
    var description: String
    var status: String
    var publicHref: String?
    var items: [Item]
    var error: String?
    var notice: String?
    var typed: String
    var csrf: String

    struct Item {
        var id: Int64
        var href: String
        var title: String
        var status: String
    }

    init(_ collection: ExampleCollection, csrf: String, error: String?, notice: String?, typed: String) {
        (slug, title, description) = (collection.slug, collection.title, collection.description)
        status = collection.status == .published ? "Published \(String((collection.publishedAt ?? "").prefix(10)))" : "Draft, not yet published"
        publicHref = collection.status == .published ? "/collections/\(collection.slug)" : nil
        items = collection.items.map { Item(id: $0.exampleID, href: "/moderate/examples/\($0.exampleID)", title: $0.title, status: $0.status.rawValue) }
        (self.error, self.notice, self.typed, self.csrf) = (error, notice, typed, csrf)
    }
}
