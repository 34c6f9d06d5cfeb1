import Foundation

/// Any JSON value, decoded without a schema so that validation can name every bad field.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The name of the value's JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Parses one JSON document, describing any syntax error in plain words.
    static func parse(_ data: Data) throws(FieldError) -> JSONValue {
        let result: Result<JSONValue, JSONParser.Failure> = data.withUnsafeBytes { bytes in
            do throws(JSONParser.Failure) { return .success(try JSONParser.parse(bytes)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let failure): throw FieldError(field: "", message: failure.message == "is not valid UTF-8" ? failure.message : "is not valid JSON: it \(failure.message)")
        }
    }
}
