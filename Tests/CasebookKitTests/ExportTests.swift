import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
@testable import CasebookKit
import Mustache
import ZIPFoundation

/// A small fixed collection with stable ids, uids and dates, shared by the collection and export tests.
enum GuideFixture {
    static let uids = (1...5).map {
        "\($0)\($0)\($0)\($0)\($0)\($0)\($0)\($0)-\($0)\($0)\($0)\($0)-4\($0)\($0)\($0)-8\($0)\($0)\($0)-" + String(repeating: "\($0)", count: 12)
    }

    static func examples() -> [Example] {
        var examples: [Example] = [
            .mock(
                uid: uids[0], title: "Advance care planning conversations in care homes",
                summary: "Care home staff learnt to open conversations about future care, with a plan the resident keeps.",
                body: "## Context\n\nStaff felt *unsure* how to start.\n\n## What we did\n\n- Short sessions in each home\n- A **shared** plan, "
                    + "see [the template](https://example.org/acp-template)\n\n1. Ask\n2. Listen\n3. Record",
                foundations: ["personalised-care-planning", "education-and-training"], ambitions: ["seen-as-an-individual"],
                organisation: "Harbour Hospice", evidence: .evaluated, keywords: ["ACP", "care homes"],
                links: [Link(title: "Programme page", url: "https://example.org/acp")],
                contact: Contact(name: "Private Person", email: "private@example.org", isPublic: false), started: "2022-04",
                publishedAt: "2024-01-10T09:00:00Z"),
            .mock(
                uid: uids[1], title: "A shared record for the last year of life",
                summary: "GPs, hospice and ambulance crews now see one plan, so people are not asked the same questions twice.",
                body: "One plan, seen by everyone who needs it.", foundations: ["shared-records"], ambitions: ["care-is-coordinated"],
                organisation: "North Bay ICB", organisationType: .icb, region: .northWest, evidence: .baselineMeasured, keywords: [],
                contact: Contact(name: "Records Team", email: "records@example.org", isPublic: true), publishedAt: "2024-02-01T09:00:00Z"),
            .mock(
                uid: uids[2], title: "Bereavement cafés run by volunteers",
                summary: "Monthly cafés where bereaved people meet others and trained volunteers.",
                foundations: ["involving-those-important"], organisation: "Dale Community Trust", publishedAt: "2024-01-20T09:00:00Z"),
            .mock(
                uid: uids[3], title: "Night sitting for carers at home",
                summary: "Trained sitters stay overnight so that family carers can sleep.", body: "",
                foundations: ["personalised-care-planning"], ambitions: [], organisation: "Vale Carers", organisationType: .vcse,
                region: nil, keywords: [], publishedAt: "2024-02-15T09:00:00Z")
        ]
        // The second is written in sections, measured, stopped and under a non-commercial licence.
        examples[1].sections[.whatWeDid] = "Agreed **one** record with five providers."
        examples[1].sections[.whatDidNotWork] = "Two systems could not share in time, so the pilot stopped."
        examples[1].outcomeMeasures = [.hospitalAdmissions, .carerFeedback]
        (examples[1].workStatus, examples[1].licence) = (.stopped, .ccByNC)
        return examples
    }

    /// The fixed collection, published, with example 3 withdrawn after it was added.
    static func document() throws -> ExportDocument {
        let database = try AppDatabase.inMemory()
        try database.importExamples(examples())
        let draft = CollectionDraft(
            title: "Caring well at the end of life: a local guide",
            description: "Examples from around the region, chosen for our teams.",
            introduction: "This guide gathers examples that local teams found useful.\n\n# How to use it\n\n- Read one chapter before a team meeting\n"
                + "- Try *one* small step\n\nSee [the national framework](https://example.org/ambitions).",
            contact: "Palliative Care Team, Example ICB\n\n[palliative@example.org](mailto:palliative@example.org)")
        try database.createCollection(slug: "local-guide", draft: draft, actor: "curator", at: "2024-03-01T09:00:00Z")
        try database.addToCollection("local-guide", examples: [.id(2), .id(4), .id(3), .id(1)], actor: "curator", at: "2024-03-02T09:00:00Z")
        try database.publishCollection("local-guide", actor: "curator", at: "2024-03-04T10:00:00Z")
        _ = try database.decide(.id(3), action: .withdraw, note: "the service closed", actor: "moderator")
        return try database.exportDocument(slug: "local-guide")
    }

