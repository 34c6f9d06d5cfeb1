import CasebookKit
import Foundation
import Hummingbird

/// The local guide's pages (contract section 6), for teams who never open a terminal. A guide is reached only
/// by its two private links: `/guides/edit/{edit token}/…` to change it and `/guides/view/{token}` to read it.
/// Every page sends `noindex` and no referrer, the request log leaves the token out, and the edit pages leave
/// the edit token in an HttpOnly cookie for `/guides` only, so "Add to my guide" on an example finds the guide.
struct GuidePages {
    let web: WebFront
    let rates: RateLimits

    /// The cookie that remembers the guide a browser is editing.
    static let cookie = "casebook_guide"
    /// How long the browser remembers it: 90 days.
    static let cookieLifetime = 90 * 24 * 60 * 60

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self).add(middleware: PrivateResponseMiddleware())
        routes.get("guides/new", use: newForm)
            .get("guides/add", use: addForm)
            .post("guides/add", use: add)
            .get("guides/view/:token", use: read)
            .get("guides/view/:token/export", use: readExport)
            .get("guides/edit/:token", use: overview)
            .get("guides/edit/:token/details", use: detailsForm)
            .post("guides/edit/:token/details", use: saveDetails)
            .get("guides/edit/:token/foundations/:key", use: foundationForm)
            .post("guides/edit/:token/foundations/:key", use: saveFoundation)
            .get("guides/edit/:token/gaps", use: gaps)
            .get("guides/edit/:token/editions", use: editions)
            .post("guides/edit/:token/editions", use: saveEdition)
            .get("guides/edit/:token/compare", use: compare)
            .get("guides/edit/:token/export", use: export)
            .post("guides/edit/:token/share", use: renewShareLink)
            .get("guides/edit/:token/delete", use: deleteForm)
            .post("guides/edit/:token/delete", use: delete)
        routes.group().add(middleware: rates.submit)
            .post("guides/new", use: create)
        return routes
    }

    // MARK: Making a guide

    /// `GET /guides/new`: the details of a new guide.
    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        return detailsPage(GuideDetailsInput(), errors: [], action: "/guides/new", overview: nil, visitor: visitor)
    }

    /// `POST /guides/new`: makes the guide and shows its two links once; or the form again, every field kept.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let input = GuideDetailsInput(try await web.form(request, context: context, visitor: visitor))
        let content: GuideContent
        do { content = try input.content(reference: web.database.reference) } catch {
            return detailsPage(input, errors: error.errors, action: "/guides/new", overview: nil, visitor: visitor, status: .unprocessableContent)
        }
        let created = try await web.database.createGuide(content)
        let view = GuideLinksPageView(
            heading: "Your local guide is ready", editLink: web.absoluteURL(request, "/guides/edit/\(created.editToken)"), hasEditLink: true,
            shareLink: web.absoluteURL(request, "/guides/view/\(created.shareToken)"), overviewHref: "/guides/edit/\(created.editToken)")
        var response = web.page(.guideLinks, view, title: "Your local guide is ready", section: "", visitor: visitor, status: .created)
        response.setCookie(guideCookie(created.editToken, visitor: visitor))
        return response
    }

    // MARK: Editing

    /// `GET /guides/edit/{token}`: the guide's home for its editors.
    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let notice = try QueryParameters(request.uri.query).single("saved").map { _ in "Your changes are saved." }
        let view = GuideOverviewPageView(
            try await web.database.guideView(guide), editions: guide.editions, base: base(token), csrf: web.csrf(visitor), notice: notice)
        var response = web.page(.guideOverview, view, title: guide.content.title, section: "", visitor: visitor)
        response.setCookie(guideCookie(token, visitor: visitor))
        return response
    }

    /// `GET /guides/edit/{token}/details`: the title, area, meeting and contact.
    @Sendable func detailsForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        return detailsPage(GuideDetailsInput(guide.content), errors: [], action: "\(base(token))/details", overview: base(token), visitor: visitor)
    }

    /// `POST /guides/edit/{token}/details`: saves them, keeping the foundations as they are.
    @Sendable func saveDetails(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let input = GuideDetailsInput(try await web.form(request, context: context, visitor: visitor))
        let details: GuideContent
        do { details = try input.content(reference: web.database.reference) } catch {
            return detailsPage(
                input, errors: error.errors, action: "\(base(token))/details", overview: base(token), visitor: visitor, status: .unprocessableContent)
        }
        try await web.database.changeGuide(guide.id) { content in
            let foundations = content.foundations
            content = details
            content.foundations = foundations
        }
        return web.redirect("\(base(token))?saved=1", visitor: visitor)
    }

    /// `GET /guides/edit/{token}/foundations/{key}`: one foundation to rate, answer, note, plan and choose examples for.
    @Sendable func foundationForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let view = try await web.database.guideView(guide)
        let item = try foundation(view, context)
        let query = try QueryParameters(request.uri.query)
        let notice = try query.single("added") != nil ? "The example is added. Write what you would adapt below." : nil
        var response = try foundationPage(item, input: GuideFoundationInput(item), errors: [], view: view, token: token, visitor: visitor, notice: notice)
        response.setCookie(guideCookie(token, visitor: visitor))
        return response
    }

    /// `POST /guides/edit/{token}/foundations/{key}`: saves the foundation; or the page again with every field kept.
    @Sendable func saveFoundation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let fields = try await web.form(request, context: context, visitor: visitor)
        let view = try await web.database.guideView(guide)
        let item = try foundation(view, context)
        let input = GuideFoundationInput(fields, key: item.foundation.key, prompts: item.foundation.prompts.count)
        let entry: GuideFoundationEntry
        do { entry = try input.entry(title: guide.content.title, reference: web.database.reference) } catch {
            return try foundationPage(item, input: input, errors: error.errors, view: view, token: token, visitor: visitor, status: .unprocessableContent)
        }
        let order = web.database.reference.foundations.map(\.key)
        let withdrawn = Set(item.entry.examples.map(\.example)).subtracting(item.examples.map(\.uid))
        try await web.database.changeGuide(guide.id) { content in
            var kept = entry
            // Choices withdrawn from the library since stay in the guide, counted, as the page cannot show them.
            kept.examples += content.entry(entry.foundation).examples.filter { withdrawn.contains($0.example) }
            content.setEntry(kept, order: order)
        }
        if fields.text("then") == "next", let next = nextFoundation(after: item.foundation) {
            return web.redirect("\(base(token))/foundations/\(next.key)", visitor: visitor)
        }
        return web.redirect("\(base(token))?saved=1", visitor: visitor)
    }

    // MARK: Gaps, editions and comparison

    /// `GET /guides/edit/{token}/gaps`: the foundations from the lowest rating up, with examples from elsewhere.
    @Sendable func gaps(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let view = GuideGapsPageView(
            try await web.database.guideGaps(guide), guide: try await web.database.guideView(guide), base: base(token),
            reference: web.database.reference)
        return web.page(.guideGaps, view, title: "Gaps and examples to learn from", section: "", visitor: visitor)
    }

    /// `GET /guides/edit/{token}/editions`: the ratings chart, the editions and their downloads, and comparing two.
    @Sendable func editions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let notice = try QueryParameters(request.uri.query).single("saved").map { "Edition \($0) is saved. It will not change, whatever you edit next." }
        return try await editionsPage(guide, token: token, visitor: visitor, labelError: nil, notice: notice)
    }

    /// `POST /guides/edit/{token}/editions`: saves the current content as the next edition.
    @Sendable func saveEdition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let label = try await web.form(request, context: context, visitor: visitor).trimmed("label")
        guard label.count <= 200, !label.containsNUL else {
            let error = FieldError.length("label", 0...200, count: label.count).worded(for: .form(FormSubject("a label")))
            return try await editionsPage(guide, token: token, visitor: visitor, labelError: error, notice: nil, status: .unprocessableContent)
        }
        let entry = try await web.database.saveGuideEdition(guide.id, label: label)
        return web.redirect("\(base(token))/editions?saved=\(entry.number)", visitor: visitor)
    }

    /// `GET /guides/edit/{token}/compare?from=N&to=M|current`: side by side, what changed per foundation.
    @Sendable func compare(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let query = try QueryParameters(request.uri.query)
        let toCurrent = try query.single("to") == "current"
        let comparison: GuideComparison
        do {
            comparison = try await web.database.compareGuide(
                guide, from: try query.optionalInteger("from", in: 1...Int(Int32.max)),
                to: toCurrent ? nil : try query.optionalInteger("to", in: 1...Int(Int32.max)), toCurrent: toCurrent)
        } catch LibraryError.conflict {
            return web.redirect("\(base(token))/editions", visitor: visitor)
        }
        var titles: [String: String] = [:]
        for uid in Set(comparison.foundations.flatMap { $0.examplesAdded + $0.examplesRemoved }) {
            if let stored = try await web.database.example(ExampleReference(uid)), stored.status == .published { titles[uid] = stored.example.title }
        }
        let view = GuideComparePageView(comparison, guide: try await web.database.guideView(guide), base: base(token), titles: titles)
        return web.page(.guideCompare, view, title: view.heading, section: "", visitor: visitor)
    }

    // MARK: Downloads, sharing and deleting

    /// `GET /guides/edit/{token}/export?format=…[&edition=N][&all_foundations=true]`: the document for the meeting.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (guide, _) = try await editable(context)
        return try await exportResponse(guide, request: request)
    }

    /// `POST /guides/edit/{token}/share`: a new read-only link; the old one stops working.
    @Sendable func renewShareLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        _ = try await web.form(request, context: context, visitor: visitor)
        let share = try await web.database.renewGuideShareToken(guide.id)
        let view = GuideLinksPageView(
            heading: "A new read-only link", editLink: "", hasEditLink: false, shareLink: web.absoluteURL(request, "/guides/view/\(share)"),
            overviewHref: base(token))
        return web.page(.guideLinks, view, title: "A new read-only link", section: "", visitor: visitor)
    }

    /// `GET /guides/edit/{token}/delete`: asks to be sure.
    @Sendable func deleteForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await editable(context)
        let view = GuideDeletePageView(
            title: guide.content.title, action: "\(base(token))/delete", overviewHref: base(token), csrf: web.csrf(visitor), deleted: false)
        return web.page(.guideDelete, view, title: "Delete this guide", section: "", visitor: visitor)
    }

    /// `POST /guides/edit/{token}/delete`: deletes the guide and its editions, and forgets it in this browser.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, _) = try await editable(context)
        _ = try await web.form(request, context: context, visitor: visitor)
        try await web.database.deleteGuide(guide.id)
        let view = GuideDeletePageView(title: guide.content.title, action: "", overviewHref: "", csrf: "", deleted: true)
        var response = web.page(.guideDelete, view, title: "The guide is deleted", section: "", visitor: visitor)
        response.setCookie(guideCookie("", visitor: visitor, maxAge: 0))
        return response
    }

    // MARK: Reading

    /// `GET /guides/view/{token}[?edition=N]`: the guide to read (either link opens it), with its downloads.
    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let (guide, token) = try await readable(context)
        let edition = try QueryParameters(request.uri.query).optionalInteger("edition", in: 1...Int(Int32.max))
        let view = try await guideView(guide, edition: edition)
        let page = GuideReadPageView(view, exportBase: "/guides/view/\(token)/export")
        return web.page(.guideRead, page, title: guide.content.title, section: "", visitor: visitor)
    }

    /// `GET /guides/view/{token}/export?…`: the downloads, for either link.
    @Sendable func readExport(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (guide, _) = try await readable(context)
        return try await exportResponse(guide, request: request)
    }

    // MARK: Add to my guide

    /// `GET /guides/add?example=UID[&foundation=KEY]`: choose the foundation and write the local note, for the
    /// guide this browser is editing; without one, how to open or make one.
    @Sendable func addForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let query = try QueryParameters(request.uri.query)
        let example = try await publishedExample(try query.single("example") ?? "")
        guard let (guide, _) = try await cookieGuide(request) else {
            let view = GuideAddPageView(
                example: example, guide: nil, chosen: nil, note: TextField(value: "", error: nil), csrf: "", reference: web.database.reference)
            return web.page(.guideAdd, view, title: "Add to my guide", section: "", visitor: visitor)
        }
        let view = GuideAddPageView(
            example: example, guide: guide, chosen: try query.single("foundation"), note: TextField(value: "", error: nil), csrf: web.csrf(visitor),
            reference: web.database.reference)
        return web.page(.guideAdd, view, title: "Add to my guide", section: "", visitor: visitor)
    }

    /// `POST /guides/add`: adds the example with its note to the chosen foundation, then opens that foundation.
    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let fields = try await web.form(request, context: context, visitor: visitor)
        let example = try await publishedExample(fields.trimmed("example"))
        let uid = example.example.uid ?? String(example.id)
        guard let (guide, token) = try await cookieGuide(request) else { throw Problem.notFound("") }
        let reference = web.database.reference
        let key = reference.foundationKey(fields.trimmed("foundation")) ?? example.example.foundations.first ?? reference.foundations[0].key
        let note = fields.text("note") ?? ""
        var errors: [String] = []
        if note.count > 5_000 { errors.append(FieldError.tooLong("note", limit: 5_000).worded(for: .form(FormSubject("a note")))) }
        if note.containsNUL { errors.append("Remove the unusual characters from the note.") }
        let entry = guide.content.entry(key)
        if entry.examples.contains(where: { $0.example == uid }) {
            errors.append("This example is already in your guide under that foundation.")
        } else if entry.examples.count >= 30 {
            errors.append("A foundation holds at most 30 examples: remove one from the foundation's page first.")
        }
        guard errors.isEmpty else {
            let view = GuideAddPageView(
                example: example, guide: guide, chosen: key, note: TextField(value: note, error: errors.first), csrf: web.csrf(visitor), reference: reference)
            return web.page(.guideAdd, view, title: "Add to my guide", section: "", visitor: visitor, status: .unprocessableContent)
        }
        let order = reference.foundations.map(\.key)
        try await web.database.changeGuide(guide.id) { content in
            var changed = content.entry(key)
            changed.examples.append(GuideExampleChoice(example: uid, note: note.trimmed.isEmpty ? nil : note))
            content.setEntry(changed, order: order)
        }
        return web.redirect("\(base(token))/foundations/\(key)?added=1", visitor: visitor)
    }

    // MARK: Helpers

    /// The guide an edit link opens, and its token; 404, revealing nothing, for any other token.
    private func editable(_ context: AppRequestContext) async throws -> (StoredGuide, String) {
        let token = try context.linkToken()
        guard let access = try await web.database.guideAccess(token: token), access.access == .edit,
            let guide = try await web.database.guide(String(access.id))
        else { throw Problem.notFound("") }
        return (guide, token)
    }

    /// The guide either link opens, and its token.
    private func readable(_ context: AppRequestContext) async throws -> (StoredGuide, String) {
        let token = try context.linkToken()
        guard let access = try await web.database.guideAccess(token: token), let guide = try await web.database.guide(String(access.id)) else {
            throw Problem.notFound("")
        }
        return (guide, token)
    }

    /// The guide whose edit token this browser keeps, if it still opens one.
    private func cookieGuide(_ request: Request) async throws -> (StoredGuide, String)? {
        guard let token = request.cookies[Self.cookie]?.value, (1...200).contains(token.count),
            let access = try await web.database.guideAccess(token: token), access.access == .edit,
            let guide = try await web.database.guide(String(access.id))
        else { return nil }
        return (guide, token)
    }

    /// A published example by uid or id; 404 otherwise.
    private func publishedExample(_ key: String) async throws -> StoredExample {
        guard !key.isEmpty, key.count <= 64, let stored = try await web.database.example(ExampleReference(key)), stored.status == .published else {
            throw Problem.notFound("There is no published example \(key.prefix(64)).")
        }
        return stored
    }

    /// The foundation the path names.
    private func foundation(_ view: GuideView, _ context: AppRequestContext) throws -> GuideFoundationView {
        let key = try context.parameters.require("key")
        guard let resolved = web.database.reference.foundationKey(key), let item = view.foundations.first(where: { $0.foundation.key == resolved }) else {
            throw Problem.notFound("There is no foundation \(key.prefix(40)).")
        }
        return item
    }

    private func nextFoundation(after foundation: Foundation) -> Foundation? {
        let all = web.database.reference.foundations
        guard let index = all.firstIndex(where: { $0.key == foundation.key }), index + 1 < all.count else { return nil }
        return all[index + 1]
    }

    /// A guide view; 404 for an edition the guide does not have.
    private func guideView(_ guide: StoredGuide, edition: Int?) async throws -> GuideView {
        do { return try await web.database.guideView(guide, edition: edition) } catch LibraryError.notFound {
            throw Problem.notFound("This guide has no edition \(edition ?? 0).")
        }
    }

    private func exportResponse(_ guide: StoredGuide, request: Request) async throws -> Response {
        let query = try QueryParameters(request.uri.query)
        let export = try GuideExportRequest(query)
        let view = try await guideView(guide, edition: try query.optionalInteger("edition", in: 1...Int(Int32.max)))
        var response = try export.response(view)
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'"
        return response
    }

    private func base(_ token: String) -> String { "/guides/edit/\(token)" }

    private func guideCookie(_ token: String, visitor: Visitor, maxAge: Int = GuidePages.cookieLifetime) -> Cookie {
        Cookie(name: Self.cookie, value: token, maxAge: maxAge, path: "/guides", secure: visitor.secure, httpOnly: true, sameSite: .lax)
    }

    private func detailsPage(
        _ input: GuideDetailsInput, errors: [FieldError], action: String, overview: String?, visitor: Visitor, status: HTTPResponse.Status = .ok
    ) -> Response {
        let view = GuideDetailsPageView(
            input: input, errors: errors, reference: web.database.reference, action: action, csrf: web.csrf(visitor), overviewHref: overview)
        let title = overview == nil ? "Make a local guide" : "The guide's details"
        return web.page(.guideDetails, view, title: (errors.isEmpty ? "" : "Error: ") + title, section: "", visitor: visitor, status: status)
    }

    private func foundationPage(
        _ item: GuideFoundationView, input: GuideFoundationInput, errors: [FieldError], view: GuideView, token: String, visitor: Visitor,
        notice: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let page = GuideFoundationPageView(
            item: item, input: input, errors: errors, guide: view, base: base(token), csrf: web.csrf(visitor), next: nextFoundation(after: item.foundation),
            notice: notice)
        let title = "\(item.foundation.number). \(item.foundation.name)"
        return web.page(.guideFoundation, page, title: (errors.isEmpty ? "" : "Error: ") + title, section: "", visitor: visitor, status: status)
    }

    private func editionsPage(
        _ guide: StoredGuide, token: String, visitor: Visitor, labelError: String?, notice: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var saved: [(entry: GuideEditionEntry, content: GuideContent)] = []
        for entry in try await web.database.guideEditions(guide.id) {
            if let edition = try await web.database.guideEdition(guide.id, number: entry.number) { saved.append(edition) }
        }
        let view = GuideEditionsPageView(
            guide: try await web.database.guideView(guide), editions: saved, base: base(token), viewBase: "/guides/view/\(token)",
            csrf: web.csrf(visitor), reference: web.database.reference, labelError: labelError, notice: notice)
        return web.page(.guideEditions, view, title: "Editions and progress", section: "", visitor: visitor, status: status)
    }
}
