/// How a command or route names an example: its numeric id or its uid.
public enum ExampleReference: Sendable, Equatable, CustomStringConvertible {
    case id(Int64)
    case uid(String)

    /// Reads "31" as an id and anything else as a uid.
    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Int64(trimmed), number > 0 { self = .id(number) } else { self = .uid(trimmed.lowercased()) }
    }

    public var description: String {
        switch self {
        case .id(let id): "example \(id)"
        case .uid(let uid): "example \(uid)"
        }
    }
}
