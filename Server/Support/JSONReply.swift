import CasebookKit
import Foundation
import Hummingbird

/// A JSON response written like the CLI's JSON (sorted keys, unescaped slashes), with a status and headers.
struct JSONReply<Value: Encodable>: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields = [:]
    var value: Value

    init(status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], _ value: Value) {
        self.status = status
        self.headers = headers
        self.value = value
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        let data = try (value as? any DirectJSON)?.json ?? Interchange.encoder(pretty: false).encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
