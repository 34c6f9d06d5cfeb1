import CasebookKit
import Hummingbird

/// The Atom feed of newly published examples.
struct FeedController {
    let database: AppDatabase

    /// How many of the newest published examples the feed holds.
    static let size = 50

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("feed.atom", use: feed)
    }

    /// `GET /feed.atom`: the newest published examples, newest first.
    @Sendable func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let newest = try await database.search(SearchQuery(limit: Self.size), timeLimit: nil).results
        let xml = AtomFeed(entries: newest, reference: database.reference).xml
        return Response(status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: xml)))
    }
}

/// An Atom (RFC 4287) document of search hits, every text XML-escaped.
struct AtomFeed {
    let entries: [SearchHit]
    let reference: ReferenceData

    /// The feed's permanent identity.
    static let id = "tag:casebook,2025:feed/published"
    /// The `updated` of a feed with nothing published yet.
    static let epoch = "1970-01-01T00:00:00Z"

    var xml: String {
        let updated = entries.compactMap(\.publishedAt).max() ?? Self.epoch
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Casebook: newly published examples</title>
              <subtitle>Examples in action from palliative and end-of-life care</subtitle>
              <id>\(Self.id)</id>
              <updated>\(XMLText.escape(updated))</updated>
              <link rel="self" href="/feed.atom"/>
              <author><name>Casebook</name></author>
            \(entries.map(entry).joined())</feed>

            """
    }

    private func entry(_ hit: SearchHit) -> String {
        let categories = hit.foundations.map { key in
            "    <category term=\"\(XMLText.escape(key))\" label=\"\(XMLText.escape(reference.foundation(key)?.name ?? key))\"/>\n"
        }.joined()
        return """
              <entry>
                <title>\(XMLText.escape(hit.title))</title>
                <id>urn:uuid:\(XMLText.escape(hit.uid))</id>
                <updated>\(XMLText.escape(hit.publishedAt ?? Self.epoch))</updated>
                <link href="/api/v1/examples/\(XMLText.escape(hit.uid))"/>
                <author><name>\(XMLText.escape(hit.organisation.name))</name></author>
                <summary>\(XMLText.escape(hit.summary))</summary>
            \(categories)  </entry>

            """
    }
}

/// Text made safe for XML character data and attribute values.
enum XMLText {
    /// Escapes markup characters and drops characters XML 1.0 does not allow at all.
    static func escape(_ text: String) -> String {
        var output = ""
        output.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars where isAllowed(scalar) {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
