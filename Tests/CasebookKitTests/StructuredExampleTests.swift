import Foundation
import Testing
@testable import CasebookKit

/// Examples as practitioners write them (contract section 10): sections, outcome measures, work status,
/// licence and last confirmation, through the interchange format, the database, search and the screener.
@Suite("Structured examples")
struct StructuredExampleTests {
    /// An example with every field of section 10 set.
    static func everyField() -> [String: Any] {
        var object = validObject()
        object["uid"] = "5e1b0c3a-2d4f-4a6b-8c9d-0e1f2a3b4c5d"
        object["status"] = "published"
        object["published_at"] = "2024-05-01T09:00:00Z"
        object["review_due"] = "2026-05-01"
        object["last_confirmed"] = "2025-11-20T14:30:00Z"
        object["sections"] = [
            "context": "Carers said nights were *the hardest* time.", "what_we_did": "- Trained 12 sitters\n- Agreed referrals",
            "outcomes": "Calls to the out-of-hours line fell by a third.", "learning": "Start with one ward.",
            "what_did_not_work": "Weekend cover: too few sitters.", "resources": "A rota template.", "next_steps": "Extend to two towns."
        ]
        object["outcome_measures"] = ["ipos", "carer-feedback", "hospital-admissions"]
        object["work_status"] = "stopped"
        object["licence"] = "CC-BY-NC-4.0"
        return object
    }

    @Test func anExampleWithEveryNewFieldGoesThroughImportDumpAndImportUnchanged() throws {
        // setup
        let importer = try ExampleDecoder(source: .importing)
        let original = try importer.decode(try jsonData(Self.everyField()))
        let first = try AppDatabase.inMemory(), second = try AppDatabase.inMemory()
        // exercise
        try first.importExamples([original])
        let dumped = try JSONLines.encode(try first.allExamples().map(\.example))
        try second.importExamples(try JSONLines.decode(dumped, with: importer))
        let dumpedAgain = try JSONLines.encode(try second.allExamples().map(\.example))
        // validate
        #expect(original.sections.ordered.map(\.kind) == SectionKind.allCases)
        #expect(original.outcomeMeasures == [.ipos, .carerFeedback, .hospitalAdmissions])
        #expect((original.workStatus, original.licence, original.lastConfirmed) == (.stopped, .ccByNC, "2025-11-20T14:30:00Z"))
        #expect(try first.allExamples().map(\.example) == [original])
        #expect(dumpedAgain == dumped)
        let line = try #require(try JSONSerialization.jsonObject(with: dumped) as? [String: Any])
        #expect((line["sections"] as? [String: String])?["what_did_not_work"] == "Weekend cover: too few sitters.")
        #expect(line["work_status"] as? String == "stopped" && line["licence"] as? String == "CC-BY-NC-4.0")
    }

    @Test func anOlderExampleWithOnlyABodyTakesTheDefaults() throws {
        // exercise
        let example = try ExampleDecoder(source: .importing).decode(try jsonData(validObject()))
        // validate
        #expect(example.body == "Markdown body." && example.sections.isEmpty && example.outcomeMeasures.isEmpty)
        #expect((example.workStatus, example.licence) == (.running, .ccBy))
    }

    @Test func unknownSectionsAndBadValuesAreEachRefusedAndNamed() throws {
        // setup
        var object = validObject()
        object["sections"] = ["context": "Fine.", "what_went_well": "Everything.", "outcomes": String(repeating: "x", count: 10_001)]
        object["outcome_measures"] = ["ipos", "bmi", "ipos"]
        object["work_status"] = "paused"
        object["licence"] = "public-domain"
        // exercise
        let decoder = try ExampleDecoder(source: .submission), data = try jsonData(object)
        var errors: [FieldError] = []
        do throws(InvalidInput) { _ = try decoder.decode(data) } catch { errors = error.errors }
        // validate
        let byField = Dictionary(errors.map { ($0.field, $0.kind) }, uniquingKeysWith: { first, _ in first })
        #expect(byField["sections.what_went_well"] == .unknownField)
        #expect(byField["sections.outcomes"] == .length)
        #expect(byField["outcome_measures[1]"] == .notOneOf)
        #expect(byField["outcome_measures[2]"] == .rule)
        #expect(byField["work_status"] == .notOneOf)
        #expect(byField["licence"] == .notOneOf)
        #expect(errors.count == 6, "\(errors)")
        let wording = errors.first { $0.field == "outcome_measures[1]" }.map { String(describing: $0) } ?? ""
        #expect(wording.contains("bmi") && wording.contains("nacel"), "\(wording)")
    }

