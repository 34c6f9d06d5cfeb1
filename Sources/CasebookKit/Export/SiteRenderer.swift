import Foundation

/// The guide as a folder for any static web host: `index.html`, a page per example under `examples/`,
/// `style.css` and an Atom feed, `feed.atom`. Every link between them is relative.
public struct SiteRenderer: ExportRenderer {
    /// The format this renderer writes.
    public static let format = ExportFormat.site

    /// Makes the renderer.
    public init() {}

    /// Renders every file of the site.
    public func render(_ document: ExportDocument) throws -> ExportOutput {
        var files = ["index.html": Data(index(document).utf8), "style.css": Data((GuideStyle.css + "\n").utf8),
                     "feed.atom": Data(AtomFeed.collection(document).xml.utf8)]
        for exported in document.examples {
            files["examples/\(exported.id).html"] = Data(page(exported, document: document).utf8)
        }
        return .folder(files)
    }

    private func index(_ document: ExportDocument) -> String {
        var body = GuideHTML.cover(document) + GuideHTML.contents(document) { "examples/\($0.id).html" } + "<main>\n"
        for chapter in document.chapters {
            body += GuideHTML.chapterOpening(chapter) + "<ul class=\"example-list\">\n"
            body += chapter.examples.map(listEntry).joined()
            body += "</ul>\n</section>\n"
        }
        body += GuideHTML.dropped(document) + "</main>\n" + GuideHTML.footer(document)
        let feed = "\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(HTML.escape(document.collection.title))\" href=\"feed.atom\">"
        return GuideHTML.page(title: document.collection.title, stylesheet: .linked("style.css"), head: feed, body: body)
    }

    private func listEntry(_ exported: ExportedExample) -> String {
        let example = exported.example
        return "<li id=\"example-\(exported.id)\"><a href=\"examples/\(exported.id).html\">\(HTML.escape(example.title))</a>"
            + " — \(HTML.escape(example.organisation.name))<br>\(HTML.escape(example.summary))</li>\n"
    }

    private func page(_ exported: ExportedExample, document: ExportDocument) -> String {
        let back = "<p class=\"kicker\"><a href=\"../index.html\">\(HTML.escape(document.collection.title))</a></p>\n"
        let body = back + "<main>\n" + GuideHTML.article(exported, reference: document.reference, headingLevel: 1) + "</main>\n"
            + GuideHTML.footer(document)
        return GuideHTML.page(title: exported.example.title + " – " + document.collection.title, stylesheet: .linked("../style.css"), body: body)
    }
}
