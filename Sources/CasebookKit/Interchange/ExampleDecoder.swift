import Foundation

/// Turns interchange JSON into validated examples, naming every bad field (contract section 2).
public struct ExampleDecoder: Sendable {
    /// Whether input comes from a trusted import (keeps uid, status and dates) or a public submission.
    public enum Source: Sendable {
        case importing
        case submission
    }

    let reference: ReferenceData
    let source: Source

    /// A decoder for input from `source`.
    public init(reference: ReferenceData, source: Source) {
        self.reference = reference
        self.source = source
    }

    /// Decodes and validates one JSON document.
    public func decode(_ data: Data) throws(InvalidInput) -> Example {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw InvalidInput([error]) }
        return try decode(value)
    }

    /// Decodes and validates a parsed JSON value (the web form builds one directly).
    public func decode(_ value: JSONValue) throws(InvalidInput) -> Example {
        guard case .object(let object) = value else {
            throw InvalidInput([.type("", expected: "a JSON object", found: value)])
        }
        var reader = FieldReader(object: object, reference: reference)
        let example = reader.example(keepingTrustedFields: source == .importing)
        guard reader.errors.isEmpty, let example else { throw InvalidInput(reader.errors) }
        return example
    }
}
