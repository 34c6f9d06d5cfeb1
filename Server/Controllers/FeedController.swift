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
        let xml = AtomFeed(published: newest, reference: database.reference).xml
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: xml)))
    }
}

extension AtomFeed {
    /// The permanent identity of the feed of newly published examples.
    static let publishedID = "tag:casebook,2025:feed/published"
    /// The `updated` of a feed with nothing published yet.
    static let epoch = "1970-01-01T00:00:00Z"

    /// The feed of the newest published examples, each linked to its API record, with its foundations.
    init(published hits: [SearchHit], reference: ReferenceData) {
        let entries = hits.map { hit in
            Entry(
                title: hit.title, id: "urn:uuid:\(hit.uid)", updated: hit.publishedAt ?? Self.epoch, link: "/api/v1/examples/\(hit.uid)",
                author: hit.organisation.name, summary: hit.summary,
                categories: hit.foundations.map { key in (key, reference.foundation(key)?.name ?? key) })
        }
        self.init(
            title: "Casebook: newly published examples", subtitle: "Examples in action from palliative and end-of-life care",
            id: Self.publishedID, updated: hits.compactMap(\.publishedAt).max() ?? Self.epoch,
            links: [("self", "/feed.atom")], entries: entries)
    }
}
