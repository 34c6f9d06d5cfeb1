import Foundation

/// Whether a collection is still being curated or has been published.
public enum CollectionStatus: String, CaseIterable, Codable, Sendable {
    case draft
    case published
}

/// A curated, ordered set of published examples with an introduction, published as a guide.
/// (Named so as not to shadow the standard library's `Collection` protocol.)
public struct ExampleCollection: Codable, Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// The name in commands and URLs: lowercase letters, digits and hyphens.
    public var slug: String
    /// The title printed on the cover.
    public var title: String
    /// One or two plain sentences under the title.
    public var description: String
    /// Markdown, rendered through `SafeMarkdown`.
    public var introduction: String
    /// A local contact block (Markdown), such as the team that keeps the guide.
    public var contact: String?
    /// Draft until published.
    public var status: CollectionStatus
    /// When it was created (ISO 8601 UTC).
    public var createdAt: String
    /// When it last changed.
    public var updatedAt: String
    /// Who last changed it.
    public var updatedBy: String
    /// When it was last published; nil while a draft.
    public var publishedAt: String?
    /// The examples in the curator's order, in whatever status each is now.
    public var items: [CollectionItem]

    enum CodingKeys: String, CodingKey {
        case id, slug, title, description, introduction, contact, status, items
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case updatedBy = "updated_by"
        case publishedAt = "published_at"
    }
}

/// One example in a collection, with its current status.
public struct CollectionItem: Codable, Sendable, Equatable {
    /// The example's row id.
    public var exampleID: Int64
    /// The example's uid.
    public var uid: String
    /// The example's title now.
    public var title: String
    /// The example's status now; only published items are exported.
    public var status: ExampleStatus
    /// Its place in the curator's order.
    public var position: Int
    /// When it was added.
    public var addedAt: String
    /// Who added it.
    public var addedBy: String

    enum CodingKeys: String, CodingKey {
        case uid, title, status, position
        case exampleID = "id"
        case addedAt = "added_at"
        case addedBy = "added_by"
    }
}

/// The editable text of a collection, as given to `createCollection` and `editCollection`.
public struct CollectionDraft: Sendable, Equatable {
    /// The title, 1–200 characters.
    public var title: String
    /// Plain text, at most 1,000 characters.
    public var description: String
    /// Markdown, at most 50,000 characters.
    public var introduction: String
    /// Markdown, at most 2,000 characters; nil for none.
    public var contact: String?

    /// Makes a draft; everything but the title may be empty.
    public init(title: String, description: String = "", introduction: String = "", contact: String? = nil) {
        self.title = title
        self.description = description
        self.introduction = introduction
        self.contact = contact
    }

    /// Problems with the text, each naming its field; empty when the draft is valid.
    func problems() -> [FieldError] {
        // Lengths are counted as SQLite counts them (code points), so the schema's CHECKs agree.
        var errors: [FieldError] = []
        let texts: [(String, String?)] = [("title", title), ("description", description), ("introduction", introduction), ("contact", contact)]
        for (field, text) in texts where text?.unicodeScalars.contains("\u{0}") == true {
            errors.append(.format(field, nil, .noNUL))
        }
        if title.trimmed.isEmpty {
            errors.append(.required("title"))
        } else if title.unicodeScalars.count > 200 {
            errors.append(.length("title", 1...200, count: title.unicodeScalars.count))
        }
        if description.unicodeScalars.count > 1000 { errors.append(.tooLong("description", limit: 1000)) }
        if introduction.unicodeScalars.count > 50_000 { errors.append(.tooLong("introduction", limit: 50_000)) }
        if let contact, contact.unicodeScalars.count > 2000 { errors.append(.tooLong("contact", limit: 2000)) }
        return errors
    }

    /// A slug made from a title: lowercase letters and digits, other runs of characters as one hyphen,
    /// at most 80 characters; "collection" when the title has no letters or digits.
    public static func slug(fromTitle title: String) -> String {
        var slug = ""
        for scalar in title.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if scalar.properties.isDiacritic || scalar.properties.generalCategory == .nonspacingMark || scalar == "'" || scalar == "\u{2019}" {
                continue
            } else if !slug.isEmpty, slug.last != "-" {
                slug += "-"
            }
        }
        let trimmed = String(slug.prefix(80)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "collection" : trimmed
    }

    /// Problems with a slug: 1–80 lowercase letters, digits and hyphens, starting with a letter or digit.
    static func slugProblems(_ slug: String) -> [FieldError] {
        let allowed = slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard (1...80).contains(slug.count), allowed, slug.first != "-" else {
            return [.format("slug", slug, .slug)]
        }
        return []
    }
}