    /// The files of an output by name; a single file is called `document`.
    static func files(of output: ExportOutput) -> [String: Data] {
        switch output {
        case .file(let data, _): ["document": data]
        case .folder(let files): files
        }
    }

    /// Compares binary output with an expected file byte for byte (recorded like `expectMatches`).
    static func expectMatchesBytes(_ data: Data, fixture name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["CASEBOOK_RECORD_FIXTURES"] == "1" { return try expectMatches(data, fixture: name) }
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil), sourceLocation: sourceLocation)
        let expected = try Data(contentsOf: folder.appendingPathComponent(name))
        #expect(data == expected, "\(name) byte for byte (\(data.count) bytes, expected \(expected.count))", sourceLocation: sourceLocation)
    }

    /// Compares output with an expected file in Fixtures/; `CASEBOOK_RECORD_FIXTURES=1` rewrites the expected files instead.
    static func expectMatches(_ data: Data, fixture name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["CASEBOOK_RECORD_FIXTURES"] == "1" {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            return
        }
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil), sourceLocation: sourceLocation)
        let expected = try Data(contentsOf: folder.appendingPathComponent(name))
        #expect(String(decoding: data, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(name)", sourceLocation: sourceLocation)
        #expect(data == expected, "\(name) byte for byte", sourceLocation: sourceLocation)
    }
}

@Suite("Export")
struct ExportTests {
    @Test(arguments: [(ExportFormat.html, "guide.html"), (.markdown, "guide.md"), (.json, "guide.json"), (.csv, "guide.csv")])
    func singleFileFormatsMatchExpectedOutput(format: ExportFormat, fixture: String) throws {
        // setup
        let document = try GuideFixture.document()
        // exercise
        let output = try format.renderer.render(document)
        // validate
        guard case .file(let data, let contentType) = output else {
            Issue.record("\(format) should be one file")
            return
        }
        #expect(contentType.hasPrefix(["html": "text/html", "markdown": "text/markdown", "json": "application/json", "csv": "text/csv"][format.rawValue]!))
        try GuideFixture.expectMatches(data, fixture: fixture)
    }

    @Test func siteMatchesExpectedOutput() throws {
        // setup
        let document = try GuideFixture.document()
        // exercise
        let files = GuideFixture.files(of: try SiteRenderer().render(document))
        // validate
        #expect(files.keys.sorted() == ["examples/1.html", "examples/2.html", "examples/4.html", "feed.atom", "index.html", "style.css"])
        for (name, data) in files { try GuideFixture.expectMatches(data, fixture: "site/\(name)") }
    }

    @Test func wordDocumentMatchesExpectedBytes() throws {
        // setup
        let document = try GuideFixture.document()
        // exercise
        let first = try DocxRenderer().render(document), second = try DocxRenderer().render(document)
        // validate
        guard case .file(let data, let contentType) = first else {
            Issue.record("docx should be one file")
            return
        }
        #expect(contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(first == second, "the same document gives the same bytes")
        try GuideFixture.expectMatchesBytes(data, fixture: "guide.docx")
    }

    @Test func shortFormPrintMatchesExpectedOutput() throws {
        // setup
        var document = try GuideFixture.document()
        document.form = .short
        // exercise
        let data = try #require(GuideFixture.files(of: try HTMLRenderer().render(document))["document"])
        // validate
        let html = String(decoding: data, as: UTF8.self)
        #expect(!html.contains("Staff felt") && html.contains("Programme page"), "no body, but facts and links")
        try GuideFixture.expectMatches(data, fixture: "guide-short.html")
    }

