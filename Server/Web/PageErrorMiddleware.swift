import CasebookKit
import Hummingbird
import Logging

/// Answers errors on the web pages with an HTML page in the site's layout, where the API answers
/// problem+json. API paths (under `/api/` and every path the OpenAPI document names) pass through untouched.
struct PageErrorMiddleware: RouterMiddleware {
    let web: WebFront
    /// The documented API routes, which keep their problem+json errors.
    let apiRoutes: RouteTable
    /// `--max-body-bytes`, named in the 413 of a body that turned out too large while it was read.
    let bodyLimit: Int

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            guard isPage(request.uri.path) else { throw error }
            if error is SignInRequired { return Response.redirect(to: "/moderate/sign-in", type: .normal) }
            let failure = PageFailure(error, limit: bodyLimit, logger: context.logger)
            let visitor = (try? web.visitor(request, context: context)) ?? Visitor(formCookie: "", newFormCookie: false, secure: false)
            return web.page(
                .error, failure, title: failure.title, section: "", visitor: visitor,
                status: failure.status, headers: failure.headers)
        }
    }

    /// Whether a path belongs to the web pages rather than the API.
    func isPage(_ path: String) -> Bool {
        !path.hasPrefix("/api/") && apiRoutes.methods(forPath: path) == nil
    }
}

/// What an error page says: a plain title, what to do next, and the status.
struct PageFailure {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    var headers: HTTPFields = [:]

    init(_ error: any Error, limit: Int, logger: Logger) {
        switch Problem(readingBody: error, limit: limit) ?? error {
        case let problem as Problem:
            (status, detail, headers) = (
                problem.status, problem.detail,
                HTTPFields(problem.headers.filter { $0.name == .retryAfter || $0.name == .connection })
            )
        case LibraryError.notFound: (status, detail) = (.notFound, "")
        case let library as LibraryError where library.isStorageFailure:
            (status, detail, headers) = (.serviceUnavailable, "", [.retryAfter: "5"])
        case let library as LibraryError: (status, detail) = (.conflict, library.description)
        case let flags as UnacknowledgedFlags: (status, detail) = (.conflict, flags.description)
        case let search as SearchError: (status, detail) = (.unprocessableContent, search.description)
        case let http as HTTPError: (status, detail) = (http.status, "")
        default:
            logger.error("unexpected failure on a page", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            (status, detail) = (.internalServerError, "")
        }
        title = Self.titles[status.code] ?? status.reasonPhrase
        if detail.isEmpty { detail = Self.advice[status.code] ?? "Go back and try again." }
    }

    static let titles: [Int: String] = [
        400: "There is a problem with the address", 403: "This form could not be sent", 404: "Page not found",
        405: "Page not found", 409: "That change cannot be made", 413: "What you sent is too large",
        422: "That search could not be run", 429: "Too many requests", 500: "Sorry, there is a problem with the service",
        503: "Sorry, the service is unavailable"
    ]

    static let advice: [Int: String] = [
        404: "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.",
        405: "If you typed the web address, check it is correct.",
        413: "Go back and make what you sent shorter.",
        500: "Try again later.",
        503: "Try again in a few moments."
    ]
}

extension LibraryError {
    var isStorageFailure: Bool {
        if case .storage = self { return true }
        return false
    }
}
