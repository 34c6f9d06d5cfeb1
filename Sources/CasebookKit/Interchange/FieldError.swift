/// One problem with one field of an input example.
///
/// An error holds what is wrong as facts (its `reason`), never as finished prose: `message` (the API's
/// and the command line's wording) and `sentence(for:)` (a form's wording) are both worded from those
/// facts in `FieldError+Wording.swift`, so no code needs to read a message to learn what went wrong.
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

    /// What is wrong, with the facts the message is worded from.
    public enum Reason: Sendable, Equatable {
        /// Missing, blank or empty; `what` says what the field holds, when that helps.
        case required(what: String?)
        /// A field the format does not know.
        case unknownField
        /// The wrong JSON type: `expected` in words ("a string"), `found` the type given, when known.
        case type(expected: String, found: String?)
        /// Not one of a closed list; `allowed` is nil for the foundation and ambition keys, which also take numbers.
        case notOneOf(value: String?, allowed: [String]?)
        /// A text or list outside its bounds.
        case length(Size)
        /// A value without the shape asked for.
        case format(value: String?, shape: Shape)
        /// A list that names the same entry twice.
        case listedTwice(String)
        /// Not well-formed JSON: what the reader found, as "has text after the JSON value".
        case syntax(String)
        /// An object that names a key twice.
        case duplicateKey(String)
        /// Bytes that are not UTF-8 text.
        case notText
        /// Any other rule, in words.
        case rule(String)
    }

    /// The bounds of a text (in characters) or of a list (in entries), and how many it has when that is known.
    public struct Size: Sendable, Equatable {
        /// The fewest allowed (0 when only the most is bounded).
        public var least: Int
        /// The most allowed.
        public var most: Int
        /// How many the value has, when the message should say so.
        public var count: Int?
        /// What is counted: nil for characters, else the entries of a list in the plural ("keywords").
        public var entries: String?

        /// Bounds of `least...most` characters, or of entries when `entries` names them.
        public init(_ bounds: ClosedRange<Int>, count: Int? = nil, entries: String? = nil) {
            (least, most, self.count, self.entries) = (bounds.lowerBound, bounds.upperBound, count, entries)
        }
    }

    /// The shapes a value can be asked to have.
    public enum Shape: Sendable, Equatable {
        /// A year, or a year and month: `YYYY` or `YYYY-MM`.
        case month
        /// A calendar date, `YYYY-MM-DD`.
        case date
        /// An ISO 8601 UTC time such as `2024-03-01T10:00:00Z`.
        case timestamp
        /// An absolute `http` or `https` address.
        case webAddress
        /// An email address.
        case email
        /// A UUID.
        case uuid
        /// A collection's short name: lowercase letters, digits and hyphens.
        case slug
        /// Text without NUL characters.
        case noNUL
        /// An example's id or uid.
        case exampleReference
    }

    /// The field's path, such as `organisation.name` or `links[1].url`; empty for the whole document.
    public var field: String
    /// What is wrong.
    public var reason: Reason
    /// The 1-based line of a JSON Lines file, when there is one.
    public var line: Int?

    enum CodingKeys: String, CodingKey {
        case field, message, line
    }

    /// Makes a field error from what is wrong with the field.
    public init(field: String, _ reason: Reason, line: Int? = nil) {
        self.field = field
        self.reason = reason
        self.line = line
    }

    /// What kind of problem it is (not part of the written form, which has field, message and line).
    public var kind: Kind {
        switch reason {
        case .required: .required
        case .unknownField: .unknownField
        case .type: .type
        case .notOneOf: .notOneOf
        case .length(let size): size.count == 0 && size.least > 0 ? .required : .length
        case .format: .format
        case .listedTwice: .rule
        case .syntax, .notText: .syntax
        case .duplicateKey: .duplicateKey
        case .rule: .rule
        }
    }

    /// The same error, placed on a line of a JSON Lines file.
    public func at(line: Int) -> FieldError {
        var placed = self
        placed.line = line
        return placed
    }

    /// A field that must be given; `what` says what it holds.
    public static func required(_ field: String, _ what: String? = nil) -> FieldError {
        FieldError(field: field, .required(what: what))
    }

    /// A field the format does not know.
    public static func unknownField(_ field: String) -> FieldError {
        FieldError(field: field, .unknownField)
    }

    /// A value of the wrong type: "must be a string, not a number".
    public static func type(_ field: String, expected: String, found: JSONValue? = nil) -> FieldError {
        FieldError(field: field, .type(expected: expected, found: found?.typeName))
    }

    /// A value outside a closed list: "'x' is not one of: a, b" (or "must be one of: a, b" without the value).
    public static func notOneOf(_ field: String, _ value: String?, allowed: [String]) -> FieldError {
        FieldError(field: field, .notOneOf(value: value, allowed: allowed))
    }

    /// Text longer than a limit: "must be at most 5,000 characters".
    public static func tooLong(_ field: String, limit: Int) -> FieldError {
        FieldError(field: field, .length(Size(0...limit)))
    }

    /// Text or a list outside its bounds.
    public static func length(_ field: String, _ bounds: ClosedRange<Int>, count: Int? = nil, entries: String? = nil) -> FieldError {
        FieldError(field: field, .length(Size(bounds, count: count, entries: entries)))
    }

    /// A value without the shape asked for; `value` is quoted in the message when given.
    public static func format(_ field: String, _ value: String?, _ shape: Shape) -> FieldError {
        FieldError(field: field, .format(value: value, shape: shape))
    }

    /// An error read back from its written form: the message is kept as it was written.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            field: try container.decode(String.self, forKey: .field), .rule(try container.decode(String.self, forKey: .message)),
            line: try container.decodeIfPresent(Int.self, forKey: .line))
    }

    /// Writes field, message and line: the interchange's shape of an error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(line, forKey: .line)
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
