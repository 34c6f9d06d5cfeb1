import CasebookKit
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
    }

    /// `GET /moderate/sign-in`.
    @Sendable func signInForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        return web.page(.signIn, SignInView(csrf: web.csrf(visitor), error: nil), title: "Sign in", section: "/moderate", visitor: visitor)
    }

    /// `POST /moderate/sign-in`: a moderator's token starts a session held in a cookie.
    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        let token = try await web.form(request, context: context, visitor: visitor).trimmed("token")
        guard (1...200).contains(token.count), let account = try web.database.account(forToken: token) else {
            let view = SignInView(csrf: web.csrf(visitor), error: token.isEmpty ? "Enter your token" : "The token is not valid. Check you pasted all of it")
            return web.page(.signIn, view, title: "Error: Sign in", section: "/moderate", visitor: visitor, status: .unauthorized)
        }
        let session = await web.sessions.start(for: account)
        var response = web.redirect("/moderate", visitor: visitor)
        let lifetime = Int(web.sessions.lifetime.components.seconds)
        response.setCookie(web.cookie(WebFront.sessionCookie, session, visitor: visitor, maxAge: lifetime))
        return response
    }

    /// `POST /moderate/sign-out`: ends the session.
    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        _ = try await web.form(request, context: context, visitor: visitor)
        if let session = visitor.sessionID { await web.sessions.end(session) }
        var response = web.redirect("/", visitor: visitor)
        response.setCookie(web.cookie(WebFront.sessionCookie, "", visitor: visitor, maxAge: 0))
        return response
    }

    /// `GET /moderate`: submissions waiting, changes requested and reviews due, with screening flags.
    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        let moderator = try web.moderator(visitor)
        let decided = try QueryParameters(request.uri.query).single("decided")
        let view = QueueView(items: try web.database.moderationQueue(all: true), moderator: moderator.name,
                             decided: decided.flatMap(Int64.init), reference: web.database.reference)
        return web.page(.queue, view, title: "Moderation queue", section: "/moderate", visitor: visitor)
    }

    /// `GET /moderate/examples/{id}`: one submission in any status, its flags, possible duplicates side
    /// by side, its history and the decisions open to it.
    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        _ = try web.moderator(visitor)
        return try reviewPage(context: context, visitor: visitor, error: nil, note: "", action: nil)
    }

    /// `POST /moderate/examples/{id}/decision`: approve, request changes, reject or withdraw.
    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try await web.visitor(request)
        let moderator = try web.moderator(visitor)
        let form = try await web.form(request, context: context, visitor: visitor)
        let note = form.trimmed("note")
        let action = form.text("action").flatMap(ModerationAction.init(rawValue:)).flatMap { ModerationAction.decisions.contains($0) ? $0 : nil }
        guard let action else {
            return try reviewPage(context: context, visitor: visitor, error: .init(href: "#action", message: "Select a decision"), note: note, action: nil)
        }
        if action.needsNote && note.isEmpty {
            let message = "Enter a note for the submitter saying why"
            return try reviewPage(context: context, visitor: visitor, error: .init(href: "#note", message: message), note: note, action: action)
        }
        let stored = try web.database.decide(ExampleReference(try context.parameters.require("id")), action: action,
                                             note: note.isEmpty ? nil : note, actor: moderator.name)
        return web.redirect("/moderate?decided=\(stored.id)", visitor: visitor)
    }

    private func reviewPage(context: AppRequestContext, visitor: Visitor, error: SubmissionFormView.FormError?,
                            note: String, action: ModerationAction?) throws -> Response {
        let id = try context.parameters.require("id")
        guard let stored = try web.database.example(ExampleReference(id)) else { throw Problem.notFound("") }
        let duplicates = stored.flags.compactMap(Self.duplicateID).compactMap { try? web.database.example(.id($0)) }
        let view = ReviewView(stored: stored, duplicates: duplicates, history: try web.database.history(.id(stored.id)),
                              reference: web.database.reference, csrf: web.csrf(visitor), error: error, note: note, action: action)
        let title = (error == nil ? "" : "Error: ") + "Review: " + stored.example.title
        return web.page(.review, view, title: title, section: "/moderate", visitor: visitor,
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
