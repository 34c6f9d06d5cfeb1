import Foundation

/// The formats a collection exports to.
public enum ExportFormat: String, CaseIterable, Codable, Sendable {
    case html, markdown, json, csv, site, docx

    /// The renderer of this format; adding a format means one case above, one file, and one line here
    /// (the compiler asks for it).
    public var renderer: any ExportRenderer {
        switch self {
        case .html: HTMLRenderer()
        case .markdown: MarkdownRenderer()
        case .json: JSONRenderer()
        case .csv: CSVRenderer()
        case .site: SiteRenderer()
        case .docx: DocxRenderer()
        }
    }
}

/// What a renderer produces: one file, or a folder of files for a static web host.
public enum ExportOutput: Sendable, Equatable {
    /// One file's bytes and its media type.
    case file(Data, contentType: String)
    /// Files by relative path (`examples/3.html`).
    case folder([String: Data])
}

/// Turns an export document into one format.
public protocol ExportRenderer: Sendable {
    /// The format this renderer writes.
    static var format: ExportFormat { get }
    /// Makes the renderer.
    init()
    /// Renders the document.
    func render(_ document: ExportDocument) throws -> ExportOutput
}
