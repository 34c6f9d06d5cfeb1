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
                     "feed.atom": Data(AtomFeed.render(document).utf8)]
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

/// An Atom 1.0 feed (RFC 4287) of a collection's examples, newest first.
enum AtomFeed {
    static func render(_ document: ExportDocument) -> String {
        let collection = document.collection
        let entries = document.examples.sorted { ($0.example.publishedAt ?? "", $1.id) > ($1.example.publishedAt ?? "", $0.id) }
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(XML.escape(collection.title))</title>

            """
        if !collection.description.isEmpty { xml += "<subtitle>\(XML.escape(collection.description))</subtitle>\n" }
        xml += "<id>urn:casebook:collection:\(XML.escape(collection.slug))</id>\n<updated>\(XML.escape(document.date))</updated>\n"
        xml += "<link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n<generator>Casebook</generator>\n"
        xml += entries.map(entry).joined()
        return xml + "</feed>\n"
    }

    private static func entry(_ exported: ExportedExample) -> String {
        let example = exported.example
        let updated = XML.escape(example.publishedAt ?? "")
        return """
            <entry>
            <title>\(XML.escape(example.title))</title>
            <id>\(XML.escape(identifier(exported)))</id>
            <updated>\(updated)</updated>
            <published>\(updated)</published>
            <link rel="alternate" type="text/html" href="examples/\(exported.id).html"/>
            <author><name>\(XML.escape(example.organisation.name))</name></author>
            <summary>\(XML.escape(example.summary))</summary>
            </entry>

            """
    }

    /// A permanent id for an entry: the example's uid as a UUID URN.
    private static func identifier(_ exported: ExportedExample) -> String {
        guard let uid = exported.example.uid, UUID(uuidString: uid) != nil else { return "urn:casebook:example:\(exported.id)" }
        return "urn:uuid:\(uid.lowercased())"
    }
}

/// Escaping for XML 1.0 text and attribute values.
enum XML {
    /// Text with `& < > " '` as entities, and the characters XML 1.0 forbids (most C0 controls) as U+FFFD.
    static func escape(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&apos;".unicodeScalars)
            default: result.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return String(result)
    }

    /// Whether XML 1.0 allows a character (its `Char` production).
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
