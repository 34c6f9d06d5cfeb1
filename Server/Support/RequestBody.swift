import CasebookKit
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// The one way a route reads its body: whole, and never more than `--max-body-bytes`, whether the
/// client declared a `Content-Length` or sent chunks. What can go wrong on the way (too many bytes,
/// broken framing) is answered by `Problem(readingBody:)`, which both error middlewares use.
extension Request {
    /// The whole body, at most the context's limit.
    func body(context: AppRequestContext) async throws -> ByteBuffer {
        var copy = self
        return try await copy.collectBody(upTo: context.maxUploadSize)
    }

    /// The whole body, after checking that it is declared as `application/json` (415 otherwise).
    func jsonBody(context: AppRequestContext) async throws -> Data {
        guard let type = headers[.contentType].flatMap(MediaType.init(from:)), type.isType(.applicationJson) else {
            throw Problem.unsupportedMediaType
        }
        return Data(try await body(context: context).readableBytesView)
    }
}

extension Problem {
    /// The problem a failure while reading a body stands for: 413 for a body over the limit, 400 for
    /// framing the HTTP parser could not read; nil for any other error.
    init?(readingBody error: any Error, limit: Int) {
        switch error {
        case is NIOTooManyBytesError: self = .contentTooLarge(limit: limit)
        case is HTTPParserError:
            self = Problem(
                .badRequest, type: Problem.typePrefix + "malformed-request", title: "Malformed request",
                detail: "the request could not be read: its framing is broken", headers: [.connection: "close"])
        default: return nil
        }
    }
}
