import CasebookKit
import Hummingbird

/// The public submission form, and the private status page a submitter reaches by the link given after
/// submitting (`/submissions/{id}/{edit token}`), where they revise when a moderator asks for changes.
/// The request log leaves the token out (see `RequestLogMiddleware`), and pages send no referrer.
struct SubmissionPages {
    let web: WebFront
    let rates: RateLimits

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
            .get("submit", use: form)
            .get("submissions/:id/:token", use: status)
        routes.group().add(middleware: rates.submit)
            .post("submit", use: submit)
            .post("submissions/:id/:token", use: revise)
        return routes
    }

    /// `GET /submit`: the empty form.
    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        return page(SubmissionInput(), errors: [], visitor: visitor)
    }

    /// `POST /submit`: a new submission, or the form again with every error named and the input kept.
    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let fields = try await web.form(request, context: context, visitor: visitor)
        let input = SubmissionInput(fields)
        let submission: NewSubmission
        do { submission = try input.submission(reference: web.database.reference) } catch {
            return page(input, errors: error.errors, visitor: visitor)
        }
        let example = submission.example
        let warnings = SubmissionFormView.warnings(for: example)
        if fields.text("step") == "preview" || (!warnings.isEmpty && fields.text("identifiers-checked") != "yes") {
            return page(input, errors: [], warnings: warnings, preview: example, visitor: visitor)
        }
        let receipt = try await web.database.submit(example, submitterEmail: submission.submitterEmail)
        return web.redirect("/submissions/\(receipt.id)/\(receipt.editToken)?sent=1", visitor: visitor)
    }

    /// `GET /submissions/{id}/{token}`: the submission's status, moderators' notes and, when changes are
    /// requested, the form to revise it.
    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let stored = try await submission(context)
        let sent = try QueryParameters(request.uri.query).single("sent") == "1"
        return try await statusPage(
            stored, input: SubmissionInput(stored.example), errors: [], sent: sent, request: request, context: context, visitor: visitor)
    }

    /// `POST /submissions/{id}/{token}`: the revised example, back to the moderators.
    @Sendable func revise(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let fields = try await web.form(request, context: context, visitor: visitor)
        let input = SubmissionInput(fields)
        let stored = try await submission(context)
        let example: Example
        do { example = try input.example(reference: web.database.reference) } catch {
            return try await statusPage(stored, input: input, errors: error.errors, sent: false, request: request, context: context, visitor: visitor)
        }
        if fields.text("step") == "preview" {
            return try await statusPage(stored, input: input, errors: [], preview: example, sent: false, request: request, context: context, visitor: visitor)
        }
        _ = try await web.database.revise(.id(stored.id), with: example)
        return web.redirect(Self.privatePath(context), visitor: visitor)
    }

    /// The submission whose id and edit token are in the path; 404 for any mismatch, revealing nothing.
    private func submission(_ context: AppRequestContext) async throws -> StoredExample {
        let id = try context.parameters.require("id"), token = try context.parameters.require("token")
        guard let number = Int64(id), (1...200).contains(token.count), try await web.database.editTokenMatches(token, exampleID: number),
            let stored = try await web.database.example(.id(number))
        else { throw Problem.notFound("") }
        return stored
    }

    private static func privatePath(_ context: AppRequestContext) -> String {
        "/submissions/\(context.parameters.get("id") ?? "")/\(context.parameters.get("token") ?? "")"
    }

    private func page(_ input: SubmissionInput, errors: [FieldError], warnings: [String] = [], preview: Example? = nil, visitor: Visitor) -> Response {
        var form = SubmissionFormView(
            input: input, errors: errors, reference: web.database.reference, action: "/submit",
            submitLabel: "Send for moderation", csrf: web.csrf(visitor))
        form.warnings = warnings
        form.preview = preview.map { SubmissionFormView.preview(of: $0, reference: web.database.reference) }
        let heading = (preview == nil ? "" : "Preview: ") + "Submit an example"
        let title = (errors.isEmpty ? "" : "Error: ") + (warnings.isEmpty ? "" : "Check: ") + heading
        return web.page(.submit, form, title: title, section: "/submit", visitor: visitor, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    private func statusPage(
        _ stored: StoredExample, input: SubmissionInput, errors: [FieldError], preview: Example? = nil, sent: Bool,
        request: Request, context: AppRequestContext, visitor: Visitor
    ) async throws -> Response {
        let path = Self.privatePath(context)
        var form =
            stored.status == .changesRequested
            ? SubmissionFormView(
                input: input, errors: errors, reference: web.database.reference, action: path,
                submitLabel: "Send the changes", csrf: web.csrf(visitor))
            : nil
        form?.preview = preview.map { SubmissionFormView.preview(of: $0, reference: web.database.reference) }
        let scheme = WebFront.isSecure(request) ? "https" : "http"
        let notes = try await web.database.history(.id(stored.id)).compactMap(ModeratorNote.init)
        let view = SubmissionStatusView(
            stored: stored, notes: notes,
            reference: web.database.reference, privateLink: "\(scheme)://\(request.head.authority ?? "")\(path)",
            sent: sent, form: form)
        let title = (errors.isEmpty ? "" : "Error: ") + "Your submission"
        return web.page(.submission, view, title: title, section: "/submit", visitor: visitor, status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

/// The private status page of one submission.
struct SubmissionStatusView {
    var id: Int64
    var title: String
    var status: String
    var explanation: String
    var publishedHref: String?
    var notes: [Note]
    var privateLink: String
    var sent: Bool
    var form: SubmissionFormView?

    init(stored: StoredExample, notes: [ModeratorNote], reference: ReferenceData, privateLink: String, sent: Bool, form: SubmissionFormView?) {
        (id, title) = (stored.id, stored.example.title)
        status = VocabularyLabels.label(stored.status.rawValue, in: reference.labels.status)
        explanation = Self.explanations[stored.status] ?? ""
        publishedHref = stored.status == .published ? "/examples/\(stored.id)" : nil
        self.notes = notes.reversed().map { Note(at: DateWords.day($0.at), action: Self.actionWords[$0.action] ?? $0.action, note: $0.note) }
        (self.privateLink, self.sent, self.form) = (privateLink, sent, form)
    }

    /// A moderator's note as the submitter reads it: the day and what happened in words, never who.
    struct Note {
        var at: String
        var action: String
        var note: String
    }

    /// What each step of the history means to the person who sent the example.
    static let actionWords = [
        "submit": "Sent for review", "revise": "Changes sent", "request-changes": "Changes requested by a moderator",
        "approve": "Published by a moderator", "reject": "Not published, by a moderator's decision",
        "withdraw": "Withdrawn by a moderator", "edit": "Edited by a moderator", "confirm-current": "Confirmed still current",
        "acknowledge-flags": "Checked for anything that could identify a patient", "import": "Added to the library",
        "review-running": "You confirmed the work is still running", "review-changed": "You told us the work has changed",
        "review-stopped": "You told us the work has stopped"
    ]

    static let explanations: [ExampleStatus: String] = [
        .submitted: "A moderator will check your example. Come back to this page to see what they decide.",
        .changesRequested: "A moderator has asked for changes. Read their note, change your example below and send it again.",
        .published: "Your example is published in the library.",
        .rejected: "A moderator decided not to publish this example. Their note says why.",
        .withdrawn: "This example has been withdrawn from the library."
    ]
}
