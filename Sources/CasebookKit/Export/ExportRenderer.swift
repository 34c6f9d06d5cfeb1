import Foundation

/// The formats a collection exports to.
public enum ExportFormat: String, CaseIterable, Codable, Sendable {
    case html, markdown, json, csv, site

    /// The renderer registered for this format.
    public var renderer: any ExportRenderer {
        guard let type = Self.renderers.first(where: { $0.format == self }) else {
            preconditionFailure("no renderer is registered for \(rawValue)")
        }
        return type.init()
    }

    /// Every renderer; adding a format means one case above, one file, and one entry here.
    static let renderers: [any ExportRenderer.Type] = [
        HTMLRenderer.self, MarkdownRenderer.self, JSONRenderer.self, CSVRenderer.self, SiteRenderer.self,
    ]
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
