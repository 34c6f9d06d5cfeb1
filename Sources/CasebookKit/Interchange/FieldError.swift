/// One problem with one field of an input example.
public struct FieldError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The field's path, such as `organisation.name` or `links[1].url`; empty for the whole document.
    public var field: String
    public var message: String
    /// The 1-based line of a JSON Lines file, when there is one.
    public var line: Int?

    /// Makes a field error.
    public init(field: String, message: String, line: Int? = nil) {
        self.field = field
        self.message = message
        self.line = line
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