    @Test func wordDocumentIsARealPackage() throws {
        // setup
        let document = try GuideFixture.document()
        // exercise
        let parts = try WordFixture.parts(of: try DocxRenderer().render(document))
        // validate
        #expect(
            parts.keys.sorted() == [
                "[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "word/_rels/document.xml.rels",
                "word/document.xml", "word/footer1.xml", "word/numbering.xml", "word/settings.xml", "word/styles.xml"
            ])
        for (name, text) in parts { WordFixture.expectWellFormed(text, name) }
        let body = try #require(parts["word/document.xml"]), styles = try #require(parts["word/styles.xml"])
        for style in ["Title", "Heading1", "Heading2", "Heading3", "ListParagraph"] {
            #expect(styles.contains("w:styleId=\"\(style)\""), "style \(style)")
            #expect(body.contains("<w:pStyle w:val=\"\(style)\"/>"), "used \(style)")
        }
        #expect(body.contains("<w:tbl>") && body.contains(">Organisation<"), "facts as a table")
        #expect(parts["word/numbering.xml"]?.contains("w:numFmt w:val=\"decimal\"") == true)
        #expect(parts["word/_rels/document.xml.rels"]?.contains("Target=\"https://example.org/acp-template\" TargetMode=\"External\"") == true)
        #expect(parts["docProps/core.xml"]?.contains("<dc:title>Caring well at the end of life: a local guide</dc:title>") == true)
        #expect(parts["docProps/core.xml"]?.contains("2024-03-04T10:00:00Z") == true)
        #expect(!body.contains("private@example.org"))
    }

    /// One example with `links`, rendered through the example partial the guide and the web pages share.
    static func articleHTML(links: [Link]) throws -> String {
        let database = try AppDatabase.inMemory()
        let exported = ExportedExample(id: 7, example: .mock(links: links))
        let view = ExampleArticle(guide: exported, reference: database.reference, href: "#example-7", headingLevel: 3, form: .full)
        return try ExportTemplates.shipped().render(view, template: "example-article")
    }

    @Test func aLinkWhoseTitleIsItsAddressPrintsOnce() throws {
        let same = Link(title: "example.org/report", url: "https://www.example.org/report/")
        let named = Link(title: "Annual report", url: "https://example.org/report")
        let unsafe = Link(title: "Script", url: "javascript:alert(1)")
        #expect(!GuideHTML.showsAddress(same) && GuideHTML.showsAddress(named))
        #expect(try Self.articleHTML(links: [same]).components(separatedBy: "example.org/report").count == 3, "once in href, once as text")
        #expect(
            try Self.articleHTML(links: [named]).contains(
                "<li><a href=\"https://example.org/report\" rel=\"noopener noreferrer\">Annual report</a> <span class=\"url\">https://example.org/report</span></li>"
            ))
        #expect(try Self.articleHTML(links: [unsafe]).contains("<li>Script <span class=\"url\">javascript:alert(1)</span></li>"), "shown, never linked")
        #expect(GuideWord.linkItem(same) == [.link([.text("example.org/report")], url: "https://www.example.org/report/")])
    }

    @Test func missingTemplatesAreNamedNotACrash() throws {
        // setup
        let shipped = try ExportTemplates.shipped().folder
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // exercise and validate: an empty folder, then one without the example partial
        #expect(throws: ExportTemplateError.self) { try ExportTemplates.load(folder) }
        for name in ExportTemplates.names where name != "example-article" {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent("\(name).mustache"), to: folder.appendingPathComponent("\(name).mustache"))
        }
        do {
            _ = try ExportTemplates.load(folder)
            Issue.record("a folder without example-article.mustache loaded")
        } catch {
            #expect(error.missing == ["example-article.mustache"])
            #expect(error.description.contains("example-article.mustache") && error.description.contains(folder.path))
        }
        try FileManager.default.copyItem(
            at: shipped.appendingPathComponent("example-article.mustache"), to: folder.appendingPathComponent("example-article.mustache"))
        #expect(try ExportTemplates.load(folder).folder == folder)
    }

    @Test func everyFormatHasARenderer() {
        #expect(ExportFormat.allCases.map { type(of: $0.renderer).format } == ExportFormat.allCases)
    }

    @Test func guideFollowsTheChapterRuleAndHidesPrivateContacts() throws {
        // setup
        let document = try GuideFixture.document()
        // exercise
        let html = String(decoding: GuideFixture.files(of: try HTMLRenderer().render(document))["document"]!, as: UTF8.self)
        // validate
        #expect(document.chapters.map(\.foundation.key) == ["personalised-care-planning", "shared-records"])
        #expect(document.chapters.map { $0.examples.map(\.id) } == [[4, 1], [2]])
        #expect(!html.contains("private@example.org") && html.contains("records@example.org"))
        #expect(html.contains("Left out of this edition") && html.contains("#3 (withdrawn)"))
        #expect(html.contains("Which kinds of planning conversation happen in our service today"), "the chapter carries its prompts")
        #expect(!html.contains("src=") && !html.contains("@import") && !html.contains("url("), "the guide makes no requests")
        #expect(html.contains("counter(page)") && html.contains("size: A4"), "printed pages carry numbers")
        #expect(html.contains("<li value=\"1\"><a href=\"#foundation-personalised-care-planning\">"), "contents numbered as the foundations are")
    }

    @Test func safeMarkdownRendersTheSubset() {
        let html = SafeMarkdown.html(
            "# Title\n\nSome *em*, **strong**, `code` and [a link](https://example.org/a?b=1&c=2).\n\n- one\n- two\n\n1. first\n2. second")
        #expect(
            html == """
                <h1>Title</h1>
                <p>Some <em>em</em>, <strong>strong</strong>, <code>code</code> and <a href="https://example.org/a?b=1&amp;c=2">a link</a>.</p>
                <ul>
                <li>one</li>
                <li>two</li>
                </ul>
                <ol>
                <li>first</li>
                <li>second</li>
                </ol>

                """)
        #expect(SafeMarkdown.html("[x](javascript:alert(1)) [y](data:text/html,hi)") == "<p>[x](javascript:alert(1)) [y](data:text/html,hi)</p>\n")
        #expect(SafeMarkdown.html("<b onclick=\"x\">hi</b>") == "<p>&lt;b onclick=&quot;x&quot;&gt;hi&lt;/b&gt;</p>\n")
        #expect(SafeMarkdown.html("2 * 3 * 4") == "<p>2 * 3 * 4</p>\n")
        #expect(SafeMarkdown.html("## Deep", topHeadingLevel: 4) == "<h4>Deep</h4>\n")
    }

    @Test func safeMarkdownIsLinearOnHostileInput() {
        // A clock would make this flaky; the input size alone would hang a quadratic parser for minutes.
        let hostile = String(repeating: "[a](b *c **d `e ", count: 10_000)
        #expect(SafeMarkdown.html(hostile).count > hostile.count)
    }
}

