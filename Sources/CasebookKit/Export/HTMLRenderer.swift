import Foundation

/// The guide as one self-contained HTML file: cover, contents, then a chapter per foundation with its
/// description, reflective prompts and examples. Styles are embedded; it has no scripts and loads nothing.
/// It renders through the mustache templates in `Export/Templates` (`guide.mustache` and its partials).
public struct HTMLRenderer: ExportRenderer {
    /// The format this renderer writes.
    public static let format = ExportFormat.html

    /// Makes the renderer.
    public init() {}

    /// Renders the whole guide as one page; an `ExportTemplateError` when the templates are not installed.
    public func render(_ document: ExportDocument) throws -> ExportOutput {
        let chapters = GuideChapterView.all(document, headingLevel: 3, form: document.form) { "#example-\($0.id)" }
        let view = GuidePageView(document, pageTitle: document.collection.title, stylesheet: nil, chapters: chapters)
        let page = try ExportTemplates.shipped().render(view, template: "guide")
        return .file(Data(page.utf8), contentType: "text/html; charset=utf-8")
    }
}

/// The wording the guide's formats share: the date line, the credit, when a link's address is printed,
/// and the fragment id of a chapter.
enum GuideHTML {
    /// "Published 1 March 2024", or the date of the draft.
    static func dateLine(_ document: ExportDocument) -> String {
        let collection = document.collection
        return collection.status == .published
            ? "Published \(DateWords.day(document.date))"
            : "Draft, last changed \(DateWords.day(document.date))"
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

    /// The credit for the foundations' names and descriptions, printed in every format.
    static let credit =
        "Foundations and ambitions from the Ambitions for Palliative and End of Life Care framework (2021–2026) "
        + "and Small Steps, Big Vision (The Open University, 2023, CC BY 4.0)."

    /// The fragment id of a foundation's chapter.
    static func anchor(_ foundation: Foundation) -> String { "foundation-\(foundation.key)" }
}
