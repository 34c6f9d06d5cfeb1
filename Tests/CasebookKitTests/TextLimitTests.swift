import Foundation
import Testing
@testable import CasebookKit

@Suite("Text limits agree with the schema")
struct TextLimitTests {
    @Test func nulCharactersAreRefusedByName() throws {
        // setup
        let json = #"{"title": "A title", "summary": "Ten chars \u0000 then more", "foundations": ["1"], "organisation": {"name": "Org"}}"#
        // exercise, validate
        #expect {
            _ = try ExampleDecoder(source: .submission).decode(Data(json.utf8))
        } throws: { error in
            (error as? InvalidInput)?.errors.contains { $0.field == "summary" && $0.message.contains("NUL") } == true
        }
    }

    @Test func lengthsCountCodePointsLikeSQLite() throws {
        // setup: 150 letters, each with a combining accent, is 150 characters but 300 code points
        let title = String(repeating: "e\u{301}", count: 150)
        let json = #"{"title": "\#(title)", "summary": "A summary long enough.", "foundations": ["1"], "organisation": {"name": "Org"}}"#
        // exercise, validate: refused by validation, never by a CHECK constraint
        #expect(throws: InvalidInput.self) { _ = try ExampleDecoder(source: .submission).decode(Data(json.utf8)) }
        let database = try AppDatabase.inMemory()
        let shorter = String(repeating: "e\u{301}", count: 100)
        let valid = try ExampleDecoder(source: .submission).decode(Data(json.replacingOccurrences(of: title, with: shorter).utf8))
        #expect(try database.submit(valid).status == .submitted)
    }
}
