import CasebookKit
import Foundation

/// The optional settings file of `casebook serve` (`--config PATH` or `CASEBOOK_CONFIG`): either a JSON
/// object or `key = value` lines, with the names of the serve options (`port`, `max-body-bytes`, `db`, …).
/// Blank lines and lines starting with `#` are skipped; `_` in a name reads as `-`.
enum SettingsFile {
    /// The file's settings by option name; a usage error when it is missing or malformed.
    static func read(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "cannot read the settings file \(path)", code: ExitStatus.missingInput)
        }
        let text = String(decoding: data, as: UTF8.self)
        let pairs = text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") ? try json(data, path) : try lines(text, path)
        return Dictionary(pairs.map { (key, value) in (key.replacingOccurrences(of: "_", with: "-").lowercased(), value) }) { _, last in last }
    }

    private static func json(_ data: Data, _ path: String) throws -> [(String, String)] {
        let object: [String: JSONValue]
        do throws(FieldError) {
            let value = try JSONValue.parse(data)
            guard let members = value.object else { throw FieldError.type("", expected: "a JSON object of settings", found: value) }
            object = members
        } catch {
            throw CommandFailure(message: "the settings file \(path) \(error.message)", code: ExitStatus.usage)
        }
        return try object.sorted { $0.key < $1.key }.map { key, value in
            switch value {
            case .string(let text): return (key, text)
            case .number(let number) where number == number.rounded() && abs(number) < 1e15: return (key, String(Int64(number)))
            case .number(let number): return (key, String(number))
            case .bool(let flag): return (key, String(flag))
            default: throw CommandFailure(message: "\(path): \(key) must be a string, a number or true or false, not \(value.typeName)", code: ExitStatus.usage)
            }
        }
    }

    private static func lines(_ text: String, _ path: String) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw CommandFailure(message: "\(path) line \(number + 1): expected `key = value`", code: ExitStatus.usage)
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            pairs.append((key, value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))))
        }
        return pairs
    }
}
