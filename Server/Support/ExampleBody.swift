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
    try decoded(
        Result { () throws(InvalidInput) -> Example in
            try ExampleDecoder(reference: reference, source: .submission).decode(data)
        })
}

/// Decodes a new submission (an example and an optional `submitter_email`) the same way.
func decodeSubmission(_ data: Data, reference: ReferenceData) throws -> NewSubmission {
    try decoded(
        Result { () throws(InvalidInput) -> NewSubmission in
            try ExampleDecoder(reference: reference, source: .submission).decodeSubmission(data)
        })
}

/// Decodes an adoption report ("we tried this too") the same way.
func decodeAdoption(_ data: Data, reference: ReferenceData) throws -> AdoptionReport {
    try decoded(
        Result { () throws(InvalidInput) -> AdoptionReport in
            try ExampleDecoder(reference: reference, source: .submission).decodeAdoption(data)
        })
}

/// Decodes a message for an example's contact the same way.
func decodeContactMessage(_ data: Data, reference: ReferenceData) throws -> ContactMessage {
    try decoded(
        Result { () throws(InvalidInput) -> ContactMessage in
            try ExampleDecoder(reference: reference, source: .submission).decodeContactMessage(data)
        })
}

/// Decodes a request for email updates the same way.
func decodeAlertRequest(_ data: Data, reference: ReferenceData) throws -> AlertRequest {
    try decoded(
        Result { () throws(InvalidInput) -> AlertRequest in
            try ExampleDecoder(reference: reference, source: .submission).decodeAlertRequest(data)
        })
}

/// The decoded value, or the error as the API answers it.
private func decoded<T>(_ result: Result<T, InvalidInput>) throws -> T {
    switch result {
    case .success(let value): return value
    case .failure(let invalid) where invalid.isMalformedDocument:
        throw Problem.malformedBody(invalid.errors.map(\.message).joined(separator: "; "))
    case .failure(let invalid): throw invalid
    }
}

/// Decodes a local guide's document the same way (contract section 6).
func decodeGuide(_ data: Data, reference: ReferenceData) throws -> GuideContent {
    try decoded(Result { () throws(InvalidInput) -> GuideContent in try GuideReader(reference: reference).read(data) })
}
