import CasebookKit
import Foundation
import Hummingbird

/// The moderators' pages: sign-in by pasting a token, the queue, one submission beside its possible
/// duplicates with the decision form, and sign-out. Every page but sign-in needs a session.
struct ModerationPages {
    let web: WebFront

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("sign-in", use: signInForm)
            .post("sign-in", use: signIn)
            .post("sign-out", use: signOut)
            .get(use: queue)
            .get("examples/:id", use: review)
            .post("examples/:id/decision", use: decide)
            .post("examples/:id/edit", use: edit)
            .post("examples/:id/confirm", use: confirmCurrent)
            .post("adoptions/:id/decision", use: decideAdoption)
    }

    /// `POST /moderate/adoptions/{id}/decision`: approve (with flags checked) or reject (with a note) an
    /// adoption report, then back to its queue section saying what happened.
    @Sendable func decideAdoption(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let moderator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        guard let id = Int64(try context.parameters.require("id")) else { throw Problem.notFound("") }
        guard let action = ModerationAction(rawValue: form.trimmed("action")), action == .approve || action == .reject else {
            throw Problem.badParameter(.notOneOf("action", form.text("action"), allowed: ["approve", "reject"]))
        }
        let back = "/moderate?section=adoptions"
        do {
            _ = try await web.database.decideAdoption(
                id, action: action, note: form.trimmed("note"), actor: moderator.name, acknowledgeFlags: form.text("acknowledge-flags") == "yes")
        } catch is InvalidInput {
            return web.redirect(back + "&problem=note", visitor: visitor)
        } catch is UnacknowledgedFlags {
            return web.redirect(back + "&problem=flags", visitor: visitor)
        } catch LibraryError.illegalTransition {
            return web.redirect(back + "&problem=state", visitor: visitor)
        }
        return web.redirect(back + "&adoption=\(id)", visitor: visitor)
    }

    /// `GET /moderate/sign-in`.
    @Sendable func signInForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        return web.page(.signIn, SignInView(csrf: web.csrf(visitor), error: nil), title: "Sign in", section: "/moderate", visitor: visitor)
    }

    /// `POST /moderate/sign-in`: a moderator's token starts a session held in a cookie.
    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let token = try await web.form(request, context: context, visitor: visitor).trimmed("token")
        guard (1...200).contains(token.count), let account = try await web.database.account(forToken: token) else {
            let view = SignInView(csrf: web.csrf(visitor), error: token.isEmpty ? "Enter your token" : "The token is not valid. Check you pasted all of it")
            return web.page(.signIn, view, title: "Error: Sign in", section: "/moderate", visitor: visitor, status: .unauthorized)
        }
        // A new session id every sign-in (`SessionMiddleware` saves it and sets the cookie), never the one sent.
        context.sessions.createSession(ModeratorSession(accountName: account.name), expiresIn: web.sessionLifetime)
        return web.redirect("/moderate", visitor: visitor)
    }

    /// `POST /moderate/sign-out`: ends the session.
    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        _ = try await web.form(request, context: context, visitor: visitor)
        // `SessionMiddleware` deletes the session from the store and expires the cookie.
        context.sessions.clearSession()
        return web.redirect("/", visitor: visitor)
    }

    /// `GET /moderate?section=&offset=`: one section of the queue, oldest first, with every section's count.
    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let moderator = try web.moderator(visitor)
        let parameters = try QueryParameters(request.uri.query)
        let section =
            try parameters.single("section").map { named in
                guard let section = QueueSection(rawValue: named) else {
                    throw Problem.badParameter(.notOneOf("section", named, allowed: QueueSection.allCases.map(\.rawValue)))
                }
                return section
            } ?? .new
        let offset = try parameters.integer("offset", in: 0...1_000_000, default: 0)
        let page = try await web.database.moderationQueue(section: section, limit: QueueView.pageSize, offset: offset)
        var adoptions: [Int64: StoredAdoption] = [:]
        for item in page.items where item.kind == .adoption { adoptions[item.id] = try await web.database.adoption(item.id) }
        var view = QueueView(
            page: page, section: section, offset: offset, moderator: moderator.name,
            decided: try parameters.single("decided").flatMap(Int64.init),
            confirmed: try parameters.single("confirmed").flatMap(Int64.init),
            reference: web.database.reference, csrf: web.csrf(visitor), adoptions: adoptions)
        view.adoptionNotice = QueueView.adoptionNotice(
            id: try parameters.single("adoption").flatMap(Int64.init), problem: try parameters.single("problem"))
        return web.page(.queue, view, title: "Moderation queue: " + view.heading, section: "/moderate", visitor: visitor)
    }

    /// `GET /moderate/examples/{id}`: one submission in any status, its flags, possible duplicates side
    /// by side, its history and the decisions open to it.
    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        _ = try web.moderator(visitor)
        return try await reviewPage(context: context, visitor: visitor, error: nil, note: "", action: nil)
    }

    /// `POST /moderate/examples/{id}/decision`: approve (confirming any screening flags), request changes,
    /// reject or withdraw.
    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let moderator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let note = form.trimmed("note")
        let action = form.text("action").flatMap(ModerationAction.init(rawValue:)).flatMap { ModerationAction.decisions.contains($0) ? $0 : nil }
        guard let action else {
            return try await reviewPage(
                context: context, visitor: visitor, error: .init(href: "#action", message: "Choose a decision"), note: note, action: nil)
        }
        if action.needsNote && note.isEmpty {
            let message = "Write a note to the submitter saying why"
            return try await reviewPage(context: context, visitor: visitor, error: .init(href: "#note", message: message), note: note, action: action)
        }
        let acknowledged = form.text("acknowledge") == "yes"
        do {
            let stored = try await web.database.decide(
                ExampleReference(try context.parameters.require("id")), action: action,
                note: note.isEmpty ? nil : note, actor: moderator.name, acknowledgeFlags: acknowledged)
            return web.redirect("/moderate?decided=\(stored.id)", visitor: visitor)
        } catch is UnacknowledgedFlags {
            let message = "Confirm you have checked the screening flags, or edit the text to remove what was flagged"
            return try await reviewPage(context: context, visitor: visitor, error: .init(href: "#acknowledge", message: message), note: note, action: action)
        }
    }

    /// `POST /moderate/examples/{id}/edit`: a moderator's redaction of the title, summary, description or a section;
    /// the earlier text is kept as a version and screening runs again.
    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let moderator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let id = try context.parameters.require("id")
        guard let stored = try await web.database.example(ExampleReference(id)) else { throw Problem.notFound("") }
        let typed = EditedText(form)
        var draft = typed.applied(to: stored.example)
        (draft.uid, draft.status, draft.publishedAt, draft.reviewDue, draft.lastConfirmed) = (nil, nil, nil, nil, nil)
        do {
            let checked = try ExampleDecoder(reference: web.database.reference, source: .submission)
                .decode(try Interchange.encoder(pretty: false).encode(draft))
            _ = try web.database.moderatorEdit(.id(stored.id), with: checked, note: form.trimmed("edit-note"), actor: moderator.name)
        } catch let invalid as InvalidInput {
            let message = "The text was not saved. " + invalid.errors.map(SubmissionFormView.sentence).joined(separator: ". ")
            return try await reviewPage(
                context: context, visitor: visitor, error: .init(href: "#edit-title", message: message),
                note: "", action: nil, edited: typed)
        }
        return web.redirect("/moderate/examples/\(stored.id)?edited=1#changes", visitor: visitor)
    }

    /// `POST /moderate/examples/{id}/confirm`: the example is still current; sets the next review date.
    @Sendable func confirmCurrent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let moderator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let stored = try web.database.confirmCurrent(ExampleReference(try context.parameters.require("id")), actor: moderator.name)
        let back = form.text("from") == "queue" ? "/moderate?section=review-due&confirmed=\(stored.id)" : "/moderate/examples/\(stored.id)?confirmed=1"
        return web.redirect(back, visitor: visitor)
    }

    private func reviewPage(
        context: AppRequestContext, visitor: Visitor, error: SubmissionFormView.FormError?,
        note: String, action: ModerationAction?,
        edited: EditedText? = nil
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let stored = try await web.database.example(ExampleReference(id)) else { throw Problem.notFound("") }
        let duplicates = stored.flags.compactMap(Self.duplicateID).compactMap { try? web.database.example(.id($0)) }
        let history = try await web.database.history(.id(stored.id))
        let view = ReviewView(
            stored: stored, versions: try web.database.versions(.id(stored.id)), duplicates: duplicates,
            history: history, reference: web.database.reference,
            csrf: web.csrf(visitor), error: error, note: note, action: action, edited: edited)
        let title = (error == nil ? "" : "Error: ") + "Review: " + stored.example.title
        return web.page(
            .review, view, title: title, section: "/moderate", visitor: visitor,
            status: error == nil ? .ok : .unprocessableContent)
    }

    /// The example a possible-duplicate flag points at (its detail reads `possibly the same as #12 "…"`).
    static func duplicateID(_ flag: ScreeningFlag) -> Int64? {
        guard flag.kind == .possibleDuplicate, let match = flag.detail.firstMatch(of: /#(\d+)/) else { return nil }
        return Int64(match.1)
    }
}

/// The sign-in page.
struct SignInView {
    var csrf: String
    var error: String?
}
