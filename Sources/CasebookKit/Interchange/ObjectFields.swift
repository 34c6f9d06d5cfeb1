import Foundation

/// Reads the fields of one JSON object, collecting a `FieldError` for each bad one, so that a body
/// with several mistakes is answered with all of them. Used for every small input (a moderator's
/// decision, a new collection, a list of items, the settings file); examples have `FieldReader`.
public struct ObjectFields: Sendable {
    /// The object's members.
    public let members: [String: JSONValue]
    /// Every problem found so far, in the order the fields were read.
    public private(set) var errors: [FieldError] = []

    /// The fields of `value`, which must be an object; `expecting` names what it should hold.
    public init(_ value: JSONValue, expecting: String) throws(FieldError) {
        guard let members = value.object else {
            throw FieldError.type("", expected: "a JSON object with \(expecting)", found: value)
        }
        self.members = members
    }

    /// Parses `data` and reads its fields: a syntax error, or a document that is not an object, is thrown.
    public init(json data: Data, expecting: String) throws(FieldError) {
        try self.init(try JSONValue.parse(data), expecting: expecting)
    }

    /// Records an error for every member not in `allowed`, in name order.
    public mutating func rejectUnknown(allowed: Set<String>) {
        errors += members.keys.sorted().filter { !allowed.contains($0) }.map(FieldError.unknownField)
    }

    /// Records a problem found by the caller.
    public mutating func fail(_ error: FieldError) {
        errors.append(error)
    }

    /// A text member: nil when absent or null; an error when it is another type, or longer than `maxLength` characters.
    public mutating func string(_ name: String, maxLength: Int? = nil) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?:
            if let maxLength, text.unicodeScalars.count > maxLength {
                fail(.tooLong(name, limit: maxLength))
            }
            return text
        case let other?:
            fail(.type(name, expected: "a string", found: other))
            return nil
        }
    }

    /// A true-or-false member: nil when absent or null; an error when it is another type.
    public mutating func boolean(_ name: String) -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?:
            fail(.type(name, expected: "true or false", found: other))
            return nil
        }
    }

    /// A required text member: an error when absent.
    public mutating func requiredString(_ name: String, _ what: String? = nil) -> String? {
        guard members[name] != nil, members[name] != .null else {
            fail(.required(name, what))
            return nil
        }
        return string(name)
    }

    /// One of a closed list of words: an error naming the list when it is another word or absent.
    public mutating func oneOf<Value: RawRepresentable>(_ name: String, _ allowed: [Value]) -> Value? where Value.RawValue == String {
        let text = members[name]?.string
        guard let text, let value = Value(rawValue: text), allowed.contains(where: { $0.rawValue == text }) else {
            fail(.notOneOf(name, nil, allowed: allowed.map(\.rawValue)))
            return nil
        }
        return value
    }

    /// An array member: nil and an error when it is absent or another type.
    public mutating func requiredArray(_ name: String, _ what: String) -> [JSONValue]? {
        switch members[name] {
        case .array(let elements)?: return elements
        case nil, .null?:
            fail(.required(name, what))
            return nil
        case let other?:
            fail(.type(name, expected: what, found: other))
            return nil
        }
    }
}