    @Test func moreThanTenOutcomeMeasuresAreRefused() throws {
        var object = validObject()
        object["outcome_measures"] = OutcomeMeasure.keys
        let decoder = try ExampleDecoder(source: .importing), data = try jsonData(object)
        var errors: [FieldError] = []
        do throws(InvalidInput) { _ = try decoder.decode(data) } catch { errors = error.errors }
        #expect(errors.map(\.field) == ["outcome_measures"])
    }

    @Test func aWordOnlyInASectionIsFoundAndSnippetedOncePublishedOnly() throws {
        // setup
        let database = try AppDatabase.inMemory()
        var published = Example.mock(title: "Evening sitters", body: "", status: .published)
        published.sections[.whatDidNotWork] = "The zephyrine rota collapsed in winter."
        var waiting = Example.mock(title: "Morning sitters", body: "", status: .submitted)
        waiting.sections[.learning] = "A quillwort pilot taught us much."
        try database.importExamples([published, waiting])
        // exercise
        let found = try database.search(SearchQuery(text: "zephyrine"))
        let hidden = try database.search(SearchQuery(text: "quillwort"))
        // validate
        #expect(found.results.map(\.title) == ["Evening sitters"])
        #expect(found.results.first?.snippet.contains("<mark>zephyrine</mark>") == true)
        #expect(hidden.total == 0)
    }

    @Test func editingOnlyASectionReindexesTheExample() throws {
        // setup
        let database = try AppDatabase.inMemory()
        var example = Example.mock(uid: "6f1b0c3a-2d4f-4a6b-8c9d-0e1f2a3b4c5d", title: "Evening sitters", status: .published)
        example.sections[.outcomes] = "Fewer marramgrass calls."
        try database.importExamples([example])
        // exercise
        example.sections[.outcomes] = "Fewer saltmarsh calls."
        try database.importExamples([example])
        // validate
        #expect(try database.search(SearchQuery(text: "marramgrass")).total == 0)
        #expect(try database.search(SearchQuery(text: "saltmarsh")).total == 1)
    }

    @Test func filtersAndFacetsCountOutcomeMeasuresAndWorkStatus() throws {
        // setup
        let database = try AppDatabase.inMemory()
        var examples = (0..<4).map { Example.mock(title: "Sitting service number \($0)", status: .published) }
        examples[0].outcomeMeasures = [.nacel, .ipos]
        examples[1].outcomeMeasures = [.ipos]
        examples[2].workStatus = .stopped
        examples[3].workStatus = .ended
        var pending = Example.mock(title: "Pending sitting service", status: .submitted)
        pending.outcomeMeasures = [.ipos]
        try database.importExamples(examples + [pending])
        // exercise
        let all = try database.search(SearchQuery())
        let ipos = try database.search(SearchQuery(outcomeMeasures: [.ipos]))
        let stoppedOrEnded = try database.search(SearchQuery(workStatuses: [.stopped, .ended]))
        let iposStopped = try database.search(SearchQuery(outcomeMeasures: [.ipos], workStatuses: [.stopped]))
        // validate
        #expect(all.facets.outcomeMeasure == ["nacel": 1, "ipos": 2])
        #expect(all.facets.workStatus == ["running": 2, "stopped": 1, "ended": 1])
        #expect(Set(ipos.results.map(\.title)) == ["Sitting service number 0", "Sitting service number 1"])
        #expect(ipos.facets.workStatus == ["running": 2])
        #expect(Set(stoppedOrEnded.results.map(\.title)) == ["Sitting service number 2", "Sitting service number 3"])
        #expect(stoppedOrEnded.disjunctiveFacets.workStatus == ["running": 2, "stopped": 1, "ended": 1])
        #expect(iposStopped.total == 0)
        #expect(ipos.results.allSatisfy { $0.outcomeMeasures.contains(.ipos) })
    }

    @Test func theScreenerReadsEverySection() {
        var example = Example.mock()
        example.sections[.context] = "We met Mrs Jones, NHS number 943 476 5919, at home."
        #expect(Screener().screen(example).map(\.field) == ["sections.context"])
    }

    @Test func aStoredVersionWrittenBeforeSectionsStillReads() throws {
        let older =
            #"{"title":"Old example","summary":"An example stored before sections.","foundations":["co-design"],"organisation":{"name":"Old Hospice","type":"hospice"}}"#
        let example = try JSONDecoder().decode(Example.self, from: Data(older.utf8))
        #expect(example.sections.isEmpty && example.workStatus == .running && example.licence == .ccBy && example.body.isEmpty)
    }
}
