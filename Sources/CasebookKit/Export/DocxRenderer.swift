import Foundation

/// The guide as an editable Word document (WordprocessingML in a zip): a cover, contents numbered as the
/// foundations are, a chapter per foundation with Word's own heading styles, real bulleted and numbered
/// lists, links as hyperlink relationships and each example's facts as a table. The same document always
/// gives the same bytes.
public struct DocxRenderer: ExportRenderer {
    /// The format this renderer writes.
    public static let format = ExportFormat.docx
    /// The media type of a Word document.
    public static let contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// Makes the renderer.
    public init() {}

    /// Renders the whole guide as one `.docx` file.
    public func render(_ document: ExportDocument) throws -> ExportOutput {
        var body = WordBody()
        GuideWord.cover(document, into: &body)
        GuideWord.contents(document, into: &body)
        for chapter in document.chapters { GuideWord.chapter(chapter, document: document, into: &body) }
        GuideWord.closing(document, into: &body)
        let package = WordPackage(body: body, title: document.collection.title, subject: document.collection.description, date: document.date)
        return .file(try package.zipped(), contentType: Self.contentType)
    }
}

/// The guide's parts in Word, in the same order and words as the HTML guide, so a guide of another kind can reuse them.
enum GuideWord {
    /// Title, description, date, local contact and introduction, then a page break.
    static func cover(_ document: ExportDocument, into body: inout WordBody) {
        let collection = document.collection
        body.plain(collection.title, style: "Title")
        if !collection.description.isEmpty { body.plain(collection.description, style: "Subtitle") }
        body.plain(GuideHTML.dateLine(document), style: "CoverDate")
        if let contact = collection.contact, !contact.isEmpty {
            body.plain("Contact", style: "Heading3")
            body.markdown(contact, topHeadingLevel: 3)
        }
        if !collection.introduction.isEmpty { body.markdown(collection.introduction, topHeadingLevel: 2) }
        body.pageBreak()
    }

    /// "Contents", then each chapter as the guide numbers its foundation ("4. Involving…") with its examples beneath.
    static func contents(_ document: ExportDocument, into body: inout WordBody) {
        body.plain("Contents", style: "Heading1")
        if document.chapters.isEmpty { body.plain("This collection has no published examples yet.") }
        for chapter in document.chapters {
            body.plain("\(chapter.foundation.number). \(chapter.foundation.name)", style: "TOC1")
            for exported in chapter.examples { body.plain(exported.example.title, style: "TOC2") }
        }
    }

    /// A chapter: the foundation, its description and prompts, then its examples.
    static func chapter(_ chapter: ExportChapter, document: ExportDocument, into body: inout WordBody) {
        let foundation = chapter.foundation
        body.plain("Foundation \(foundation.number): \(foundation.name)", style: "Heading1")
        body.plain(foundation.description)
        if !foundation.prompts.isEmpty {
            body.plain("Questions to reflect on", style: "Heading3")
            body.list(foundation.prompts.map { [.text($0)] }, ordered: false)
        }
        for exported in chapter.examples { example(exported, reference: document.reference, form: document.form, into: &body) }
    }

    /// One example: title, summary, facts as a table, its body (in the full form) and links.
    static func example(_ exported: ExportedExample, reference: ReferenceData, form: ExportForm, into body: inout WordBody) {
        let example = exported.example
        body.plain(example.title, style: "Heading2")
        if let note = ExampleFacts.note(example) { body.plain(note, style: "Summary") }
        body.plain(example.summary, style: "Summary")
        body.facts(ExampleFacts.of(example, reference: reference).map { ($0.label, $0.text) })
        if form == .full {
            for part in ExampleFacts.account(of: example, reference: reference) {
                if let heading = part.heading { body.plain(heading, style: "Heading3") }
                body.markdown(part.markdown, topHeadingLevel: part.heading == nil ? 3 : 4)
            }
            let tried = ExampleFacts.triedElsewhere(exported.adoptions, reference: reference)
            if !tried.isEmpty {
                body.plain(ExampleFacts.triedElsewhereHeading(count: tried.count), style: "Heading3")
                body.list(
                    tried.map { [.text("\($0.who): what they adapted: \($0.adapted)" + ($0.happened.isEmpty ? "" : " What happened: " + $0.happened))] },
                    ordered: false)
            }
        }
        guard !example.links.isEmpty else { return }
        body.plain("Links", style: "Heading3")
        body.list(example.links.map(linkItem), ordered: false)
    }

    /// A link as a list item: its title linked, and its address in words when that differs from the title.
    static func linkItem(_ link: Link) -> [SafeMarkdown.Inline] {
        guard SafeMarkdown.isAllowedURL(link.url) else { return [.text("\(link.title) (\(link.url))")] }
        return GuideHTML.showsAddress(link) ? [.link([.text(link.title)], url: link.url), .text(" (\(link.url))")] : [.link([.text(link.title)], url: link.url)]
    }

    /// The note on examples left out, the edition line and the credit.
    static func closing(_ document: ExportDocument, into body: inout WordBody) {
        if let note = document.droppedNote {
            body.plain("Left out of this edition", style: "Heading1")
            body.plain(note)
        }
        body.plain("\(document.collection.title) · \(GuideHTML.dateLine(document)) · made with Casebook.", style: "Colophon")
        body.plain(GuideHTML.credit, style: "Colophon")
    }
}