@Suite("Export of hostile text")
struct HostileExportTests {
    static let title = "=HYPERLINK(\"http://x\") <script>alert(1)</script>"
    static let summary =
        "+1 \"><svg onload=alert(1)> <img src=x onerror=alert(1)> 👩🏽‍⚕️ مرحبا بالعالم cafe\u{301} Z\u{351}\u{353} \u{202E}desrever\u{202C} bell\u{7} esc\u{1B}"
    static let body = """
        # <script>alert(1)</script>

        [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z]( javascript:alert(1)) <img src=x onerror=alert(1)>

        - "><svg onload=alert(1)>
        - [ok](https://example.org/?a=1&b="2"onmouseover=alert(1))

        `<script>alert(2)</script>` **<b onclick=alert(3)>bold</b>** <a href="javascript:alert(4)">a</a>

        [r]: javascript:alert(5)

        [r][r] ![i](javascript:alert(6))
        """
    static let organisation = "@SUM(A1)"
    static let adopter = "<script>alert(8)</script> Hospice"
    static let adapted = "<svg onload=alert(7)> **tried** at night"

    func document() throws -> ExportDocument {
        let database = try AppDatabase.inMemory()
        let hostile = Example.mock(
            uid: GuideFixture.uids[4], title: Self.title, summary: Self.summary, body: Self.body, foundations: ["co-design"],
            organisation: Self.organisation, keywords: ["-2"],
            links: [Link(title: "-2 <script>", url: "https://example.org/x?\"onmouseover=alert(1)"), Link(title: "bad", url: "javascript:alert(1)")],
            contact: Contact(name: "=cmd|' /C calc'!A0", email: "x@example.org", isPublic: true), started: "2022",
            publishedAt: "2024-01-01T00:00:00Z")
        try database.importExamples([hostile, GuideFixture.examples()[1]])
        let report = AdoptionReport(
            organisation: Organisation(name: Self.adopter, type: .hospice), whatWeAdapted: Self.adapted, whatHappened: "=1+1 [x](javascript:alert(9))",
            contact: Contact(name: "Private", email: "adopter@example.org", isPublic: false))
        let receipt = try database.reportAdoption(report, about: .id(1))
        _ = try database.decideAdoption(receipt.id, action: .approve, note: nil, actor: "moderator", acknowledgeFlags: true)
        let draft = CollectionDraft(
            title: "<script>alert(1)</script> guide", description: "-2 \"><svg onload=alert(1)>",
            introduction: "<iframe src=x></iframe> [x](javascript:alert(1))", contact: "<img src=x onerror=alert(1)>")
        try database.createCollection(slug: "hostile", draft: draft, actor: "curator", at: "2024-03-01T09:00:00Z")
        try database.addToCollection("hostile", examples: [.id(1), .id(2)], actor: "curator", at: "2024-03-01T09:00:00Z")
        return try database.exportDocument(slug: "hostile")
    }

