import CasebookKit
import Hummingbird

/// The public pages: home and search, one example, foundations, the coverage grid, collections and the stylesheet.
struct PublicPages {
    let web: WebFront
    let limits: ServerLimits
    let rates: RateLimits
    /// The number of results on one page of search results.
    static let pageSize = 10

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
            .get("static/style.css", use: stylesheet)
            .get("static/icon.svg", use: icon)
            .get("favicon.ico", use: icon)
            .get("robots.txt", use: robots)
            .get("sitemap.xml", use: sitemap)
            .get("examples/:id", use: example)
            .get("foundations", use: foundations)
            .get("foundations/:key", use: foundation)
            .get("coverage", use: coverage)
            .get("collections", use: collections)
            .get("collections/:slug", use: collection)
        routes.group().add(middleware: rates.search)
            .get(use: home)
            .get("search", use: search)
        routes.group().add(middleware: rates.submit)
            .post("examples/:id/adoptions", use: reportAdoption)
        routes.group().add(middleware: rates.message)
            .post("examples/:id/contact", use: writeToTeam)
        return routes
    }

    /// `GET /`: the search box, the foundations and the newest examples.
    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let newest = try await web.database.search(SearchQuery(text: "", limit: 5), timeLimit: limits.searchTimeLimit)
        let view = HomePageView(
            newest: newest.results.map { ResultView($0, reference: web.database.reference) },
            total: newest.total, foundations: web.database.reference.foundations.map(TagLink.init))
        return web.page(.home, view, title: "Search examples of palliative and end of life care", section: "/", visitor: visitor)
    }

    /// `GET /search?q=…&foundation=…`: ranked results with facets, suggestion and paging.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let parameters = try QueryParameters(request.uri.query)
        var query = try SearchParameters(parameters: parameters, reference: web.database.reference, limits: limits).query()
        if try parameters.single("limit") == nil { query.limit = Self.pageSize }
        let results = try await web.database.search(query, timeLimit: limits.searchTimeLimit)
        var view = SearchPageView(query: query, results: results, reference: web.database.reference)
        if results.total == 0 {
            var totals: [Int] = []
            for without in SearchPageView.queriesWithoutEachFilter(query) {
                totals.append(try await web.database.search(without, timeLimit: limits.searchTimeLimit).total)
            }
            view.setCountsWithout(totals)
        }
        view.curate = try CurateForm.forModerator(visitor, web: web)
        let title = query.text.isEmpty ? "Search results" : "Search results for ‘\(query.text)’"
        return web.page(.search, view, title: title, section: "/", visitor: visitor)
    }

    /// `GET /examples/{id}`: one published example.
    @Sendable func example(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let stored = try await publishedExample(context)
        var view = try await examplePage(stored, request: request, visitor: visitor)
        let parameters = try QueryParameters(request.uri.query)
        view.tried = try parameters.single("tried") == "1"
        view.written = try parameters.single("written") == "1"
        return web.page(.example, view, title: stored.example.title, section: "/", visitor: visitor)
    }

    /// `POST /examples/{id}/adoptions`: "we tried this too", sent for moderation; on an error the example
    /// page again, the form open with every field kept and each problem named.
    @Sendable func reportAdoption(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let stored = try await publishedExample(context)
        let form = try await web.form(request, context: context, visitor: visitor)
        do {
            let report = try AdoptionFormView.report(form, reference: web.database.reference)
            _ = try await web.database.reportAdoption(report, about: .id(stored.id))
            return web.redirect("/examples/\(stored.id)?tried=1#adoptions-heading", visitor: visitor)
        } catch let invalid as InvalidInput {
            var view = try await examplePage(stored, request: request, visitor: visitor)
            view.adoptionForm = AdoptionFormView(
                exampleID: stored.id, input: form, errors: invalid.errors, reference: web.database.reference, csrf: web.csrf(visitor))
            return web.page(.example, view, title: "Error: " + stored.example.title, section: "/", visitor: visitor, status: .unprocessableContent)
        }
    }

    /// `POST /examples/{id}/contact`: a message to the team, relayed by mail; on an error the example page
    /// again, the form open with every field kept and each problem named.
    @Sendable func writeToTeam(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let stored = try await publishedExample(context)
        let form = try await web.form(request, context: context, visitor: visitor)
        do {
            let message = try ContactFormView.message(form, reference: web.database.reference)
            try await web.database.relayContactMessage(message, toExample: stored.id)
            return web.redirect("/examples/\(stored.id)?written=1#contact-heading", visitor: visitor)
        } catch let invalid as InvalidInput {
            var view = try await examplePage(stored, request: request, visitor: visitor)
            view.contactForm = ContactFormView(exampleID: stored.id, input: form, errors: invalid.errors, csrf: web.csrf(visitor))
            return web.page(.example, view, title: "Error: " + stored.example.title, section: "/", visitor: visitor, status: .unprocessableContent)
        }
    }

    private func publishedExample(_ context: AppRequestContext) async throws -> StoredExample {
        let id = try context.parameters.require("id")
        guard let stored = try await web.database.example(ExampleReference(id)), stored.status == .published else {
            throw Problem.notFound("")
        }
        return stored
    }

    private func examplePage(_ stored: StoredExample, request: Request, visitor: Visitor) async throws -> ExamplePageView {
        let reference = web.database.reference
        var view = ExamplePageView(id: stored.id, example: stored.example, reference: reference)
        view.back = backToSearch(request)
        view.curate = try CurateForm.forModerator(visitor, web: web)
        view.similar = try await web.database.similarExamples(to: .id(stored.id))?.map { ResultView($0, reference: reference) } ?? []
        view.adoptions = try await web.database.publishedAdoptions(of: stored.id).map { AdoptionCard($0.publicView, reference: reference) }
        view.adoptionForm = AdoptionFormView(exampleID: stored.id, reference: reference, csrf: web.csrf(visitor))
        if stored.example.contact?.email != nil { view.contactForm = ContactFormView(exampleID: stored.id, csrf: web.csrf(visitor)) }
        return view
    }

    /// The search an example page was opened from (`?back=` holding its query string), checked and
    /// written again as a `/search` address; a missing or unreadable one gives the link to every example.
    private func backToSearch(_ request: Request) -> ExamplePageView.BackLink {
        let all = ExamplePageView.BackLink(href: "/search", label: "Search all examples")
        guard let back = try? QueryParameters(request.uri.query).single("back"), !back.isEmpty,
            let parameters = try? QueryParameters(back),
            let query = try? SearchParameters(parameters: parameters, reference: web.database.reference, limits: limits).query()
        else { return all }
        return ExamplePageView.BackLink(href: SearchLink(query: query).href(offset: query.offset), label: "Back to search results")
    }

    /// `GET /foundations`: the ten foundations with their descriptions.
    @Sendable func foundations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let counts = try await web.database.search(SearchQuery(text: "", limit: 1), timeLimit: limits.searchTimeLimit).facets.foundation
        let view = FoundationsPageView(foundations: web.database.reference.foundations.map { FoundationSummary($0, examples: counts[$0.key] ?? 0) })
        return web.page(.foundations, view, title: "Foundations", section: "/foundations", visitor: visitor)
    }

    /// `GET /foundations/{key}`: one foundation's description and prompts, with its newest examples.
    @Sendable func foundation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let key = try context.parameters.require("key")
        guard let foundation = web.database.reference.foundationKey(key).flatMap(web.database.reference.foundation) else {
            throw Problem.notFound("")
        }
        let query = SearchQuery(text: "", foundations: [foundation.key], limit: 20)
        let results = try await web.database.search(query, timeLimit: limits.searchTimeLimit)
        let view = FoundationPageView(foundation: foundation, results: results, reference: web.database.reference)
        return web.page(.foundation, view, title: foundation.name, section: "/foundations", visitor: visitor)
    }

    /// `GET /coverage`: published examples by foundation and ambition, each count a link to its search.
    @Sendable func coverage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let filter = try SearchParameters.coverageFilter(try QueryParameters(request.uri.query))
        let view = CoveragePageView(stats: try await web.database.stats(filter), filter: filter, reference: web.database.reference)
        return web.page(.coverage, view, title: "Coverage", section: "/coverage", visitor: visitor)
    }

    /// `GET /collections`: the published collections.
    @Sendable func collections(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let published = try await web.database.collections().filter { $0.status == .published }
        let view = CollectionsPageView(collections: published.map(CollectionSummary.init))
        return web.page(.collections, view, title: "Collections", section: "/collections", visitor: visitor)
    }

    /// `GET /collections/{slug}`: one published collection with its examples and downloads.
    @Sendable func collection(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let slug = try context.parameters.require("slug")
        let found: ExampleCollection
        do { found = try await web.database.requireCollection(slug) } catch LibraryError.notFound { throw Problem.notFound("") }
        guard found.status == .published else { throw Problem.notFound("") }
        return web.page(.collection, CollectionPageView(found), title: found.title, section: "/collections", visitor: visitor)
    }

    /// `GET /static/style.css`: the one stylesheet, cached for a year (pages link it with its version in the query).
    /// What crawlers are asked to leave alone: the private links (guides, submissions, reviews, alerts) and the
    /// moderators' pages. Guide pages also send `X-Robots-Tag: noindex`, which holds even for a crawler that ignores this.
    static let disallowed = ["/guides/", "/submissions/", "/reviews/", "/alerts/", "/moderate/"]

    /// `GET /robots.txt`: the private paths, and where the sitemap is.
    @Sendable func robots(_ request: Request, context: AppRequestContext) -> Response {
        let lines = ["User-agent: *"] + Self.disallowed.map { "Disallow: \($0)" } + ["", "Sitemap: \(web.absoluteURL(request, "/sitemap.xml"))", ""]
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n"))))
    }

    /// `GET /sitemap.xml`: the public pages, each published collection and the newest 50,000 published examples,
    /// with when each last changed. Nothing unpublished and nothing of a local guide is in it.
    @Sendable func sitemap(_ request: Request, context: AppRequestContext) async throws -> Response {
        let reference = web.database.reference
        var entries: [(path: String, modified: String?)] = ["/", "/search", "/foundations", "/coverage", "/collections"].map { ($0, nil) }
        entries += reference.foundations.map { ("/foundations/\($0.key)", nil) }
        entries += try await web.database.collections().filter { $0.status == .published }.map { ("/collections/\($0.slug)", $0.publishedAt) }
        entries += try await web.database.publishedExampleDates().map { ("/examples/\($0.id)", $0.publishedAt) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries.prefix(AppDatabase.sitemapLimit) {
            xml += "<url><loc>\(XML.escape(web.absoluteURL(request, entry.path)))</loc>"
            if let modified = entry.modified { xml += "<lastmod>\(XML.escape(modified))</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return Response(
            status: .ok, headers: [.contentType: "application/xml; charset=utf-8", .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    @Sendable func stylesheet(_ request: Request, context: AppRequestContext) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=31536000, immutable",
                .xContentTypeOptions: "nosniff"
            ],
            body: .init(byteBuffer: web.renderer.stylesheet))
    }

    /// `GET /static/icon.svg` and `/favicon.ico`: the site's icon, cached for a week.
    @Sendable func icon(_ request: Request, context: AppRequestContext) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "image/svg+xml", .cacheControl: "public, max-age=604800",
                .xContentTypeOptions: "nosniff"
            ],
            body: .init(byteBuffer: web.renderer.icon))
    }
}
