import Foundation

/// An Atom 1.0 feed (RFC 4287), every text and attribute escaped by `XML.escape`. The server's feed of
/// newly published examples and the static site's feed of a collection are both written by it.
public struct AtomFeed: Sendable {
    /// One entry of the feed.
    public struct Entry: Sendable {
        public var title: String
        /// A permanent id, such as `urn:uuid:…`.
        public var id: String
        public var updated: String
        public var published: String?
        /// Where the entry is read.
        public var link: String
        public var author: String
        public var summary: String
        /// Categories as (term, label).
        public var categories: [(term: String, label: String)]

        /// Makes an entry.
        public init(
            title: String, id: String, updated: String, published: String? = nil, link: String, author: String,
            summary: String, categories: [(term: String, label: String)] = []
        ) {
            (self.title, self.id, self.updated, self.published, self.link) = (title, id, updated, published, link)
            (self.author, self.summary, self.categories) = (author, summary, categories)
        }
    }

    public var title: String
    public var subtitle: String?
    public var id: String
    public var updated: String
    /// Links of the feed itself as (rel, href): `self`, `alternate`.
    public var links: [(rel: String, href: String)]
    public var entries: [Entry]

    /// Makes a feed.
    public init(title: String, subtitle: String?, id: String, updated: String, links: [(rel: String, href: String)], entries: [Entry]) {
        (self.title, self.subtitle, self.id, self.updated, self.links, self.entries) = (title, subtitle, id, updated, links, entries)
    }

    /// The feed as an XML document.
    public var xml: String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "  <title>\(XML.escape(title))</title>\n"
        if let subtitle, !subtitle.isEmpty { xml += "  <subtitle>\(XML.escape(subtitle))</subtitle>\n" }
        xml += "  <id>\(XML.escape(id))</id>\n  <updated>\(XML.escape(updated))</updated>\n"
        for link in links { xml += "  <link rel=\"\(XML.escape(link.rel))\" href=\"\(XML.escape(link.href))\"/>\n" }
        xml += "  <author><name>Casebook</name></author>\n  <generator>Casebook</generator>\n"
        return xml + entries.map(Self.entry).joined() + "</feed>\n"
    }

    private static func entry(_ entry: Entry) -> String {
        var xml = "  <entry>\n    <title>\(XML.escape(entry.title))</title>\n    <id>\(XML.escape(entry.id))</id>\n"
        xml += "    <updated>\(XML.escape(entry.updated))</updated>\n"
        if let published = entry.published { xml += "    <published>\(XML.escape(published))</published>\n" }
        xml += "    <link rel=\"alternate\" href=\"\(XML.escape(entry.link))\"/>\n"
        xml += "    <author><name>\(XML.escape(entry.author))</name></author>\n"
        xml += "    <summary>\(XML.escape(entry.summary))</summary>\n"
        for category in entry.categories {
            xml += "    <category term=\"\(XML.escape(category.term))\" label=\"\(XML.escape(category.label))\"/>\n"
        }
        return xml + "  </entry>\n"
    }
}

extension AtomFeed {
    /// The static site's feed of a collection's examples, newest first, linking to the site's own pages.
    static func collection(_ document: ExportDocument) -> AtomFeed {
        let collection = document.collection
        let examples = document.examples.sorted { ($0.example.publishedAt ?? "", $1.id) > ($1.example.publishedAt ?? "", $0.id) }
        let entries = examples.map { exported in
            let example = exported.example
            let id =
                example.uid.flatMap { UUID(uuidString: $0) != nil ? "urn:uuid:\($0.lowercased())" : nil }
                ?? "urn:casebook:example:\(exported.id)"
            return Entry(
                title: example.title, id: id, updated: example.publishedAt ?? "", published: example.publishedAt ?? "",
                link: "examples/\(exported.id).html", author: example.organisation.name, summary: example.summary)
        }
        return AtomFeed(
            title: collection.title, subtitle: collection.description, id: "urn:casebook:collection:\(collection.slug)",
            updated: document.date, links: [("alternate", "index.html")], entries: entries)
    }
}

/// Escaping for XML 1.0 text and attribute values, shared by every XML Casebook writes.
public enum XML {
    /// Text with `& < > " '` as entities, and the characters XML 1.0 forbids (most C0 controls) as U+FFFD.
    public static func escape(_ text: String) -> String {
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