    @Test(arguments: [ExportFormat.html, .markdown, .json, .site])
    func markupFormatsHaveNoLiveMarkup(format: ExportFormat) throws {
        // setup
        let document = try document()
        // exercise
        let files = GuideFixture.files(of: try format.renderer.render(document))
        // validate
        for (name, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            expectNoLiveMarkup(text, in: "\(format) \(name)")
            if format == .markdown { expectSafeMarkdownLinks(text) }
            if ["document", "index.html", "examples/1.html"].contains(name) && format != .json {
                for scalars in ["👩🏽‍⚕️", "مرحبا بالعالم", "cafe\u{301}", "Z\u{351}\u{353}", "\u{202E}desrever\u{202C}", "bell\u{7}"] {
                    #expect(data.range(of: Data(scalars.utf8)) != nil, "\(format) \(name) keeps \(scalars.unicodeScalars.map { String($0.value, radix: 16) })")
                }
            }
        }
    }

    @Test(arguments: [ExportFormat.html, .markdown, .json, .site, .docx])
    func aReportFromElsewhereIsShownAsTextWithoutItsPrivateContact(format: ExportFormat) throws {
        // setup: the hostile example has one published report with a private contact
        let document = try document()
        // exercise
        let files =
            format == .docx
            ? try WordFixture.parts(of: try DocxRenderer().render(document)).mapValues { Data($0.utf8) }
            : GuideFixture.files(of: try format.renderer.render(document))
        // validate
        let text = files.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        #expect(text.contains("alert(7)"), "\(format) shows the report")
        #expect(!text.contains("adopter@example.org"), "\(format) keeps the report's private contact out")
        #expect(!text.contains("<svg") && !text.contains("<script>alert(8)"), "\(format) shows the report's markup as text")
    }

