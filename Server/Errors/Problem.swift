import CasebookKit
import Foundation
import Hummingbird

/// An error answered as `application/problem+json` (RFC 9457), the one error shape of the API.
public struct Problem: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    public var type: String
    public var title: String
    public var detail: String
    /// For validation problems: every bad field with what is wrong with it.
    public var errors: [FieldError]?
    /// Extra response headers, such as `WWW-Authenticate`, `Allow` or `Retry-After`.
    public var headers: HTTPFields = [:]

    /// Makes a problem; the title defaults to the status's reason phrase.
    public init(
        _ status: HTTPResponse.Status, type: String = "about:blank", title: String? = nil, detail: String,
        errors: [FieldError]? = nil, headers: HTTPFields = [:]
    ) {
        self.status = status
        self.type = type
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/problem+json"
        let body = try Interchange.encoder(pretty: false).encode(Body(self))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var errors: [Entry]?

        init(_ problem: Problem) {
            (type, title, status, detail) = (problem.type, problem.title, problem.status.code, problem.detail)
            errors = problem.errors?.map { Entry(field: $0.field, message: $0.message) }
        }
    }

    private struct Entry: Encodable {
        var field: String
        var message: String
    }
}

extension Problem {
    /// The prefix of Casebook's own problem types.
    static let typePrefix = "urn:casebook:problem:"

    /// 400: a query or path parameter that cannot be used, named in `errors`.
    static func badParameter(_ error: FieldError) -> Problem {
        Problem(
            .badRequest, type: typePrefix + "invalid-parameter", title: "Invalid parameter",
            detail: error.description, errors: [error])
    }

    /// 400: a body that is not well-formed JSON, or not a JSON object.
    static func malformedBody(_ detail: String) -> Problem {
        Problem(.badRequest, type: typePrefix + "malformed-json", title: "Malformed JSON", detail: "the request body " + detail)
    }

    /// 422: a well-formed body whose fields break the rules, every one named.
    static func invalid(_ errors: [FieldError]) -> Problem {
        Problem(
            .unprocessableContent, type: typePrefix + "validation", title: "Invalid input",
            detail: errors.map(\.description).joined(separator: "; "), errors: errors)
    }

    /// 401: no credentials, or credentials nobody holds.
    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, detail: detail, headers: [.wwwAuthenticate: "Bearer realm=\"casebook\""])
    }

    /// 403: valid credentials that do not reach this resource.
    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, detail: detail) }

    /// 404: nothing public by that name.
    static func notFound(_ detail: String) -> Problem { Problem(.notFound, detail: detail) }

    /// 405: the path exists, but not with this method.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> Problem {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return Problem(.methodNotAllowed, detail: "\(method.rawValue) is not allowed here; use \(list)", headers: [.allow: list])
    }

    /// 409: the example's status forbids the change; the detail names the status.
    static func conflict(_ detail: String) -> Problem {
        Problem(.conflict, type: typePrefix + "illegal-transition", title: "Conflict", detail: detail)
    }

    /// 409: approving needs the screening flags acknowledged; each flag is named in `errors`.
    static func unacknowledgedFlags(_ refusal: UnacknowledgedFlags) -> Problem {
        Problem(
            .conflict, type: typePrefix + "unacknowledged-flags", title: "Screening flags not acknowledged",
            detail: refusal.description + "; send \"acknowledge_flags\": true to approve it as it is",
            errors: refusal.flags.map { FieldError(field: $0.field, .rule("\($0.kind.rawValue): \($0.detail)")) })
    }

    /// 413: the body is over the limit.
    static func contentTooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, detail: "the request body is larger than the limit of \(limit) bytes")
    }

    /// 415: the body is not JSON.
    static let unsupportedMediaType = Problem(.unsupportedMediaType, detail: "send the body as application/json")

    /// 429: the client has used up its allowance for now.
    static func tooManyRequests(retryAfter seconds: Int) -> Problem {
        Problem(
            .tooManyRequests, detail: "too many requests from this client; try again in \(seconds) s",
            headers: [.retryAfter: String(seconds)])
    }
}
