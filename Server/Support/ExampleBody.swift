import CasebookKit
import Foundation
import Hummingbird

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
