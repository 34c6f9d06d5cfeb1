import CasebookKit
import Foundation

/// The query string of a request read as an HTML form would send it (`+` is a space), with strict readers
/// that answer 400 naming the parameter.
struct QueryParameters {
    private let pairs: [(name: String, value: String)]

    /// Reads a raw query string; a malformed percent-escape is a 400.
    init(_ query: String?) throws {
        var pairs: [(String, String)] = []
        for item in (query ?? "").split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0], parameter: "query")
            pairs.append((name, try Self.decode(parts.count > 1 ? parts[1] : "", parameter: name)))
        }
        self.pairs = pairs
    }

    /// Every value of a repeatable parameter.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The value of a parameter given at most once.
    func single(_ name: String) throws -> String? {
        let values = all(name)
        guard values.count <= 1 else { throw Problem.badParameter(FieldError(field: name, .rule("must be given at most once"))) }
        return values.first
    }

    /// A whole number within a range, or the default when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = try single(name) else { return fallback }
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text), range.contains(value) else {
            throw Problem.badParameter(.type(name, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)"))
        }
        return value
    }

    /// A whole number within a range, or nil when absent.
    func optionalInteger(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        try single(name) == nil ? nil : integer(name, in: range, default: range.lowerBound)
    }

    /// `true` or `false`, or false when absent.
    func boolean(_ name: String) throws -> Bool {
        switch try single(name) {
        case nil, "false": return false
        case "true": return true
        default: throw Problem.badParameter(.type(name, expected: "true or false"))
        }
    }

    private static func decode(_ text: Substring, parameter: String) throws -> String {
        guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw Problem.badParameter(FieldError(field: parameter, .rule("is not correctly percent-encoded")))
        }
        return decoded
    }
}