    @Test func wordDocumentKeepsHostileTextAsText() throws {
        // setup
        let document = try document()
        // exercise
        let parts = try WordFixture.parts(of: try DocxRenderer().render(document))
        // validate
        for (name, text) in parts { WordFixture.expectWellFormed(text, name) }
        let body = try #require(parts["word/document.xml"]), links = try #require(parts["word/_rels/document.xml.rels"])
        #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !body.contains("<script"))
        #expect(body.contains("=HYPERLINK(&quot;http://x&quot;)"), "a formula is only text")
        #expect(body.contains("bell\u{FFFD} esc\u{FFFD}") && body.contains("👩🏽‍⚕️"), "controls XML forbids become U+FFFD")
        for target in links.matches(of: /Target="([^"]*)" TargetMode="External"/) {
            let url = String(target.output.1).lowercased()
            #expect(url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("mailto:"), "link \(url)")
        }
        #expect(!links.lowercased().contains("javascript"))
    }

    @Test func contentsNumberChaptersAsTheGuideNumbersFoundations() throws {
        // setup: chapters for foundations 2 and 7
        let document = try document()
        // exercise
        let html = String(decoding: GuideFixture.files(of: try HTMLRenderer().render(document))["document"]!, as: UTF8.self)
        let body = try #require(try WordFixture.parts(of: try DocxRenderer().render(document))["word/document.xml"])
        let markdown = String(decoding: GuideFixture.files(of: try MarkdownRenderer().render(document))["document"]!, as: UTF8.self)
        // validate
        #expect(document.chapters.map(\.foundation.number) == [2, 7])
        #expect(html.contains("<li value=\"7\"><a href=\"#foundation-co-design\">Co-design</a>"))
        #expect(body.contains(">7. Co-design</w:t>") && body.contains(">2. Shared records</w:t>"))
        #expect(markdown.contains("- 7\\. Co-design"))
    }

    @Test func jsonKeepsEveryCharacter() throws {
        // setup
        let document = try document()
        // exercise
        let data = GuideFixture.files(of: try JSONRenderer().render(document))["document"]!
        // validate
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let example = try #require((object["examples"] as? [[String: Any]])?.first { $0["uid"] as? String == GuideFixture.uids[4] })
        #expect(object["format"] as? String == "casebook-collection" && object["version"] as? Int == 1)
        #expect((example["title"] as? String)?.unicodeScalars.elementsEqual(Self.title.unicodeScalars) == true)
        #expect((example["summary"] as? String)?.unicodeScalars.elementsEqual(Self.summary.unicodeScalars) == true)
        #expect((example["body"] as? String)?.unicodeScalars.elementsEqual(Self.body.unicodeScalars) == true)
    }

    @Test func feedIsWellFormedAtom() throws {
        // setup
        let document = try document()
        // exercise
        let feed = try #require(GuideFixture.files(of: try SiteRenderer().render(document))["feed.atom"])
        // validate
        let parser = XMLParser(data: feed)
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        let text = String(decoding: feed, as: UTF8.self)
        #expect(text.contains("bell\u{FFFD} esc\u{FFFD}"), "controls XML forbids become U+FFFD")
        #expect(text.contains("👩🏽‍⚕️") && text.contains("&lt;script&gt;"))
    }

    @Test func csvReadsBackWithFormulasNeutralised() throws {
        // setup
        let document = try document()
        // exercise
        let data = GuideFixture.files(of: try CSVRenderer().render(document))["document"]!
        // validate
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let rows = try RFC4180.parse(String(decoding: data.dropFirst(3), as: UTF8.self))
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.count == CSVRenderer.columns.count })
        #expect(rows[0] == CSVRenderer.columns)
        let row = try #require(rows.first { $0[1] == GuideFixture.uids[4] })
        let cells = Dictionary(uniqueKeysWithValues: zip(CSVRenderer.columns, row))
        #expect(cells["title"]?.unicodeScalars.elementsEqual(("'" + Self.title).unicodeScalars) == true)
        #expect(cells["summary"]?.unicodeScalars.elementsEqual(("'" + Self.summary).unicodeScalars) == true)
        #expect(cells["organisation"] == "'@SUM(A1)")
        #expect(cells["links"] == "https://example.org/x?\"onmouseover=alert(1) javascript:alert(1)")
        #expect(cells["foundations"] == "Co-design", "words, not keys")
        #expect(cells["foundation_keys"] == "co-design")
        #expect(CSVRenderer.cell("-2") == "'-2" && CSVRenderer.cell("\tx") == "'\tx" && CSVRenderer.cell("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    /// No script or other active element, no event attribute inside a tag, no link that is not http(s), mailto, relative or a fragment.
    func expectNoLiveMarkup(_ text: String, in place: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let allowedTags: Set<String> = [
            "html", "head", "meta", "title", "style", "link", "body", "div", "header", "p", "h1", "h2", "h3", "h4", "h5", "h6", "aside",
            "strong", "em", "code", "nav", "ol", "ul", "li", "a", "main", "section", "article", "dl", "dt", "dd", "footer", "br", "span",
            "table", "tbody", "tr", "th", "td",
            "feed", "subtitle", "id", "updated", "generator", "entry", "published", "author", "name", "summary"
        ]
        #expect(!text.lowercased().contains("<script"), "\(place)", sourceLocation: sourceLocation)
        for match in text.matches(of: /<\/?([A-Za-z][A-Za-z0-9]*)([^>]*)>/) {
            let name = String(match.output.1).lowercased()
            #expect(allowedTags.contains(name), "\(place): tag <\(name)>", sourceLocation: sourceLocation)
            #expect(
                match.output.2.firstMatch(of: /(?i)\son[a-z]+\s*=/) == nil, "\(place): event attribute in \(match.output.0)", sourceLocation: sourceLocation)
            for link in match.output.2.matches(of: /(?i)(href|src)\s*=\s*"([^"]*)"/) {
                let url = String(link.output.2).lowercased()
                let safe = url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("mailto:") || url.hasPrefix("#") || !url.contains(":")
                #expect(safe, "\(place): \(match.output.0)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Every Markdown link destination is http(s) or mailto, and no line defines a link reference.
    func expectSafeMarkdownLinks(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for match in text.matches(of: /[^\\]\]\(([^)]*)\)/) {
            let url = String(match.output.1).trimmingCharacters(in: .whitespaces).lowercased()
            #expect(url.hasPrefix("http") || url.hasPrefix("mailto:"), "markdown link \(match.output.0)", sourceLocation: sourceLocation)
        }
        #expect(text.firstMatch(of: /(?m)^\s{0,3}\[[^\]]+\]:/) == nil, "a link reference definition", sourceLocation: sourceLocation)
    }
}

