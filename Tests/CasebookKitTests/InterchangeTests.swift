import Foundation
import Testing
@testable import CasebookKit

@Suite("Interchange format")
struct InterchangeTests {
    let importer: ExampleDecoder
    let submitter: ExampleDecoder

    init() throws {
        (importer, submitter) = (try ExampleDecoder(source: .importing), try ExampleDecoder(source: .submission))
    }

    /// The errors a decode throws, or an empty list when it succeeds.
    func errors(_ object: [String: Any], decoder: ExampleDecoder? = nil) throws -> [FieldError] {
        let data = try jsonData(object)
        do {
            _ = try (decoder ?? importer).decode(data)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func validExampleDecodes() throws {
        // exercise
        let example = try importer.decode(try jsonData(validObject()))
        // validate
        #expect(example.title == "Advance care planning education across a locality")
        #expect(example.foundations == ["personalised-care-planning", "education-and-training"])
        #expect(example.ambitions == ["seen-as-an-individual"])
        #expect(example.organisation == Organisation(name: "Example Hospice", type: .hospice))
        #expect(example.region == .southWest)
        #expect(example.keywords == ["ACP", "learning disabilities"])
        #expect(example.links == [Link(title: "Programme page", url: "https://example.org/acp")])
        #expect(example.contact == Contact(name: "A. Person", email: "a.person@example.org", isPublic: false))
        #expect(example.evidence == .baselineMeasured)
        #expect(example.started == "2022-09")
    }

    @Test func defaultsForOptionalFields() throws {
        let object: [String: Any] = [
            "title": "Minimal", "summary": "Just enough words here.", "foundations": ["leadership"],
            "organisation": ["name": "Somewhere"]
        ]
        let example = try importer.decode(try jsonData(object))
        #expect(example.organisation.type == .other)
        #expect(example.evidence == .notEvaluated)
        #expect(example.body == "")
        #expect(example.ambitions.isEmpty)
        #expect(example.region == nil)
    }

    @Test func numbersAreAcceptedAsFoundationAndAmbitionKeys() throws {
        // setup
        var object = validObject()
        object["foundations"] = ["1", 7, "10"]
        object["ambitions"] = [3, "6"]
        // exercise
        let example = try importer.decode(try jsonData(object))
        // validate
        #expect(example.foundations == ["personalised-care-planning", "co-design", "sharing-learning"])
        #expect(example.ambitions == ["comfort-and-wellbeing", "community-prepared-to-help"])
    }

    @Test func numberOutOfRangeIsRejected() throws {
        var object = validObject()
        object["foundations"] = [11]
        object["ambitions"] = [0]
        let found = try errors(object)
        #expect(found.contains { $0.field == "foundations[0]" })
        #expect(found.contains { $0.field == "ambitions[0]" })
    }

    @Test func unknownFieldIsRejectedByName() throws {
        // setup: `foundation` misspelt, the real one missing
        var object = validObject()
        object["foundation"] = object.removeValue(forKey: "foundations")
        // exercise
        let found = try errors(object)
        // validate
        let unknown = try #require(found.first { $0.field == "foundation" })
        #expect(unknown.message.contains("not a known field"))
        #expect(found.contains { $0.field == "foundations" && $0.message.contains("required") })
    }

    @Test func unknownNestedFieldIsRejectedByPath() throws {
        var object = validObject()
        object["organisation"] = ["name": "X", "typ": "hospice"]
        object["links"] = [["title": "t", "url": "https://example.org", "href": "x"]]
        let found = try errors(object)
        #expect(found.contains { $0.field == "organisation.typ" })
        #expect(found.contains { $0.field == "links[0].href" })
    }

    @Test func missingTitleIsRejected() throws {
        var object = validObject()
        object.removeValue(forKey: "title")
        let found = try errors(object)
        #expect(found.map(\.field) == ["title"])
        #expect(found.first?.message.contains("required") == true)
    }

    @Test(arguments: ["ab", "  ab  ", String(repeating: "x", count: 201)])
    func titleOfWrongLengthIsRejected(title: String) throws {
        var object = validObject()
        object["title"] = title
        let found = try errors(object)
        #expect(found.map(\.field) == ["title"])
    }

    @Test func titleIsTrimmed() throws {
        var object = validObject()
        object["title"] = "   Trimmed title   "
        #expect(try importer.decode(try jsonData(object)).title == "Trimmed title")
    }

    @Test func summaryTooShortIsRejected() throws {
        var object = validObject()
        object["summary"] = "Too short"
        #expect(try errors(object).map(\.field) == ["summary"])
    }

    @Test func unknownFoundationIsRejected() throws {
        var object = validObject()
        object["foundations"] = ["personalised-care-planning", "not-a-foundation"]
        let found = try errors(object)
        let error = try #require(found.first)
        #expect(found.count == 1)
        #expect(error.field == "foundations[1]")
        #expect(error.message.contains("not-a-foundation"))
    }

    @Test func duplicateAndEmptyFoundationsAreRejected() throws {
        var object = validObject()
        object["foundations"] = ["1", "personalised-care-planning"]
        #expect(try errors(object).contains { $0.field == "foundations[1]" })
        object["foundations"] = [String]()
        #expect(try errors(object).contains { $0.field == "foundations" })
    }

    @Test(arguments: ["javascript:alert(1)", "/relative/page", "relative.html", "ftp://example.org/file", "https://", "http://exa mple.org"])
    func badLinkURLIsRejected(url: String) throws {
        var object = validObject()
        object["links"] = [["title": "ok", "url": "https://example.org/"], ["title": "bad", "url": url]]
        let found = try errors(object)
        #expect(found.map(\.field) == ["links[1].url"])
    }

    @Test(arguments: ["not-an-email", "a@b", "two@@example.org", "spaces in@example.org", "<a@example.org>"])
    func badEmailIsRejected(email: String) throws {
        var object = validObject()
        object["contact"] = ["name": "A", "email": email]
        #expect(try errors(object).map(\.field) == ["contact.email"])
    }

    @Test(arguments: ["2022-13", "22-09", "2022/09", "2022-9", "September 2022", "2022-09-01"])
    func badStartedIsRejected(started: String) throws {
        var object = validObject()
        object["started"] = started
        #expect(try errors(object).map(\.field) == ["started"])
    }

    @Test func startedAcceptsYearAndYearMonth() throws {
        for started in ["2022", "2022-01", "2022-12"] {
            var object = validObject()
            object["started"] = started
            #expect(try importer.decode(try jsonData(object)).started == started)
        }
    }

    @Test func tooManyKeywordsAreRejected() throws {
        var object = validObject()
        object["keywords"] = (1...21).map { "keyword \($0)" }
        #expect(try errors(object).map(\.field) == ["keywords"])
        object["keywords"] = (1...20).map { "keyword \($0)" }
        #expect(try errors(object).isEmpty)
    }

    @Test func keywordOfWrongLengthIsRejected() throws {
        var object = validObject()
        object["keywords"] = ["ok", "  ", String(repeating: "k", count: 61)]
        #expect(try errors(object).map(\.field) == ["keywords[1]", "keywords[2]"])
    }

    @Test func badVocabularyValuesAreRejected() throws {
        var object = validObject()
        object["region"] = "atlantis"
        object["evidence"] = "anecdotal"
        object["organisation"] = ["name": "X", "type": "pub"]
        let fields = Set(try errors(object).map(\.field))
        #expect(fields == ["region", "evidence", "organisation.type"])
    }

    @Test func wrongTypesAreNamed() throws {
        var object = validObject()
        object["title"] = 42
        object["keywords"] = "one"
        object["contact"] = ["public": "yes"]
        let fields = Set(try errors(object).map(\.field))
        #expect(fields == ["title", "keywords", "contact.public"])
    }

    @Test(arguments: ["[]", "\"text\"", "42", "null", "true"])
    func nonObjectIsRejected(json: String) throws {
        do {
            _ = try importer.decode(Data(json.utf8))
            Issue.record("a non-object was accepted")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.field == "")
            #expect(error.errors.first?.message.contains("object") == true)
        }
    }

    @Test func brokenJSONIsRejected() throws {
        do {
            _ = try importer.decode(Data("{\"title\": ".utf8))
            Issue.record("broken JSON was accepted")
        } catch {
            #expect(error.errors.first?.message.contains("JSON") == true)
        }
    }

    @Test func jsonLinesReportsEveryBadLineAndReturnsNothing() throws {
        // setup
        let good = try jsonData(validObject())
        var unknownFoundation = validObject()
        unknownFoundation["foundations"] = ["made-up"]
        var missingTitle = validObject()
        missingTitle.removeValue(forKey: "title")
        var badURL = validObject()
        badURL["links"] = [["title": "x", "url": "javascript:alert(1)"]]
        var file = Data()
        for line in [good, try jsonData(unknownFoundation), try jsonData(missingTitle), try jsonData(badURL)] {
            file.append(line)
            file.append(0x0A)
        }
        file.append(contentsOf: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A]) // {"\xFF\xFE"} — invalid UTF-8
        file.append(Data("this is not json\n".utf8))
        file.append(good)
        file.append(0x0A)
        // exercise
        var thrown: InvalidInput?
        var decoded: [Example]?
        do { decoded = try JSONLines.decode(file, with: importer) } catch { thrown = error }
        // validate
        #expect(decoded == nil)
        let errors = try #require(thrown).errors
        #expect(errors.contains { $0.line == 2 && $0.field == "foundations[0]" })
        #expect(errors.contains { $0.line == 3 && $0.field == "title" })
        #expect(errors.contains { $0.line == 4 && $0.field == "links[0].url" })
        #expect(errors.contains { $0.line == 5 && $0.message.contains("UTF-8") })
        #expect(errors.contains { $0.line == 6 && $0.message.contains("JSON") })
        #expect(Set(errors.compactMap(\.line)) == [2, 3, 4, 5, 6])
        #expect(errors.allSatisfy { $0.description.hasPrefix("line \($0.line!): ") })
    }

