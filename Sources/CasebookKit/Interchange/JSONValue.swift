import Foundation

/// Any JSON value, decoded without a schema so that validation can name every bad field. Every input
/// of Casebook (API bodies, web forms, import files, the settings file) is read into one of these by
/// `JSONValue.parse`, or built as one, and its fields are read with `ObjectFields` (decision 2).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Parses one JSON document, any syntax error thrown with its reason; an object that names a
    /// key twice is an error naming the key. A UTF-8 byte-order mark before the document is skipped.
    public static func parse(_ data: Data) throws(FieldError) -> JSONValue {
        let data = data.starts(with: byteOrderMark) ? data.dropFirst(byteOrderMark.count) : data
        let result: Result<JSONValue, JSONParser.Failure> = data.withUnsafeBytes { bytes in
            do throws(JSONParser.Failure) { return .success(try JSONParser.parse(bytes)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let failure):
            throw FieldError(field: "", failure.reason)
        }
    }

    /// The three bytes some editors put at the start of a UTF-8 file.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The text, when the value is a string.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The members, when the value is an object.
    public var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, when the value is an array.
    public var array: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

}