/// Reads a Word document's parts back for the tests.
enum WordFixture {
    /// Every part of a `.docx` output as text, by path.
    static func parts(of output: ExportOutput) throws -> [String: String] {
        guard case .file(let data, _) = output else { throw CocoaError(.fileReadCorruptFile) }
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    /// The part parses as XML.
    static func expectWellFormed(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let parser = XMLParser(data: Data(text.utf8))
        #expect(parser.parse(), "\(name): \(parser.parserError.map(String.init(describing:)) ?? "")", sourceLocation: sourceLocation)
    }
}

/// A strict RFC 4180 reader for the tests: fields separated by commas, records by CRLF, quotes doubled inside quoted fields.
enum RFC4180 {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, atFieldStart = true
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart: quoted = true; atFieldStart = false
            case "\"": throw Malformed()
            case ",": row.append(field); field = ""; atFieldStart = true
            case "\r":
                guard pending == "\n" else { throw Malformed() }
                pending = scalars.next()
                row.append(field); rows.append(row); row = []; field = ""; atFieldStart = true
            case "\n": throw Malformed()
            default: field.unicodeScalars.append(scalar); atFieldStart = false
            }
        }
        guard !quoted, row.isEmpty, field.isEmpty else { throw Malformed() }
        return rows
    }
}

@Suite("Article lookups")
struct ArticleLookupTests {
    /// Every stored property of a value answers its template lookup with the same value reflection finds.
    func expectAnswersEveryProperty(_ value: some MustacheParent, sourceLocation: SourceLocation = #_sourceLocation) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let answered = value.child(named: label)
            #expect(answered != nil, "\(type(of: value)).\(label) is not answered", sourceLocation: sourceLocation)
            #expect(answered.map { "\($0)" } == "\(child.value)", "\(type(of: value)).\(label)", sourceLocation: sourceLocation)
        }
        #expect(value.child(named: "notAProperty") == nil, sourceLocation: sourceLocation)
    }

    @Test func theArticleAndItsPartsAnswerEveryName() throws {
        var example = GuideFixture.examples()[1]
        example.links = [Link(title: "Report", url: "https://example.org/report")]
        let article = ExampleArticle(page: example, id: 2, reference: try ReferenceData.shipped(), links: ExampleFacts.Links())
        expectAnswersEveryProperty(article)
        expectAnswersEveryProperty(try #require(article.facts.first))
        expectAnswersEveryProperty(try #require(article.facts.first?.values.first))
        expectAnswersEveryProperty(try #require(article.links.first))
        expectAnswersEveryProperty(try #require(article.parts.last))
    }
}