    @Test func jsonLinesSkipsBlankLinesAndKeepsLineNumbers() throws {
        var bad = validObject()
        bad["region"] = "nowhere"
        var file = Data()
        file.append(try jsonData(validObject()))
        file.append(Data("\n   \n\r\n".utf8))
        file.append(try jsonData(bad))
        file.append(0x0A)
        do {
            _ = try JSONLines.decode(file, with: importer)
            Issue.record("bad line accepted")
        } catch {
            #expect(error.errors.map(\.line) == [4])
        }
        var good = Data()
        good.append(try jsonData(validObject()))
        good.append(Data("\n\n".utf8))
        good.append(try jsonData(validObject()))
        #expect(try JSONLines.decode(good, with: importer).count == 2)
    }

    @Test func encodeThenDecodeRoundTrips() throws {
        // setup
        let examples = [
            Example.mock(
                uid: "0b7c5c1e-6a53-4d59-9a0e-2f1f3e6c1a11", body: "Body with \"quotes\", <html> & unicode – é 🙂\nand lines.",
                foundations: ["shared-records", "24-7-access"], ambitions: ["fair-access-to-care", "care-is-coordinated"],
                region: .london, evidence: .evaluated, keywords: ["ACP", "night / day"],
                links: [Link(title: "Page", url: "https://example.org/a?b=c&d=e")],
                contact: Contact(name: "A. Person", email: "a@example.org", isPublic: true), started: "2021-04",
                status: .published, publishedAt: "2023-03-01T10:00:00Z", reviewDue: "2025-03-01"),
            Example.mock(region: nil, keywords: [], status: .submitted)
        ]
        // exercise
        let data = try JSONLines.encode(examples)
        let decoded = try JSONLines.decode(data, with: importer)
        // validate
        #expect(decoded == examples)
        #expect(String(decoding: data, as: UTF8.self).split(separator: "\n").count == 2)
        #expect(try JSONLines.encode(decoded) == data)
    }

