import CasebookKit
import Foundation
import Hummingbird

/// Reading JSON request bodies: 415 unless the body is JSON, 413 over the limit.
extension Request {
    /// The whole body, after checking that it is declared as `application/json`.
    func jsonBody(context: AppRequestContext) async throws -> Data {
        guard let type = headers[.contentType].flatMap(MediaType.init(from:)), type.isType(.applicationJson) else {
            throw Problem.unsupportedMediaType
        }
        var copy = self
        let buffer = try await copy.collectBody(upTo: context.maxUploadSize)
        return Data(buffer.readableBytesView)
    }
}

extension InvalidInput {
    /// Whether the errors are about the document as a whole (not JSON, not an object) rather than its fields.
    var isMalformedDocument: Bool {
        errors.allSatisfy { $0.field.isEmpty }
    }
}

/// Decodes an example from a request body: 400 when it is not a JSON object, 422 naming every bad field.
func decodeExample(_ data: Data, reference: ReferenceData) throws -> Example {
    let result = Result { () throws(InvalidInput) -> Example in
        try ExampleDecoder(reference: reference, source: .submission).decode(data)
    }
    switch result {
    case .success(let example): return example
    case .failure(let invalid) where invalid.isMalformedDocument:
        throw Problem.malformedBody(invalid.errors.map(\.message).joined(separator: "; "))
    case .failure(let invalid): throw invalid
    }
}
