import Foundation

/// The formats a local guide exports to: what a team takes to its meeting.
public enum GuideExportFormat: String, CaseIterable, Sendable {
    case html, markdown, json, docx

    /// The media type the document is served with.
    public var contentType: String {
        switch self {
        case .html: "text/html; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .json: "application/json"
        case .docx: DocxRenderer.contentType
        }
    }

    /// The file name's extension.
    public var fileExtension: String { self == .markdown ? "md" : rawValue }
}

/// Renders a local guide in one of its export formats, from the one view every output uses.
public enum GuideExport {
    /// The guide (or edition) as a document; `allFoundations` keeps the foundations not filled in, with the
    /// guide's own text and room to answer, as the printed guide has them. JSON is the document
    /// `guide create` reads again, so it has no output fields and ignores `allFoundations`.
    public static func render(_ view: GuideView, as format: GuideExportFormat, allFoundations: Bool) throws -> Data {
        switch format {
        case .markdown: return Data(GuideMarkdown.render(view, allFoundations: allFoundations).utf8)
        case .json: return try Interchange.encoder(pretty: true).encode(view.document) + Data("\n".utf8)
        case .html:
            let page = LocalGuidePageView(view, allFoundations: allFoundations)
            return Data(try ExportTemplates.shipped().render(page, template: "local-guide").utf8)
        case .docx: return try LocalGuideWord.document(view, allFoundations: allFoundations)
        }
    }

    /// A file name for the export: the guide's title in lower-case words joined by hyphens, and the edition.
    public static func fileName(_ view: GuideView, format: GuideExportFormat) -> String {
        let words = view.content.title.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : " " }
        let slug = String(words).split(separator: " ").prefix(8).joined(separator: "-")
        let edition = view.edition.map { "-edition-\($0.number)" } ?? ""
        return (slug.isEmpty ? "local-guide" : slug) + edition + "." + format.fileExtension
    }

    /// The credit for the guide's own text, which every guide page and export carries.
    public static let credit = GuideHTML.credit

    /// "Edition 2 (after the March meeting), saved 1 March 2027", or "Last changed 1 March 2027".
    public static func dateLine(_ view: GuideView) -> String {
        guard let edition = view.edition else { return "Last changed \(DateWords.day(view.updatedAt))" }
        return "Edition \(edition.number)" + (edition.label.map { " (\($0))" } ?? "") + ", saved \(DateWords.day(edition.savedAt))"
    }

    /// The line that says chosen examples were withdrawn since, or nil.
    public static func withdrawnNote(_ count: Int) -> String? {
        guard count > 0 else { return nil }
        return count == 1
            ? "One example chosen here is no longer published and is left out."
            : "\(count) examples chosen here are no longer published and are left out."
    }

    /// The local contact's lines: name, role, email and phone, those given.
    public static func contactLines(_ contact: GuideContact?) -> [String] {
        guard let contact else { return [] }
        return [contact.name, contact.role, contact.email, contact.phone].compactMap { $0?.trimmed }.filter { !$0.isEmpty }
    }

    /// Free text as paragraphs, split at blank lines.
    public static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").map(\.trimmed).filter { !$0.isEmpty }
    }
}
