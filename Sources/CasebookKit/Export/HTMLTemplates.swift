import Mustache

/// Templates whose `{{ }}` values are escaped by `HTML.escape`, the one HTML escaper, which works on
/// bytes; swift-mustache's own escaper walks characters and was the largest cost of rendering a page.
/// It replaces the same five characters the same way, so a page reads the same either way.
extension MustacheLibrary {
    /// Registers template text, escaped as HTML by `HTML.escape`.
    public mutating func registerHTML(_ text: String, named name: String) throws {
        _ = HTMLContent.registered
        // A pragma alone on the first line selects the content type and leaves no line behind.
        try register("{{% CONTENT_TYPE: \(HTMLContent.name) }}\n" + text, named: name)
    }
}

/// The content type that escapes with `HTML.escape`.
private struct HTMLContent: MustacheContentType {
    static let name = "CASEBOOK_HTML"
    /// Registered once, before the first template that names it is read.
    static let registered: Void = MustacheContentTypes.register(HTMLContent(), named: name)

    func escapeText(_ text: String) -> String { HTML.escape(text) }
}
