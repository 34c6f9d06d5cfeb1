import Foundation

/// The guide as a folder for any static web host: `index.html`, a page per example under `examples/`,
/// `style.css` and an Atom feed, `feed.atom`. Every link between them is relative. The pages render through
/// the same mustache templates as the single-file guide (`site-index.mustache`, `site-example.mustache`).
public struct SiteRenderer: ExportRenderer {
    /// The format this renderer writes.
    public static let format = ExportFormat.site

    /// Makes the renderer.
    public init() {}

    /// Renders every file of the site; an `ExportTemplateError` when the templates are not installed.
    public func render(_ document: ExportDocument) throws -> ExportOutput {
        let templates = try ExportTemplates.shipped()
        let chapters = GuideChapterView.all(document, headingLevel: 3, form: .short) { "examples/\($0.id).html" }
        let index = GuidePageView(document, pageTitle: document.collection.title, stylesheet: "style.css", hasFeed: true, chapters: chapters)
        var files = [
            "index.html": Data(try templates.render(index, template: "site-index").utf8),
            "style.css": Data((GuideStyle.css + "\n").utf8),
            "feed.atom": Data(AtomFeed.collection(document).xml.utf8)
        ]
        // Each example page shows one example, whole, with the collection's title and footer but no chapters.
        var page = GuidePageView(document, pageTitle: "", stylesheet: "../style.css", chapters: [])
        for exported in document.examples {
            page.pageTitle = exported.example.title + " – " + document.collection.title
            page.article = [
                ExampleArticle(guide: exported, reference: document.reference, href: "", headingLevel: 1, form: .full, chapters: "../index.html")
            ]
            files["examples/\(exported.id).html"] = Data(try templates.render(page, template: "site-example").utf8)
        }
        return .folder(files)
    }
}
