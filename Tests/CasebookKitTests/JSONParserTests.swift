import Foundation
import Testing
@testable import CasebookKit

@Suite("JSON reading and writing")
struct JSONParserTests {
    private func parse(_ text: String) throws(FieldError) -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }

    @Test func readsEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e2, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(
            value
                == .object([
                    "a": .array([.number(1), .number(-250), .bool(true), .bool(false), .null]),
                    "b": .string("x\"\\/\né😀"),
                    "c": .object([:])
                ]))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "1e", "\"\\x\"", "\"a", "\"\\ud83d\"", "\"\\ude00\"",
        "tru", "nul", "{} {}", "\"tab\tinside\"", "1e400", "{'a': 1}", "[1 2]", "NaN"
    ])
    func rejectsWhatIsNotJSON(text: String) {
        #expect(throws: FieldError.self) { try parse(text) }
    }

    @Test func hostileNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: FieldError.self) { try parse(deep) }
        let allowed = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect((try? parse(allowed)) != nil)
    }

    @Test func invalidUTF8InAStringIsNamed() {
        var bytes = Array("{\"title\": \"".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"}".utf8)
        #expect(throws: FieldError(field: "", .notText)) { try JSONValue.parse(Data(bytes)) }
    }

    @Test func agreesWithFoundationOnRandomDocuments() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let data = try JSONSerialization.data(withJSONObject: ["v": value], options: [])
            let parsed = try JSONValue.parse(data)
            let expected = Self.value(fromFoundation: try JSONSerialization.jsonObject(with: data))
            #expect(parsed == expected)
        }
    }

    @Test func writtenWordListsReadBack() throws {
        let words = ["plain", "quote \" and \\ backslash", "line\nbreak\ttab", "bell\u{7}", "é and 😀", ""]
        let text = ExampleRow.encodeJSON(words)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == words)
        #expect(ExampleRow.encodeJSON([Int64]([3, 1, 2])) == "[3,1,2]")
        #expect(ExampleRow.encodeJSON([Link]()) == "[]")
    }

    @Test func shapesOfDatesTimesAndEmails() {
        #expect(TextShapes.isMonth("2024") && TextShapes.isMonth("2024-09") && !TextShapes.isMonth("2024-13") && !TextShapes.isMonth("24-09"))
        #expect(TextShapes.isDate("2024-02-29") && !TextShapes.isDate("2024-02-32") && !TextShapes.isDate("2024-2-01"))
        #expect(TextShapes.isTimestamp("2024-03-01T10:00:00Z") && TextShapes.isTimestamp("2024-03-01T10:00:00.123456Z"))
        #expect(
            !TextShapes.isTimestamp("2024-03-01T24:00:00Z") && !TextShapes.isTimestamp("2024-03-01T10:00:00.Z")
                && !TextShapes.isTimestamp("2024-03-01T10:00:00.1234567Z") && !TextShapes.isTimestamp("2024-03-01 10:00:00Z"))
        #expect(
            TextShapes.isEmail("team@hospice.org.uk") && !TextShapes.isEmail("a@b") && !TextShapes.isEmail("two@@x.org")
                && !TextShapes.isEmail("spaces in@x.org") && !TextShapes.isEmail("<a@x.org>") && !TextShapes.isEmail("a@x."))
    }

    /// What `JSONSerialization` read, as a `JSONValue` (booleans arrive as NSNumbers of type "c").
    private static func value(fromFoundation object: Any) -> JSONValue {
        switch object {
        case let text as String: .string(text)
        case let number as NSNumber where String(cString: number.objCType) == "c": .bool(number.boolValue)
        case let number as NSNumber: .number(number.doubleValue)
        case let array as [Any]: .array(array.map(value(fromFoundation:)))
        case let object as [String: Any]: .object(object.mapValues(value(fromFoundation:)))
        default: .null
        }
    }

    private static func randomValue(depth: Int, using generator: inout SystemRandomNumberGenerator) -> Any {
        switch Int.random(in: 0...(depth > 3 ? 3 : 5), using: &generator) {
        case 0: return Int.random(in: -1_000_000...1_000_000, using: &generator)
        case 1: return Bool.random(using: &generator)
        case 2: return NSNull()
        case 3:
            return String(
                (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                    Character(Unicode.Scalar([0x22, 0x5C, 0x0A, 0x41, 0xE9, 0x1F600, 0x4E2D, 0x20].randomElement(using: &generator)!)!)
                })
        case 4: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) }
        default:
            return Dictionary(
                uniqueKeysWithValues: (0..<Int.random(in: 0...4, using: &generator)).map { index in
                    ("k\(index)", randomValue(depth: depth + 1, using: &generator))
                })
        }
    }
}
