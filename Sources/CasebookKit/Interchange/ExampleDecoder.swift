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

    /// Decodes a public submission: the example, and the optional `submitter_email` (contract section 10),
    /// which is taken out before the example is read so it can never be stored or shown with it.
    public func decodeSubmission(_ data: Data) throws(InvalidInput) -> NewSubmission {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw InvalidInput([error]) }
        return try decodeSubmission(value)
    }

    /// The same, from a parsed JSON value (the web form builds one directly).
    public func decodeSubmission(_ value: JSONValue) throws(InvalidInput) -> NewSubmission {
        guard case .object(var object) = value else {
            throw InvalidInput([.type("", expected: "a JSON object", found: value)])
        }
        let given = object.removeValue(forKey: "submitter_email")
        var errors: [FieldError] = []
        let email = Self.submitterEmail(given, errors: &errors)
        let example: Example
        do throws(InvalidInput) {
            example = try decode(.object(object))
        } catch {
            throw InvalidInput(errors + error.errors)
        }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        return NewSubmission(example: example, submitterEmail: email)
    }

    private static func submitterEmail(_ value: JSONValue?, errors: inout [FieldError]) -> MailAddress? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            if let address = MailAddress(text) { return address }
            errors.append(.format("submitter_email", text, .email))
        case let other?:
            errors.append(.type("submitter_email", expected: "a string", found: other))
        }
        return nil
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

extension ExampleDecoder {
    /// Decodes and validates an adoption report ("we tried this too"), naming every bad field.
    public func decodeAdoption(_ value: JSONValue) throws(InvalidInput) -> AdoptionReport {
        guard case .object(let object) = value else {
            throw InvalidInput([.type("", expected: "a JSON object", found: value)])
        }
        var reader = FieldReader(object: object, reference: reference)
        guard let report = reader.adoptionReport(), reader.errors.isEmpty else { throw InvalidInput(reader.errors) }
        return report
    }

    /// The same, from the bytes of a request body.
    public func decodeAdoption(_ data: Data) throws(InvalidInput) -> AdoptionReport {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw InvalidInput([error]) }
        return try decodeAdoption(value)
    }
}

extension ExampleDecoder {
    /// Decodes and validates a message for an example's contact, naming every bad field.
    public func decodeContactMessage(_ value: JSONValue) throws(InvalidInput) -> ContactMessage {
        guard case .object(let object) = value else {
            throw InvalidInput([.type("", expected: "a JSON object", found: value)])
        }
        var reader = FieldReader(object: object, reference: reference)
        guard let message = reader.contactMessage(), reader.errors.isEmpty else { throw InvalidInput(reader.errors) }
        return message
    }

    /// The same, from the bytes of a request body.
    public func decodeContactMessage(_ data: Data) throws(InvalidInput) -> ContactMessage {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw InvalidInput([error]) }
        return try decodeContactMessage(value)
    }
}

extension ExampleDecoder {
    /// Decodes and validates a request for email updates, naming every bad field.
    public func decodeAlertRequest(_ value: JSONValue) throws(InvalidInput) -> AlertRequest {
        guard case .object(let object) = value else {
            throw InvalidInput([.type("", expected: "a JSON object", found: value)])
        }
        var reader = FieldReader(object: object, reference: reference)
        guard let request = reader.alertRequest(), reader.errors.isEmpty else { throw InvalidInput(reader.errors) }
        return request
    }

    /// The same, from the bytes of a request body.
    public func decodeAlertRequest(_ data: Data) throws(InvalidInput) -> AlertRequest {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw InvalidInput([error]) }
        return try decodeAlertRequest(value)
    }
}

/// A public submission as it arrives: the example, and the address its submitter gave for mail only.
public struct NewSubmission: Sendable {
    public var example: Example
    public var submitterEmail: MailAddress?
}
