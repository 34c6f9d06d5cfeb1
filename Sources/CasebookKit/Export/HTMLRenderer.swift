import Foundation

/// The guide as one self-contained HTML file: cover, contents, then a chapter per foundation with its
/// description, reflective prompts and examples. Styles are embedded; it has no scripts and loads nothing.
public struct HTMLRenderer: ExportRenderer {
    /// The format this renderer writes.
    public static let format = ExportFormat.html

    /// Makes the renderer.
    public init() {}

    /// Renders the whole guide as one page.
    public func render(_ document: ExportDocument) throws -> ExportOutput {
        var body = GuideHTML.cover(document)
        body += GuideHTML.contents(document) { "#example-\($0.id)" }
        body += "<main>\n"
        for chapter in document.chapters {
            body += GuideHTML.chapterOpening(chapter)
            body += chapter.examples.map { GuideHTML.article($0, reference: document.reference, headingLevel: 3, form: document.form) }.joined()
            body += "</section>\n"
        }
        body += GuideHTML.dropped(document) + "</main>\n" + GuideHTML.footer(document)
        let page = GuideHTML.page(title: document.collection.title, stylesheet: .embedded, body: body)
        return .file(Data(page.utf8), contentType: "text/html; charset=utf-8")
    }
}

/// The pieces of HTML that the single-file guide and the static site share. Every value is escaped here.
enum GuideHTML {
    /// Where a page finds its styles.
    enum Stylesheet {
        case embedded
        case linked(String)
    }

    /// A whole page; the content security policy forbids scripts and requests even if markup slipped through.
    static func page(title: String, stylesheet: Stylesheet, head: String = "", body: String) -> String {
        let style: String
        let policy: String
        switch stylesheet {
        case .embedded:
            style = "<style>\n\(GuideStyle.css)\n</style>"
            policy = "default-src 'none'; style-src 'unsafe-inline'"
        case .linked(let href):
            style = "<link rel=\"stylesheet\" href=\"\(HTML.escape(href))\">"
            policy = "default-src 'none'; style-src 'self'"
        }
        return """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(policy)">
            <meta name="generator" content="Casebook">
            <title>\(HTML.escape(title))</title>
            \(style)\(head)
            </head>
            <body>
            <div class="page">
            \(body)</div>
            </body>
            </html>

            """
    }

    /// The cover: title, description, date, introduction and the local contact block.
    static func cover(_ document: ExportDocument) -> String {
        let collection = document.collection
        var html = "<header class=\"cover\">\n<p class=\"kicker\">Casebook collection</p>\n<h1>\(HTML.escape(collection.title))</h1>\n"
        if !collection.description.isEmpty { html += "<p class=\"lede\">\(HTML.escape(collection.description))</p>\n" }
        html += "<p class=\"date\">\(HTML.escape(dateLine(document)))</p>\n"
        if !collection.introduction.isEmpty {
            html += "<div class=\"introduction\">\n\(SafeMarkdown.html(collection.introduction, topHeadingLevel: 2))</div>\n"
        }
        if let contact = collection.contact, !contact.isEmpty {
            html += "<aside class=\"contact\" aria-label=\"Contact\">\n<p><strong>Contact</strong></p>\n\(SafeMarkdown.html(contact, topHeadingLevel: 4))</aside>\n"
        }
        return html + "</header>\n"
    }

    /// "Published 1 March 2024", or the date of the draft.
    static func dateLine(_ document: ExportDocument) -> String {
        let collection = document.collection
        return collection.status == .published
            ? "Published \(GuideDate.long(document.date))"
            : "Draft, last changed \(GuideDate.long(document.date))"
    }

    /// The contents list: chapters numbered as the guide numbers their foundations, and their examples, each linked by `href`.
    static func contents(_ document: ExportDocument, chapterPrefix: String = "", href: (ExportedExample) -> String) -> String {
        var html = "<nav class=\"contents\" aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n"
        for chapter in document.chapters {
            let foundation = chapter.foundation
            html += "<li value=\"\(foundation.number)\"><a href=\"\(chapterPrefix)#\(anchor(foundation))\">\(HTML.escape(foundation.name))</a>\n<ul>\n"
            html += chapter.examples.map { "<li><a href=\"\(HTML.escape(href($0)))\">\(HTML.escape($0.example.title))</a></li>\n" }.joined()
            html += "</ul>\n</li>\n"
        }
        if document.chapters.isEmpty { html += "<li>This collection has no published examples yet.</li>\n" }
        return html + "</ol>\n</nav>\n"
    }

