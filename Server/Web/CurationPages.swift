import CasebookKit
import Hummingbird

/// Moderators curating collections in the browser: create one, add and remove examples, publish.
struct CurationPages {
    let web: WebFront

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get(use: list)
            .post(use: create)
            .post("add-example", use: addFromElsewhere)
            .get(":slug", use: show)
            .get(":slug/preview", use: preview)
            .post(":slug/add", use: add)
            .post(":slug/remove", use: remove)
            .post(":slug/move", use: move)
            .post(":slug/edit", use: edit)
            .post(":slug/publish", use: publish)
    }

    /// `GET /moderate/collections`: every collection, drafts too, and the form for a new one.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        _ = try web.moderator(visitor)
        return try await listPage(visitor: visitor, input: [:], errors: [])
    }

    /// `POST /moderate/collections`: a new draft collection.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let curator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let input = Dictionary(uniqueKeysWithValues: ["slug", "title", "description", "introduction"].map { ($0, form.text($0) ?? "") })
        let draft = CollectionDraft(title: form.trimmed("title"), description: form.trimmed("description"), introduction: input["introduction"] ?? "")
        let typedSlug = form.trimmed("slug")
        do {
            let slug = typedSlug.isEmpty ? try freeSlug(for: draft.title) : typedSlug
            let made = try await web.database.createCollection(slug: slug, draft: draft, actor: curator.name)
            return web.redirect("/moderate/collections/\(made.slug)", visitor: visitor)
        } catch let invalid as InvalidInput {
            return try await listPage(visitor: visitor, input: input, errors: invalid.errors)
        } catch LibraryError.conflict(let message) {
            return try await listPage(visitor: visitor, input: input, errors: [FieldError(field: "slug", .rule(message))])
        }
    }

    /// `GET /moderate/collections/{slug}[?q=]`: one collection to curate, with a search of published
    /// examples to add from.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        _ = try web.moderator(visitor)
        let parameters = try QueryParameters(request.uri.query)
        let notices: [(String, String)] = [
            ("published", "The collection is published."), ("edited", "The title, description and contact are saved.")
        ]
        var notice = notices.first { (try? parameters.single($0.0)) == "1" }?.1
        if let added = try parameters.single("added").flatMap(Int64.init) { notice = "Example \(added) is added to the collection." }
        if let already = try parameters.single("already").flatMap(Int64.init) { notice = "Example \(already) is already in the collection." }
        return try await curationPage(context: context, visitor: visitor, query: try parameters.single("q") ?? "", notice: notice)
    }

    /// `POST /moderate/collections/{slug}/add`: adds a published example by its number or uid.
    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let curator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let typed = form.trimmed("example"), query = form.trimmed("q")
        let slug = try context.parameters.require("slug")
        let failure = { (message: String) in
            try await curationPage(context: context, visitor: visitor, query: query, error: message, typed: typed)
        }
        guard !typed.isEmpty, typed.count <= 64 else { return try await failure("Enter the number of a published example") }
        let outcome: String
        do {
            outcome = try addExample(typed, to: slug, actor: curator.name)
        } catch is InvalidInput {
            return try await failure("Example \(typed) is not published, so it cannot be added")
        } catch LibraryError.notFound {
            return try await failure("There is no example \(typed)")
        }
        let search = query.isEmpty ? "" : "&q=" + SearchLink.encode(query)
        return web.redirect("/moderate/collections/\(slug)?\(outcome)\(search)#examples", visitor: visitor)
    }

    /// `POST /moderate/collections/add-example`: "Add to collection" from a search result or an example page.
    @Sendable func addFromElsewhere(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let curator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let slug = form.trimmed("collection"), typed = form.trimmed("example")
        guard !slug.isEmpty, slug.count <= 80, !typed.isEmpty, typed.count <= 64 else {
            throw Problem.badParameter(FieldError(field: "collection", .rule("choose a collection and an example")))
        }
        do {
            let outcome = try addExample(typed, to: slug, actor: curator.name)
            return web.redirect("/moderate/collections/\(slug)?\(outcome)#examples", visitor: visitor)
        } catch LibraryError.notFound {
            throw Problem.notFound("There is no collection or example by that name.")
        } catch is InvalidInput {
            throw Problem(.conflict, detail: "Example \(typed) is not published, so it cannot be added to a collection.")
        }
    }

    /// Adds one example; says whether it was added or already there (as a query parameter of the page).
    private func addExample(_ typed: String, to slug: String, actor: String) throws -> String {
        let before = try web.database.requireCollection(slug)
        let after = try web.database.addToCollection(slug, examples: [ExampleReference(typed)], actor: actor)
        let id = after.items.first { $0.uid == typed || String($0.exampleID) == typed }?.exampleID ?? 0
        return before.items.contains { $0.exampleID == id } ? "already=\(id)" : "added=\(id)"
    }

    /// `POST /moderate/collections/{slug}/move`: one place up or down, without JavaScript.
    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let curator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let slug = try context.parameters.require("slug"), example = form.trimmed("example")
        guard let step = ["up": -1, "down": 1][form.trimmed("direction")], !example.isEmpty, example.count <= 64 else {
            throw Problem.badParameter(FieldError(field: "direction", .rule("must be up or down, with an example")))
        }
        _ = try web.database.moveInCollection(slug, example: ExampleReference(example), by: step, actor: curator.name)
        return web.redirect("/moderate/collections/\(slug)#item-\(example)", visitor: visitor)
    }

    /// `POST /moderate/collections/{slug}/edit`: title, description, introduction and local contact.
    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let curator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let slug = try context.parameters.require("slug")
        let contact = form.trimmed("contact")
        let draft = CollectionDraft(
            title: form.trimmed("title"), description: form.trimmed("description"),
            introduction: form.text("introduction") ?? "", contact: contact.isEmpty ? nil : contact)
        do {
            _ = try web.database.editCollection(slug, draft: draft, actor: curator.name)
        } catch let invalid as InvalidInput {
            let message = "The changes were not saved. " + invalid.errors.map(CurationListView.sentence).joined(separator: ". ")
            return try await curationPage(
                context: context, visitor: visitor, query: "", error: message, typed: "", draft: draft,
                errorHref: "#edit-title")
        }
        return web.redirect("/moderate/collections/\(slug)?edited=1", visitor: visitor)
    }

    /// `GET /moderate/collections/{slug}/preview`: the exported guide as it would be published.
    @Sendable func preview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        _ = try web.moderator(visitor)
        let slug = try context.parameters.require("slug")
        guard case .file(let data, let contentType) = try ExportFormat.html.renderer.render(try await web.database.exportDocument(slug: slug))
        else { throw Problem.notFound("") }
        var headers = WebFront.pageHeaders
        headers[.contentType] = contentType
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A slug made from the title that no collection has yet.
    private func freeSlug(for title: String) throws -> String {
        let base = CollectionDraft.slug(fromTitle: title)
        let taken = Set(try web.database.collections().map(\.slug))
        var slug = base, number = 2
        while taken.contains(slug) { slug = "\(base.prefix(76))-\(number)"; number += 1 }
        return slug
    }

    /// `POST /moderate/collections/{slug}/remove`: takes an example out.
    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let curator = try web.moderator(visitor)
        let example = try await web.form(request, context: context, visitor: visitor).trimmed("example")
        let slug = try context.parameters.require("slug")
        _ = try await web.database.removeFromCollection(slug, examples: [ExampleReference(example)], actor: curator.name)
        return web.redirect("/moderate/collections/\(slug)", visitor: visitor)
    }

    /// `POST /moderate/collections/{slug}/publish`: publishes it (again: a new edition).
    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let curator = try web.moderator(visitor)
        _ = try await web.form(request, context: context, visitor: visitor)
        let published = try await web.database.publishCollection(try context.parameters.require("slug"), actor: curator.name)
        return web.redirect("/moderate/collections/\(published.slug)?published=1", visitor: visitor)
    }

    private func listPage(visitor: Visitor, input: [String: String], errors: [FieldError]) async throws -> Response {
        let view = CurationListView(
            collections: try await web.database.collections().map(CollectionSummary.init), input: input,
            errors: errors, csrf: web.csrf(visitor))
        return web.page(
            .curationList, view, title: (errors.isEmpty ? "" : "Error: ") + "Curate collections", section: "/moderate",
            visitor: visitor, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    private func curationPage(
        context: AppRequestContext, visitor: Visitor, query: String, notice: String? = nil,
        error: String? = nil, typed: String = "", draft: CollectionDraft? = nil,
        errorHref: String = "#example"
    ) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let collection: ExampleCollection
        do { collection = try await web.database.requireCollection(slug) } catch LibraryError.notFound { throw Problem.notFound("") }
        let query = String(query.prefix(200))
        let hits = query.isEmpty ? [] : try await web.database.search(SearchQuery(text: query, limit: 20)).results
        var view = CurationView(
            collection, csrf: web.csrf(visitor), error: error, notice: notice, typed: typed, query: query,
            hits: query.isEmpty ? nil : hits, draft: draft)
        (view.errorHref, view.exampleError) = (errorHref, errorHref == "#example" ? error : nil)
        return web.page(
            .curation, view, title: (error == nil ? "" : "Error: ") + "Curate: " + collection.title, section: "/moderate",
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

    static let labels = [
        ("slug", "Short name for the web address"), ("title", "Title"), ("description", "Description"),
        ("introduction", "Introduction")
    ]

    /// How the form asks for each field, which its errors are worded from.
    static let subjects: [String: FormSubject] = [
        "slug": FormSubject("a short name for the web address"), "title": FormSubject("a title"),
        "description": FormSubject("a description"), "introduction": FormSubject("an introduction"),
        "contact": FormSubject("a local contact")
    ]

    /// One error worded for a person at a collection's form.
    static func sentence(_ error: FieldError) -> String {
        error.worded(for: .form(subjects[error.field] ?? FormSubject("a title")))
    }

    init(collections: [CollectionSummary], input: [String: String], errors: [FieldError], csrf: String) {
        self.collections = collections.map { Row(href: "/moderate" + $0.href, title: $0.title, status: $0.status, count: $0.count) }
        var messages: [String: String] = [:]
        for error in errors {
            let id = Self.labels.contains { $0.0 == error.field } ? error.field : "title"
            if messages[id] == nil { messages[id] = Self.sentence(error) }
        }
        errorSummary = Self.labels.compactMap { id, _ in messages[id].map { .init(href: "#collection-\(id)", message: $0) } }
        hasErrors = !errorSummary.isEmpty
        fields = Dictionary(uniqueKeysWithValues: Self.labels.map { id, _ in (id, .init(value: input[id] ?? "", error: messages[id])) })
        self.csrf = csrf
    }
}

/// `/moderate/collections/{slug}`: a collection's examples with reorder and remove buttons, a search
/// to add from, the add-by-number form, the edit form, preview and publish.
struct CurationView {
    var slug: String
    var title: String
    var description: String
    var status: String
    var publicHref: String?
    var previewHref: String
    var items: [Item]
    var error: String?
    /// The field the error summary links to.
    var errorHref = "#example"
    /// The error beside the example-number field, when it is that field's.
    var exampleError: String?
    var notice: String?
    var typed: String
    var query: String
    var searched: Bool
    var hits: [Hit]
    var csrf: String
    var edit: EditFields

    struct Item {
        var id: Int64
        var position: Int
        var href: String
        var title: String
        var status: String
        var canMoveUp: Bool
        var canMoveDown: Bool
    }

    struct Hit {
        var id: Int64
        var href: String
        var title: String
        var organisation: String
        var inCollection: Bool
    }

    struct EditFields {
        var title: String
        var description: String
        var introduction: String
        var contact: String
    }

    init(
        _ collection: ExampleCollection, csrf: String, error: String?, notice: String?, typed: String, query: String,
        hits: [SearchHit]?, draft: CollectionDraft?
    ) {
        (slug, title, description) = (collection.slug, collection.title, collection.description)
        status = collection.status == .published ? "Published \(DateWords.day(collection.publishedAt ?? ""))" : "Draft, not yet published"
        publicHref = collection.status == .published ? "/collections/\(collection.slug)" : nil
        previewHref = "/moderate/collections/\(collection.slug)/preview"
        let count = collection.items.count
        items = collection.items.enumerated().map { index, item in
            Item(
                id: item.exampleID, position: index + 1, href: "/moderate/examples/\(item.exampleID)", title: item.title,
                status: item.status.rawValue, canMoveUp: index > 0, canMoveDown: index < count - 1)
        }
        let members = Set(collection.items.map(\.exampleID))
        self.hits = (hits ?? []).map {
            Hit(
                id: $0.id, href: "/examples/\($0.id)", title: $0.title, organisation: $0.organisation.name,
                inCollection: members.contains($0.id))
        }
        searched = hits != nil
        let shown =
            draft
            ?? CollectionDraft(
                title: collection.title, description: collection.description,
                introduction: collection.introduction, contact: collection.contact)
        edit = EditFields(title: shown.title, description: shown.description, introduction: shown.introduction, contact: shown.contact ?? "")
        (self.error, self.notice, self.typed, self.query, self.csrf) = (error, notice, typed, query, csrf)
    }
}
