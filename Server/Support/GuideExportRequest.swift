import CasebookKit
import Hummingbird

/// An export of a guide as a request asks for it: the format (HTML by default) and whether to keep the
/// foundations not filled in. The API and the pages answer it the same way.
struct GuideExportRequest {
    var format: GuideExportFormat
    var allFoundations: Bool

    /// Reads `format` and `all_foundations`; 400 naming the parameter otherwise.
    init(_ query: QueryParameters) throws {
        let name = try query.single("format") ?? GuideExportFormat.html.rawValue
        guard let format = GuideExportFormat(rawValue: name) else {
            throw Problem.badParameter(.notOneOf("format", name, allowed: GuideExportFormat.allCases.map(\.rawValue)))
        }
        self.format = format
        allFoundations = try query.boolean("all_foundations")
    }

    /// The document with its own content type, named for the guide; HTML and Markdown open in the browser,
    /// Word and JSON download.
    func response(_ view: GuideView) throws -> Response {
        let data = try GuideExport.render(view, as: format, allFoundations: allFoundations)
        let disposition = format == .docx || format == .json ? "attachment" : "inline"
        return Response(
            status: .ok,
            headers: [.contentType: format.contentType, .contentDisposition: "\(disposition); filename=\"\(GuideExport.fileName(view, format: format))\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