    /// Opens a chapter's section with the foundation's description and reflective prompts; the caller closes it.
    static func chapterOpening(_ chapter: ExportChapter) -> String {
        let foundation = chapter.foundation
        var html = "<section class=\"chapter\" id=\"\(anchor(foundation))\">\n"
        html += "<h2>Foundation \(foundation.number): \(HTML.escape(foundation.name))</h2>\n"
        html += "<p>\(HTML.escape(foundation.description))</p>\n"
        if !foundation.prompts.isEmpty {
            html += "<div class=\"prompts\">\n<h3>Questions to reflect on</h3>\n<ul>\n"
            html += foundation.prompts.map { "<li>\(HTML.escape($0))</li>\n" }.joined()
            html += "</ul>\n</div>\n"
        }
        return html
    }

    /// One example with its summary, facts, body (in the full form) and links; `headingLevel` is the level of its title.
    static func article(_ exported: ExportedExample, reference: ReferenceData, headingLevel: Int, form: ExportForm = .full) -> String {
        let example = exported.example
        var html = "<article class=\"example\" id=\"example-\(exported.id)\">\n"
        html += "<h\(headingLevel)>\(HTML.escape(example.title))</h\(headingLevel)>\n"
        html += "<p class=\"summary\">\(HTML.escape(example.summary))</p>\n" + facts(ExampleMarkdown.facts(of: example, reference: reference))
        if form == .full && !example.body.isEmpty {
            html += "<div class=\"body\">\n\(SafeMarkdown.html(example.body, topHeadingLevel: headingLevel + 1))</div>\n"
        }
        return html + links(example.links, headingLevel: headingLevel + 1) + "</article>\n"
    }

    /// An example's facts as a compact two-column table, a label heading each row.
    static func facts(_ facts: [(String, String)]) -> String {
        let rows = facts.map { "<tr><th scope=\"row\">\(HTML.escape($0.0))</th><td>\(HTML.escape($0.1))</td></tr>\n" }.joined()
        return "<table class=\"facts\">\n<tbody>\n\(rows)</tbody>\n</table>\n"
    }

    /// An example's links; a URL that is not http(s) is shown as text, never linked. The address is printed
    /// beside the title (paper has no links) unless the title already is the address.
    static func links(_ links: [Link], headingLevel: Int) -> String {
        guard !links.isEmpty else { return "" }
        let items = links.map { link in
            let title = HTML.escape(link.title), url = HTML.escape(link.url)
            let address = showsAddress(link) ? " <span class=\"url\">\(url)</span>" : ""
            return SafeMarkdown.isAllowedURL(link.url)
                ? "<li><a href=\"\(url)\">\(title)</a>\(address)</li>\n"
                : "<li>\(title)\(address)</li>\n"
        }
        return "<h\(headingLevel)>Links</h\(headingLevel)>\n<ul class=\"links\">\n\(items.joined())</ul>\n"
    }

    /// Whether a link's address is printed beside its title: not when the title is the address (or nearly, as
    /// `example.org/a` is for `https://example.org/a/`), so no link reads twice.
    static func showsAddress(_ link: Link) -> Bool {
        func bare(_ text: String) -> String {
            var text = text.trimmingCharacters(in: .whitespaces).lowercased()
            for prefix in ["https://", "http://", "mailto:", "www."] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        return bare(link.title) != bare(link.url)
    }

    /// The note about examples that are no longer published, or nothing.
    static func dropped(_ document: ExportDocument) -> String {
        guard let note = document.droppedNote else { return "" }
        return "<section class=\"dropped\">\n<h2>Left out of this edition</h2>\n<p>\(HTML.escape(note))</p>\n</section>\n"
    }

    /// Where the guide came from, and the credit for the framework's names.
    static func footer(_ document: ExportDocument) -> String {
        """
        <footer class="footer">
        <p>\(HTML.escape(document.collection.title)) · \(HTML.escape(dateLine(document))) · made with Casebook.</p>
        <p>\(HTML.escape(credit))</p>
        </footer>

        """
    }

    /// The credit for the foundations' names and descriptions, printed in every format.
    static let credit = "Foundations and ambitions from the Ambitions for Palliative and End of Life Care framework (2021–2026) "
        + "and Small Steps, Big Vision (The Open University, 2023, CC BY 4.0)."

    /// The fragment id of a foundation's chapter.
    static func anchor(_ foundation: Foundation) -> String { "foundation-\(foundation.key)" }
}
