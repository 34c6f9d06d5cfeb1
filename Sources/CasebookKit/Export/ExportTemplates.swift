import Foundation
import CasebookTemplates
import Mustache

/// The mustache templates the HTML guide and the static site render through, shipped as resources of the
/// CasebookTemplates target (`Sources/CasebookTemplates/Templates/*.mustache`). They are looked up by hand rather than through
/// `Bundle.module`, which stops the process when the folder is missing: here a missing folder or template
/// is an `ExportTemplateError` naming it, and the export fails with that message.
public struct ExportTemplates: Sendable {
    /// The templates every HTML export needs; each must be in the folder.
    public static let names = [
        "guide", "site-index", "site-example", "guide-page-start", "guide-page-end", "guide-cover",
        "guide-contents", "guide-chapter-opening", "example-article", "guide-dropped", "guide-footer", "local-guide"
    ]

    /// The partials the web pages render too, so that a page and an export show an example the same way.
    public static let sharedNames = ["example-article"]

    /// The folder the templates were read from.
    public let folder: URL
    let library: MustacheLibrary
    /// The text of each of `sharedNames`, for the web pages' own template library.
    public let shared: [String: String]

    /// The templates in `folder`, or, when it is nil, in the shipped folder beside the executable (then an
    /// installed share folder, then the source tree). The guide's stylesheet is registered as the partial
    /// `guide-style`, so the single-file guide embeds the same CSS the site ships as `style.css`.
    public static func load(_ folder: URL? = nil) throws(ExportTemplateError) -> ExportTemplates {
        let candidates = folder.map { [$0] } ?? shippedCandidates
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("guide.mustache").path) })
        else { throw ExportTemplateError(missing: ["guide.mustache"], looked: candidates) }
        var library = MustacheLibrary()
        var missing: [String] = []
        var shared: [String: String] = [:]
        for name in names {
            let file = found.appendingPathComponent("\(name).mustache")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { missing.append("\(name).mustache"); continue }
            if sharedNames.contains(name) { shared[name] = text }
            do { try library.registerHTML(text, named: name) } catch {
                throw ExportTemplateError(missing: ["\(name).mustache (not a valid template: \(error))"], looked: [found])
            }
        }
        guard missing.isEmpty else { throw ExportTemplateError(missing: missing, looked: [found]) }
        do { try library.registerHTML(GuideStyle.css + "\n", named: "guide-style") } catch {
            throw ExportTemplateError(missing: ["guide-style (the stylesheet is not valid template text)"], looked: [found])
        }
        return ExportTemplates(folder: found, library: library, shared: shared)
    }

    /// The shipped templates, read once per process.
    public static func shipped() throws(ExportTemplateError) -> ExportTemplates { try cached.get() }

    private static let cached = Result { () throws(ExportTemplateError) -> ExportTemplates in try load() }

    private static var shippedCandidates: [URL] { TemplateFiles.candidateFolders }

    /// The named template rendered with `view`; every `{{ }}` value is escaped by `HTML.escape`
    /// (`registerHTML`).
    func render(_ view: Any, template name: String) throws(ExportTemplateError) -> String {
        guard let text = library.render(view, withTemplate: name) else {
            throw ExportTemplateError(missing: ["\(name).mustache"], looked: [folder])
        }
        return text
    }
}

/// A template the HTML export needs is missing, unreadable or not valid.
public struct ExportTemplateError: Error, Sendable, CustomStringConvertible {
    /// The templates missing, such as `example-article.mustache`.
    public var missing: [String]
    /// The folders looked in.
    public var looked: [String]

    /// Names the missing templates and the folders looked in.
    public init(missing: [String], looked: [URL]) {
        (self.missing, self.looked) = (missing, looked.map(\.path))
    }

    public var description: String {
        let names = missing.joined(separator: ", ")
        return "the HTML export cannot run: \(names) \(missing.count == 1 ? "is" : "are") missing from its templates "
            + "(looked in \(looked.joined(separator: ", "))); install the casebook_CasebookTemplates.resources folder beside the casebook binary"
    }
}
