import Foundation
import GRDB

/// Maps `example` rows and their tag rows to and from `StoredExample`.
enum ExampleRow {
    static let selection = """
        id, uid, title, summary, body, organisation_name, organisation_type, region, keywords, links,
        contact_name, contact_email, contact_public, evidence, started, status, submitted_at, updated_at,
        published_at, review_due, flags
        """

    /// Builds a stored example from a row and its tags.
    static func decode(_ row: Row, foundations: [String], ambitions: [String]) -> StoredExample {
        let contactName: String? = row["contact_name"]
        let contactEmail: String? = row["contact_email"]
        let contact = (contactName == nil && contactEmail == nil) ? nil
            : Contact(name: contactName, email: contactEmail, isPublic: row["contact_public"])
        let status = ExampleStatus(rawValue: row["status"]) ?? .submitted
        let example = Example(
            uid: row["uid"], title: row["title"], summary: row["summary"], body: row["body"],
            foundations: foundations, ambitions: ambitions,
            organisation: Organisation(name: row["organisation_name"], type: OrganisationType(rawValue: row["organisation_type"]) ?? .other),
            region: (row["region"] as String?).flatMap(Region.init(rawValue:)),
            keywords: decodeJSON([String].self, row["keywords"]) ?? [],
            links: decodeJSON([Link].self, row["links"]) ?? [],
            contact: contact,
            evidence: EvidenceLevel(rawValue: row["evidence"]) ?? .notEvaluated,
            started: row["started"], status: status, publishedAt: row["published_at"], reviewDue: row["review_due"])
        return StoredExample(
            id: row["id"], status: status, submittedAt: row["submitted_at"], updatedAt: row["updated_at"],
            example: example, flags: decodeJSON([ScreeningFlag].self, row["flags"]) ?? [])
    }

    /// The column values of an example for INSERT and UPDATE, in `writableColumns` order.
    static func values(of example: Example) -> [(any DatabaseValueConvertible)?] {
        [example.title, example.summary, example.body, example.organisation.name, example.organisation.type.rawValue,
         example.region?.rawValue, encodeJSON(example.keywords), encodeJSON(example.links),
         example.contact?.name, example.contact?.email, example.contact?.isPublic ?? false,
         example.evidence.rawValue, example.started]
    }

    static let writableColumns = [
        "title", "summary", "body", "organisation_name", "organisation_type", "region", "keywords", "links",
        "contact_name", "contact_email", "contact_public", "evidence", "started",
    ]

    static func encodeJSON<T: Encodable>(_ value: T) -> String {
        // Id and word lists, the common cases, are written directly; JSONEncoder is slow for them.
        if let ids = value as? [Int64] { return "[" + ids.map(String.init).joined(separator: ",") + "]" }
        if let strings = value as? [String] { return "[" + strings.map(jsonString).joined(separator: ",") + "]" }
        if let array = value as? [any Encodable], array.isEmpty { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "[]"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        result.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result.append(contentsOf: "\\\"".unicodeScalars)
            case "\\": result.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": result.append(contentsOf: "\\n".unicodeScalars)
            case "\r": result.append(contentsOf: "\\r".unicodeScalars)
            case "\t": result.append(contentsOf: "\\t".unicodeScalars)
            case _ where scalar.value < 0x20:
                result.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            default: result.append(scalar)
            }
        }
        result.append("\"")
        return String(result)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        // Most lists are empty; an empty array casts to any array type without a decoder.
        if text == "[]", let empty = [Any]() as? T { return empty }
        // Word lists and links, read on every page of results, go through the quick JSON reader.
        if T.self == [String].self || T.self == [Link].self, case .array(let items)? = try? JSONValue.parse(Data(text.utf8)) {
            let strings = items.compactMap { item -> String? in if case .string(let value) = item { value } else { nil } }
            let links = items.compactMap { item -> Link? in
                guard case .object(let fields) = item, case .string(let title)? = fields["title"], case .string(let url)? = fields["url"]
                else { return nil }
                return Link(title: title, url: url)
            }
            if strings.count == items.count, let value = strings as? T { return value }
            if links.count == items.count, let value = links as? T { return value }
        }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
