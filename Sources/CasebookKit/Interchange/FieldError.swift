/// One problem with one field of an input example.
public struct FieldError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// What kind of problem it is. Code that reacts to a problem reads this, never the message.
    public enum Kind: String, Sendable, Equatable {
        /// The field is missing, blank or empty.
        case required
        /// The object has a field the format does not know.
        case unknownField
        /// The value has the wrong JSON type.
        case type
        /// The value is not one of a closed list.
        case notOneOf
        /// The text is too short or too long, or the list has too few or too many entries.
        case length
        /// The value does not have the shape asked for (a date, an address, a slug…).
        case format
        /// The document is not well-formed JSON.
        case syntax
        /// An object names the same key twice.
        case duplicateKey
        /// Any other rule, named by the message.
        case rule
    }

    /// The field's path, such as `organisation.name` or `links[1].url`; empty for the whole document.
    public var field: String
    public var message: String
    /// The 1-based line of a JSON Lines file, when there is one.
    public var line: Int?
    /// What kind of problem it is (not part of the written form, which has field, message and line).
    public var kind: Kind

    enum CodingKeys: String, CodingKey {
        case field, message, line
    }

    /// Makes a field error of a kind, worded by `message`.
    public init(field: String, message: String, kind: Kind = .rule, line: Int? = nil) {
        self.field = field
        self.message = message
        self.line = line
        self.kind = kind
    }

    /// A field that must be given; `what` says what it holds.
    public static func required(_ field: String, _ what: String? = nil) -> FieldError {
        FieldError(field: field, message: "is required" + (what.map { ": " + $0 } ?? ""), kind: .required)
    }

    /// A field the format does not know.
    public static func unknownField(_ field: String) -> FieldError {
        FieldError(field: field, message: "is not a known field", kind: .unknownField)
    }

    /// A value of the wrong type: "must be a string, not a number".
    public static func type(_ field: String, expected: String, found: JSONValue? = nil) -> FieldError {
        FieldError(field: field, message: "must be \(expected)" + (found.map { ", not \($0.typeName)" } ?? ""), kind: .type)
    }

    /// A value outside a closed list: "'x' is not one of: a, b" (or "must be one of: a, b" without the value).
    public static func notOneOf(_ field: String, _ value: String?, allowed: [String]) -> FieldError {
        let list = allowed.joined(separator: ", ")
        return FieldError(field: field, message: value.map { "'\($0)' is not one of: \(list)" } ?? "must be one of: \(list)", kind: .notOneOf)
    }

    /// Text longer than a limit: "must be at most 5,000 characters".
    public static func tooLong(_ field: String, limit: Int) -> FieldError {
        FieldError(field: field, message: "must be at most \(grouped(limit)) characters", kind: .length)
    }

    /// A whole number written with thousands separators: 5,000.
    static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var index = digits.count - 3
        while index > 0, digits.first != "-" || index > 1 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
            index -= 3
        }
        return digits
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(field: try container.decode(String.self, forKey: .field), message: try container.decode(String.self, forKey: .message),
                  line: try container.decodeIfPresent(Int.self, forKey: .line))
    }

    public var description: String {
        let place = line.map { "line \($0): " } ?? ""
        return field.isEmpty ? "\(place)\(message)" : "\(place)\(field): \(message)"
    }
}

/// Input that failed validation, with every problem found.
public struct InvalidInput: Error, Sendable, CustomStringConvertible {
    public var errors: [FieldError]

    /// Wraps a list of field errors.
    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