/// The body of a Word document as it is built: paragraphs and tables in WordprocessingML, the external links
/// it points to and the numbered lists it started. Every text passes through `XML.escape` here and nowhere else.
struct WordBody {
    /// The paragraphs and tables so far.
    private(set) var xml = ""
    /// The addresses of external links, in order; link `n` is relationship `link<n>`.
    private(set) var hyperlinks: [String] = []
    /// How many numbered lists the body holds; each restarts at 1 with its own numbering instance.
    private(set) var numberedLists = 0

    /// Run formatting from Markdown.
    struct RunFormat {
        var bold = false, italic = false, code = false, link = false
    }

    /// One paragraph of plain text in a paragraph style.
    mutating func plain(_ text: String, style: String? = nil) {
        paragraph(run(text, RunFormat()), style: style)
    }

    /// One paragraph of plain text in bold, such as a question before its answer.
    mutating func bold(_ text: String) {
        paragraph(run(text, RunFormat(bold: true)), style: nil)
    }

    /// A page break, so the next text starts on a new page.
    mutating func pageBreak() {
        xml += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>\n"
    }

    /// Markdown through the safe subset: its headings in Word's heading styles, its lists as real lists.
    mutating func markdown(_ text: String, topHeadingLevel: Int) {
        let blocks = SafeMarkdown.blocks(text)
        let top =
            blocks.compactMap { block -> Int? in
                if case .heading(let level, _) = block { return level }
                return nil
            }.min() ?? topHeadingLevel
        for block in blocks {
            switch block {
            case .heading(let level, let content):
                paragraph(runs(content), style: "Heading\(min(3, max(1, level - top + topHeadingLevel)))")
            case .paragraph(let content):
                paragraph(runs(content), style: nil)
            case .list(let ordered, let items):
                list(items, ordered: ordered)
            }
        }
    }

    /// A bulleted or numbered list, one list paragraph an item.
    mutating func list(_ items: [[SafeMarkdown.Inline]], ordered: Bool) {
        var numbering = WordPackage.bulletNumbering
        if ordered {
            numberedLists += 1
            numbering = WordPackage.bulletNumbering + numberedLists
        }
        for item in items {
            let properties = "<w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(numbering)\"/></w:numPr>"
            xml += "<w:p><w:pPr>\(properties)</w:pPr>\(runs(item))</w:p>\n"
        }
    }

    /// Label and value pairs as a two-column table whose rows do not break across pages.
    mutating func facts(_ facts: [(String, String)]) {
        guard !facts.isEmpty else { return }
        xml += "<w:tbl><w:tblPr><w:tblStyle w:val=\"FactsTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:val=\"0000\"/></w:tblPr>"
        xml += "<w:tblGrid><w:gridCol w:w=\"2400\"/><w:gridCol w:w=\"7238\"/></w:tblGrid>\n"
        for (label, value) in facts {
            let labelCell = cell(run(label, RunFormat(bold: true)), width: 2400)
            xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>\(labelCell)\(cell(run(value, RunFormat()), width: 7238))</w:tr>\n"
        }
        xml += "</w:tbl>\n"
    }

    private func cell(_ runs: String, width: Int) -> String {
        "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>\(runs)</w:p></w:tc>"
    }

    private mutating func paragraph(_ runs: String, style: String?) {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        xml += "<w:p>\(properties)\(runs)</w:p>\n"
    }

    /// Inline spans as runs; a link becomes a hyperlink relationship only for an allowed address.
    private mutating func runs(_ spans: [SafeMarkdown.Inline], _ format: RunFormat = RunFormat()) -> String {
        var result = ""
        for span in spans {
            var inner = format
            switch span {
            case .text(let text): result += run(text, format)
            case .code(let code): inner.code = true; result += run(code, inner)
            case .strong(let content): inner.bold = true; result += runs(content, inner)
            case .emphasis(let content): inner.italic = true; result += runs(content, inner)
            case .link(let label, let url):
                guard SafeMarkdown.isAllowedURL(url) else { result += runs(label, format); continue }
                inner.link = true
                let content = runs(label, inner)
                hyperlinks.append(url)
                result += "<w:hyperlink r:id=\"link\(hyperlinks.count)\" w:history=\"1\">\(content)</w:hyperlink>"
            }
        }
        return result
    }

    /// One run of text; line breaks inside a paragraph read as spaces, as they do in HTML.
    private func run(_ text: String, _ format: RunFormat) -> String {
        guard !text.isEmpty else { return "" }
        var properties = format.link ? "<w:rStyle w:val=\"Hyperlink\"/>" : format.code ? "<w:rStyle w:val=\"Code\"/>" : ""
        if format.bold { properties += "<w:b/>" }
        if format.italic { properties += "<w:i/>" }
        let breaks = text.utf8.contains { $0 == 0x0A || $0 == 0x0D }
        let words =
            breaks ? text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") : text
        let formatting = properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>"
        return "<w:r>\(formatting)<w:t xml:space=\"preserve\">\(XML.escape(words))</w:t></w:r>"
    }
}
