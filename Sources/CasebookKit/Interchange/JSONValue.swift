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
        guard String(data: data, encoding: .utf8) != nil else {
            throw FieldError(field: "", message: "is not valid UTF-8")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw FieldError(field: "", message: "is not valid JSON")
        }
        return JSONValue(foundation: object)
    }

    /// Converts what `JSONSerialization` returns; booleans arrive as NSNumbers of type "c".
    init(foundation object: Any) {
        switch object {
        case let text as String: self = .string(text)
        case let number as NSNumber where String(cString: number.objCType) == "c": self = .bool(number.boolValue)
        case let number as NSNumber: self = .number(number.doubleValue)
        case let array as [Any]: self = .array(array.map(JSONValue.init(foundation:)))
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init(foundation:)))
        default: self = .null
        }
    }
}
