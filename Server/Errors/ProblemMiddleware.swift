import CasebookKit
import Hummingbird
import Logging

/// Turns every error into a problem+json response, so no client sees an empty body or a stack trace.
struct ProblemMiddleware: RouterMiddleware {
    /// The documented methods of each path, to tell a wrong method (405) from an unknown path (404).
    let routes: RouteTable
    /// `--max-body-bytes`, named in the 413 of a body that turned out too large while it was read.
    let bodyLimit: Int

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try problem(for: error, request: request, context: context).response(from: request, context: context)
        }
    }

    private func problem(for error: any Error, request: Request, context: AppRequestContext) -> Problem {
        if let reading = Problem(readingBody: error, limit: bodyLimit) { return reading }
        let logger = context.logger
        switch error {
        case let problem as Problem: return problem
        case let invalid as InvalidInput: return .invalid(invalid.errors)
        case let library as LibraryError: return problem(for: library, logger: logger)
        case let flags as UnacknowledgedFlags: return .unacknowledgedFlags(flags)
        case let search as SearchError:
            return Problem(
                .unprocessableContent, type: Problem.typePrefix + "search-too-expensive",
                title: "Search too expensive", detail: search.description)
        case let http as HTTPError: return problem(for: http, request: request)
        default:
            logger.error("unexpected failure", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return Problem(.internalServerError, detail: "something went wrong on the server")
        }
    }

    private func problem(for error: LibraryError, logger: Logger) -> Problem {
        switch error {
        case .notFound: return .notFound(error.description)
        case .illegalTransition, .conflict: return .conflict(error.description)
        case .storage(let message):
            logger.error("storage failure", metadata: ["error": "\(message)"])
            return Problem(.serviceUnavailable, detail: "the library is not available just now", headers: [.retryAfter: "5"])
        }
    }

    private func problem(for error: HTTPError, request: Request) -> Problem {
        switch error.status {
        case .notFound:
            if let allowed = routes.methods(forPath: request.uri.path), !allowed.contains(request.method) {
                return .methodNotAllowed(request.method, allowed: allowed)
            }
            return .notFound("there is nothing at \(request.uri.path)")
        case .contentTooLarge: return Problem(.contentTooLarge, detail: "the request body is larger than the limit")
        default: return Problem(error.status, detail: error.body ?? error.status.reasonPhrase)
        }
    }
}
