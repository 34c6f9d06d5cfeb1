import CasebookKit
import Hummingbird

/// Email updates on the web (contract section 9): the request form for a search or a foundation, and the
/// pages behind the confirmation and unsubscribe links. Unsubscribing takes one click, also as the
/// one-click `POST` of RFC 8058 that mail programs send, which carries no form token: the link's own token
/// is the key.
struct AlertPages {
    let web: WebFront
    let rates: RateLimits

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
            .get("alerts/new", use: form)
            .get("alerts/confirm/:token", use: confirm)
            .get("alerts/unsubscribe/:token", use: unsubscribe)
            .post("alerts/unsubscribe/:token", use: unsubscribe)
        routes.group().add(middleware: rates.message)
            .post("alerts/new", use: request)
        return routes
    }

    /// `GET /alerts/new?q=…&foundation=…`: the search in words, and a box for the address.
    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let search = try AlertPageView.search(from: try QueryParameters(request.uri.query), reference: web.database.reference)
        let view = AlertPageView(search: search, reference: web.database.reference, csrf: web.csrf(visitor))
        return web.page(.alert, view, title: "Get email updates", section: "/", visitor: visitor)
    }

    /// `POST /alerts/new`: the request, confirmed by a link sent to the address; the form again with the
    /// problem named when the address is not one.
    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let fields = try await web.form(request, context: context, visitor: visitor)
        let reference = web.database.reference
        let search = try AlertPageView.search(from: fields.parameters, reference: reference)
        var view = AlertPageView(search: search, reference: reference, csrf: web.csrf(visitor))
        view.email = fields.trimmed("email")
        do {
            let alert = try ExampleDecoder(reference: reference, source: .submission).decodeAlertRequest(
                AlertPageView.requestObject(email: view.email, parameters: fields.parameters))
            try await web.database.requestAlert(alert)
            view.sent = true
            return web.page(.alert, view, title: "Check your email", section: "/", visitor: visitor, headers: ReviewPages.headers)
        } catch let invalid as InvalidInput {
            view.error = invalid.errors.contains { $0.field == "email" } ? "Enter your email address in the form name@example.org" : "Check the search"
            return web.page(.alert, view, title: "Error: Get email updates", section: "/", visitor: visitor, status: .unprocessableContent)
        }
    }

    /// `GET /alerts/confirm/{token}`: the updates start.
    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        guard let words = try await web.database.confirmAlert(token: try context.linkToken()) else { throw Problem.notFound("") }
        let view = AlertPageView.done(heading: "Your email updates are on", message: "You will get at most one email a day with \(words).")
        return web.page(.alert, view, title: view.heading, section: "/", visitor: visitor, headers: ReviewPages.headers)
    }

    /// `GET` or `POST /alerts/unsubscribe/{token}`: the alert and its address are deleted at once.
    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visitor = try web.visitor(request, context: context)
        let view: AlertPageView
        if let words = try await web.database.unsubscribeAlert(token: try context.linkToken()) {
            view = .done(heading: "You are unsubscribed", message: "No more emails will be sent with \(words), and your address is deleted.")
        } else {
            view = .done(heading: "No updates to stop", message: "These updates have already stopped, or the link is not complete.")
        }
        return web.page(.alert, view, title: view.heading, section: "/", visitor: visitor, headers: ReviewPages.headers)
    }

}

/// The email-updates page: the request form, "check your email", or the outcome of a link.
struct AlertPageView {
    var heading = "Get email updates"
    var words = ""
    var message = ""
    var form = true
    var sent = false
    var email = ""
    var error: String?
    var csrf = ""
    /// The search, carried by hidden fields.
    var hidden: [HiddenField] = []
    var searchHref = "/search"

    init(search: AlertSearch, reference: ReferenceData, csrf: String) {
        words = search.words(reference: reference)
        self.csrf = csrf
        hidden =
            (search.q.isEmpty ? [] : [HiddenField(name: "q", value: search.q)])
            + search.filters.flatMap { filter in filter.keys.map { HiddenField(name: filter.name, value: $0) } }
        searchHref = "/search?" + search.queryString
    }

    struct HiddenField {
        var name: String
        var value: String
    }

    private init(heading: String, message: String) {
        (self.heading, self.message, form) = (heading, message, false)
    }

    /// A page that only tells what a link did.
    static func done(heading: String, message: String) -> AlertPageView {
        AlertPageView(heading: heading, message: message)
    }

    /// The search in a query string or form, read as the API reads a request (400 for a value that is not one).
    static func search(from parameters: QueryParameters, reference: ReferenceData) throws -> AlertSearch {
        let object = requestObject(email: "someone@example.org", parameters: parameters)
        do {
            return try ExampleDecoder(reference: reference, source: .submission).decodeAlertRequest(object).search
        } catch {
            throw Problem.badParameter(error.errors.first ?? FieldError(field: "q", .rule("the search could not be read")))
        }
    }

    /// The request as the API takes it, from the address and the search's fields.
    static func requestObject(email: String, parameters: QueryParameters) -> JSONValue {
        var object: [String: JSONValue] = ["email": .string(email)]
        if let q = parameters.all("q").first, !q.isEmpty { object["q"] = .string(q) }
        for name in ["foundation", "ambition", "region", "organisation_type", "evidence", "outcome_measure", "work_status"] {
            let values = parameters.all(name).filter { !$0.isEmpty }
            if !values.isEmpty { object[name] = .array(values.map(JSONValue.string)) }
        }
        return .object(object)
    }
}
