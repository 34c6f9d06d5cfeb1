import CasebookKit
import HTTPTypes
import Hummingbird

/// The pages behind a review reminder's one-click links (`/reviews/{token}/running|changed|stopped`): the
/// token is the only key, so they send `noindex`, no referrer, and the request log leaves the token out.
/// Still running and stopped are recorded by the click itself; changed asks what changed, for moderators.
struct ReviewPages {
    let web: WebFront

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("reviews/:token/changed", use: changed)
            .post("reviews/:token/changed", use: describeChange)
            .get("reviews/:token/:answer", use: answer)
    }

    /// `GET /reviews/{token}/running` or `/stopped`: the answer, recorded at once.
    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        guard let answer = ReviewAnswer(rawValue: try context.parameters.require("answer")), answer != .changed else {
            throw Problem.notFound("")
        }
        let recorded = try await web.database.answerReview(token: try context.linkToken(), answer)
        return try page(recorded, visitor: visitor)
    }

    /// `GET /reviews/{token}/changed`: recorded as changed, with a box to say what changed.
    @Sendable func changed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let token = try context.linkToken()
        let existing = try await web.database.reviewRequest(token: token)
        let recorded = existing?.answer == .changed ? existing : try await web.database.answerReview(token: token, .changed)
        return try page(recorded, visitor: visitor, asking: true)
    }

    /// `POST /reviews/{token}/changed`: what changed, for the moderators who bring the example up to date.
    @Sendable func describeChange(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let form = try await web.form(request, context: context, visitor: visitor)
        let note = form.trimmed("note")
        do {
            let recorded = try await web.database.answerReview(token: try context.linkToken(), .changed, note: note)
            return try page(recorded, visitor: visitor, thanked: true)
        } catch let invalid as InvalidInput {
            let found = try await web.database.reviewRequest(token: try context.linkToken())
            var view = try ReviewAnswerView(found, asking: true, csrf: web.csrf(visitor))
            (view.note, view.error) = (note, invalid.errors.isEmpty ? nil : "Write what changed in at most 5,000 characters")
            return web.page(
                .reviewAnswer, view, title: "Error: " + view.heading, section: "", visitor: visitor, status: .unprocessableContent, headers: Self.headers)
        }
    }

    private func page(_ request: ReviewRequest?, visitor: Visitor, asking: Bool = false, thanked: Bool = false) throws -> Response {
        var view = try ReviewAnswerView(request, asking: asking && !thanked, csrf: web.csrf(visitor))
        view.thanked = thanked
        return web.page(.reviewAnswer, view, title: view.heading, section: "", visitor: visitor, headers: Self.headers)
    }

    /// Token pages are kept out of search engines.
    static let headers: HTTPFields = [.xRobotsTag: "noindex, nofollow"]
}

/// What the contact sees after answering.
struct ReviewAnswerView {
    var heading: String
    var message: String
    var exampleHref: String
    var title: String
    /// The form asking what changed.
    var asking: Bool
    var thanked = false
    var csrf: String
    var note = ""
    var error: String?

    /// The page for a recorded answer; not found for a token that belongs to no current reminder.
    init(_ request: ReviewRequest?, asking: Bool, csrf: String) throws {
        guard let request, let answer = request.answer else { throw Problem.notFound("") }
        (exampleHref, title, self.csrf) = ("/examples/\(request.exampleID)", request.title, csrf)
        (self.asking, note) = (asking, request.changeNote ?? "")
        switch answer {
        case .running:
            (heading, message) = ("Thank you: still running", "The example's page now says the work was confirmed as still running today.")
        case .stopped:
            (heading, message) = (
                "Thank you: the work has stopped", "The example's page now says the work has stopped. It stays in the library for others to learn from."
            )
        case .changed:
            (heading, message) = ("Thank you: the work has changed", "A moderator will bring the example up to date. Tell them what changed, in a few words.")
        }
    }
}

extension HTTPField.Name {
    static let xRobotsTag = Self("X-Robots-Tag")!
}
