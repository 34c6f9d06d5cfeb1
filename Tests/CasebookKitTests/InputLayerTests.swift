import Foundation
import Testing
@testable import CasebookKit

/// The one input layer: duplicate keys, a byte-order mark, problem kinds that code reads instead of
/// messages, the small-object reader, and spreadsheet-safe CSV cells.
@Suite("Input layer")
struct InputLayerTests {
    @Test func aDuplicateKeyIsAnErrorNamingTheKey() {
        do {
            _ = try JSONValue.parse(Data(#"{"a": {"title": 1, "title": 2}}"#.utf8))
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(error.kind == .duplicateKey)
            #expect(error.message == "is not valid JSON: it has the key 'title' twice in one object")
        }
        // The same key in two different objects is fine.
        #expect(throws: Never.self) { try JSONValue.parse(Data(#"[{"a": 1}, {"a": 2}]"#.utf8)) }
    }

    @Test func aByteOrderMarkIsSkippedOnImport() throws {
        let database = try AppDatabase.inMemory()
        let line = try jsonData(validObject())
        let counts = try database.importJSONLines(Data([0xEF, 0xBB, 0xBF]) + line + Data("\n".utf8))
        #expect(counts.inserted == 1)
        // Only at the very start: a mark inside the document is still an error.
        #expect(throws: FieldError.self) { try JSONValue.parse(Data("[".utf8) + Data([0xEF, 0xBB, 0xBF]) + Data("]".utf8)) }
    }

    @Test func problemsCarryTheirKind() throws {
        var object = validObject()
        object["title"] = nil
        object["foundations"] = []
        object["region"] = "atlantis"
        object["colour"] = "blue"
        object["summary"] = 5
        let data = try jsonData(object)
        let decoder = try ExampleDecoder(source: .submission)
        do throws(InvalidInput) {
            _ = try decoder.decode(data)
            Issue.record("an invalid example was accepted")
        } catch {
            let kinds = Dictionary(error.errors.map { ($0.field, $0.kind) }) { first, _ in first }
            #expect(kinds["title"] == .required)
            #expect(kinds["foundations"] == .required)
            #expect(kinds["region"] == .notOneOf)
            #expect(kinds["colour"] == .unknownField)
            #expect(kinds["summary"] == .type)
        }
    }

    @Test func theKindIsNotPartOfTheWrittenForm() throws {
        let error = FieldError.required("title")
        let written = String(decoding: try JSONEncoder().encode(error), as: UTF8.self)
        #expect(!written.contains("kind"))
        #expect(try JSONDecoder().decode(FieldError.self, from: Data(written.utf8)).message == "is required")
    }

    @Test func objectFieldsNameEveryBadField() throws {
        var fields = try ObjectFields(json: Data(#"{"action": "shout", "note": 7, "extra": null}"#.utf8), expecting: "action")
        fields.rejectUnknown(allowed: ["action", "note"])
        #expect(fields.oneOf("action", ModerationAction.decisions) == nil)
        #expect(fields.string("note") == nil)
        #expect(fields.errors.map(\.field) == ["extra", "action", "note"])
        #expect(fields.errors.map(\.kind) == [.unknownField, .notOneOf, .type])
        #expect(throws: FieldError.self) { try ObjectFields(json: Data("[]".utf8), expecting: "action") }
        #expect(FieldError.tooLong("note", limit: 5_000).message == "must be at most 5,000 characters")
        #expect([0, 999, 1000, 84031, 1_234_567, -5000].map(NumberText.grouped) == ["0", "999", "1,000", "84,031", "1,234,567", "-5,000"])
    }

    @Test func messagesAreWordedFromTheReasonForEachAudience() {
        // setup
        let title = FormSubject("a title"), started = FormSubject("the month and year the work started")
        let cases: [(FieldError, FormSubject, program: String, form: String)] = [
            (.length("title", 3...200, count: 2), title, "must be 3 to 200 characters (it has 2)", "Enter a title in 3 to 200 characters (you entered 2)"),
            (
                .length("title", 3...200, count: 250), title, "must be 3 to 200 characters (it has 250)",
                "Enter a title in 200 characters or fewer (you entered 250)"
            ),
            (.required("title"), title, "is required", "Enter a title"),
            (
                .format("started", "2023/13", .month), started, "'2023/13' must be YYYY or YYYY-MM",
                "Enter the month and year the work started, such as April 2023"
            ),
            (
                .format("links[0].url", "www.example.org", .webAddress), FormSubject("a web address"),
                "'www.example.org' must be an absolute http or https address",
                "Enter a web address starting http:// or https://, not ‘www.example.org’"
            ),
            (
                .format("contact.email", "nope", .email), FormSubject("an email address"), "'nope' does not look like an email address",
                "Enter an email address, such as name@example.org"
            ),
            (
                .length("keywords", 0...20, count: 25, entries: "keywords"), FormSubject("keywords"), "must list at most 20 keywords (it has 25)",
                "Enter 20 or fewer keywords (you entered 25)"
            ),
            (.required("foundations"), FormSubject("at least one foundation", chosen: true), "is required", "Select at least one foundation"),
            (
                .length("foundations", 1...10, count: 0, entries: "distinct foundations"), FormSubject("at least one foundation", chosen: true),
                "must list 1 to 10 distinct foundations (it has 0)", "Select at least one foundation"
            ),
            (
                .notOneOf("region", "atlantis", allowed: ["london", "wales"]), FormSubject("a region", chosen: true),
                "'atlantis' is not one of: london, wales", "Select a region from the list"
            )
        ]
        for (error, subject, program, form) in cases {
            // exercise, validate
            #expect(error.message == program)
            #expect(error.worded(for: .program) == program)
            #expect(error.worded(for: .form(subject)) == form)
        }
    }

    @Test func aListWithNoEntriesIsRequiredAndALineKeepsTheReason() {
        let empty = FieldError.length("foundations", 1...10, count: 0, entries: "distinct foundations")
        #expect(empty.kind == .required)
        #expect(FieldError.length("foundations", 1...10, count: 11, entries: "distinct foundations").kind == .length)
        let placed = FieldError.format("started", "x", .month).at(line: 4)
        #expect(placed.description == "line 4: started: 'x' must be YYYY or YYYY-MM")
        #expect(placed.kind == .format)
    }

    @Test(arguments: [
        ("a;b", "\"a;b\""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("plain", "plain"), ("=SUM(A1)", "'=SUM(A1)"), ("=1;2", "\"'=1;2\"")
    ])
    func csvCellsAreQuotedAndNeutralised(value: String, cell: String) {
        #expect(CSVRenderer.cell(value) == cell)
    }
}