    @Test func importKeepsTrustedFieldsButSubmissionIgnoresThem() throws {
        // setup
        var object = validObject()
        object["uid"] = "0B7C5C1E-6A53-4D59-9A0E-2F1F3E6C1A11"
        object["status"] = "published"
        object["published_at"] = "2023-03-01T10:00:00Z"
        object["review_due"] = "2025-03-01"
        let data = try jsonData(object)
        // exercise
        let imported = try importer.decode(data)
        let submitted = try submitter.decode(data)
        // validate
        #expect(imported.uid == "0b7c5c1e-6a53-4d59-9a0e-2f1f3e6c1a11")
        #expect(imported.status == .published)
        #expect(imported.publishedAt == "2023-03-01T10:00:00Z")
        #expect(imported.reviewDue == "2025-03-01")
        #expect(submitted.uid == nil)
        #expect(submitted.status == nil)
        #expect(submitted.publishedAt == nil)
        #expect(submitted.reviewDue == nil)
        #expect(submitted.title == imported.title)
    }

    @Test func importRejectsBadTrustedFields() throws {
        var object = validObject()
        object["uid"] = "not-a-uuid"
        object["status"] = "live"
        object["published_at"] = "2023-03-01"
        object["review_due"] = "2025-13-01"
        let fields = Set(try errors(object).map(\.field))
        #expect(fields == ["uid", "status", "published_at", "review_due"])
    }
}
