import Foundation

/// The collection and its published examples in the interchange format, with a format name and version.
/// Private contact details are already removed. `<`, `>` and `&` are written as `\u` escapes so the file
/// stays inert even if someone pastes it into a web page.
public struct JSONRenderer: ExportRenderer {
    /// The format this renderer writes.
    public static let format = ExportFormat.json
    /// The version of the `casebook-collection` document; raise it when a field changes meaning.
    public static let version = 1

    /// Makes the renderer.
    public init() {}

    /// Renders the document as one pretty-printed JSON object.
    public func render(_ document: ExportDocument) throws -> ExportOutput {
        let export = CollectionExport(
            version: Self.version, collection: PublicCollection(document), examples: document.examples.map(\.example),
            dropped: document.dropped.map { DroppedExample(id: $0.exampleID, uid: $0.uid, status: $0.status) },
            adoptions: Dictionary(
                document.examples.compactMap { exported in
                    exported.adoptions.isEmpty ? nil : exported.example.uid.map { ($0, exported.adoptions) }
                }, uniquingKeysWith: { first, _ in first }))
        var data = try Interchange.encoder(pretty: true).encode(export)
        data = Self.escapingMarkup(data)
        data.append(UInt8(ascii: "\n"))
        return .file(data, contentType: "application/json")
    }

    /// JSON with `<`, `>` and `&` as `\u` escapes; these bytes occur only inside strings, so the meaning is unchanged.
    static func escapingMarkup(_ data: Data) -> Data {
        var escaped = Data(capacity: data.count)
        for byte in data {
            switch byte {
            case UInt8(ascii: "<"): escaped.append(contentsOf: Array("\\u003c".utf8))
            case UInt8(ascii: ">"): escaped.append(contentsOf: Array("\\u003e".utf8))
            case UInt8(ascii: "&"): escaped.append(contentsOf: Array("\\u0026".utf8))
            default: escaped.append(byte)
            }
        }
        return escaped
    }
}

/// The top level of a JSON export.
struct CollectionExport: Encodable {
    var format = "casebook-collection"
    var version: Int
    var collection: PublicCollection
    var examples: [Example]
    var dropped: [DroppedExample]
    /// Published reports from other places that tried an example, by the example's uid.
    var adoptions: [String: [PublicAdoption]]
}

/// A collection as published: its text and dates, without who curated it.
struct PublicCollection: Encodable {
    var slug: String
    var title: String
    var description: String
    var introduction: String
    var contact: String?
    var status: CollectionStatus
    var createdAt: String
    var updatedAt: String
    var publishedAt: String?

    init(_ document: ExportDocument) {
        let collection = document.collection
        slug = collection.slug
        title = collection.title
        description = collection.description
        introduction = collection.introduction
        contact = collection.contact
        status = collection.status
        createdAt = collection.createdAt
        updatedAt = collection.updatedAt
        publishedAt = collection.publishedAt
    }

    enum CodingKeys: String, CodingKey {
        case slug, title, description, introduction, contact, status
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case publishedAt = "published_at"
    }
}

/// An item left out because its example is no longer published; its title is not repeated.
struct DroppedExample: Encodable {
    var id: Int64
    var uid: String
    var status: ExampleStatus
}
