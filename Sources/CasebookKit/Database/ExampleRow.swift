import Foundation
import GRDB

/// Maps `example` rows and their tag rows to and from `StoredExample`.
enum ExampleRow {
    static let selection = """
        id, uid, title, summary, body, organisation_name, organisation_type, region, keywords, links,
        contact_name, contact_email, contact_public, evidence, started, status, submitted_at, updated_at,
        published_at, review_due, flags, last_confirmed, sections, outcome_measures, work_status, licence
        """

    /// Builds a stored example from a row and its tags.
    static func decode(_ row: Row, foundations: [String], ambitions: [String]) -> StoredExample {
        let contactName: String? = row["contact_name"]
        let contactEmail: String? = row["contact_email"]
        let contact =
            (contactName == nil && contactEmail == nil)
            ? nil
            : Contact(name: contactName, email: contactEmail, isPublic: row["contact_public"])
        let status = ExampleStatus(rawValue: row["status"]) ?? .submitted
        var example = Example(
            uid: row["uid"], title: row["title"], summary: row["summary"], body: row["body"],
            foundations: foundations, ambitions: ambitions,
            organisation: Organisation(name: row["organisation_name"], type: OrganisationType(rawValue: row["organisation_type"]) ?? .other),
            region: (row["region"] as String?).flatMap(Region.init(rawValue:)),
            keywords: decodeJSON([String].self, row["keywords"]) ?? [],
            links: decodeJSON([Link].self, row["links"]) ?? [],
            contact: contact,
            evidence: EvidenceLevel(rawValue: row["evidence"]) ?? .notEvaluated,
            started: row["started"], status: status, publishedAt: row["published_at"], reviewDue: row["review_due"])
        example.lastConfirmed = row["last_confirmed"]
        example.sections = decodeSections(row["sections"])
        example.outcomeMeasures = (decodeJSON([String].self, row["outcome_measures"]) ?? []).compactMap(OutcomeMeasure.init(rawValue:))
        example.workStatus = WorkStatus(rawValue: row["work_status"]) ?? .running
        example.licence = Licence(rawValue: row["licence"]) ?? .ccBy
        return StoredExample(
            id: row["id"], status: status, submittedAt: row["submitted_at"], updatedAt: row["updated_at"],
            example: example, flags: decodeJSON([ScreeningFlag].self, row["flags"]) ?? [])
    }

    /// The column values of an example for INSERT and UPDATE, in `writableColumns` order.
    static func values(of example: Example) -> [(any DatabaseValueConvertible)?] {
        [
            example.title, example.summary, example.body, example.organisation.name, example.organisation.type.rawValue,
            example.region?.rawValue, encodeJSON(example.keywords), encodeJSON(example.links),
            example.contact?.name, example.contact?.email, example.contact?.isPublic ?? false,
            example.evidence.rawValue, example.started, encodeSections(example.sections),
            encodeJSON(example.outcomeMeasures.map(\.rawValue)), example.workStatus.rawValue, example.licence.rawValue
        ]
    }

    static let writableColumns = [
        "title", "summary", "body", "organisation_name", "organisation_type", "region", "keywords", "links",
        "contact_name", "contact_email", "contact_public", "evidence", "started", "sections", "outcome_measures",
        "work_status", "licence"
    ]

    /// Sections as a JSON object of their names, in the order they are shown.
    static func encodeSections(_ sections: ExampleSections) -> String {
        "{" + sections.ordered.map { jsonString($0.kind.rawValue) + ":" + jsonString($0.text) }.joined(separator: ",") + "}"
    }

    /// Sections stored as a JSON object, read with the quick reader; names that are not sections are left out.
    static func decodeSections(_ text: String?) -> ExampleSections {
        var sections = ExampleSections()
        guard let text, text != "{}", case .object(let fields)? = try? JSONValue.parse(Data(text.utf8)) else { return sections }
        for (name, value) in fields {
            if let kind = SectionKind(rawValue: name), case .string(let section) = value { sections[kind] = section }
        }
        return sections
    }

    /// Ids as a JSON array, for `json_each`.
    static func encodeJSON(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// Words as a JSON array of strings.
    static func encodeJSON(_ strings: [String]) -> String {
        "[" + strings.map(jsonString).joined(separator: ",") + "]"
    }

    /// Any other list (links, screening flags): empty ones, the common case, without an encoder.
    static func encodeJSON<T: Encodable>(_ values: [T]) -> String {
        guard !values.isEmpty else { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(values), as: UTF8.self)) ?? "[]"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        // Most text needs no escape at all: one scan of the bytes, then a plain copy.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            return "\"" + text + "\""
        }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case ..<0x20: bytes += Array(String(format: "\\u%04x", byte).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Words stored as a JSON array, read with the quick reader.
    static func decodeJSON(_ type: [String].Type, _ text: String?) -> [String]? {
        guard case .array(let items)? = array(text) else { return nil }
        let strings = items.compactMap { item -> String? in if case .string(let value) = item { value } else { nil } }
        return strings.count == items.count ? strings : nil
    }

    /// Links stored as a JSON array of objects, read with the quick reader.
    static func decodeJSON(_ type: [Link].Type, _ text: String?) -> [Link]? {
        guard case .array(let items)? = array(text) else { return nil }
        let links = items.compactMap { item -> Link? in
            guard case .object(let fields) = item, case .string(let title)? = fields["title"], case .string(let url)? = fields["url"]
            else { return nil }
            return Link(title: title, url: url)
        }
        return links.count == items.count ? links : nil
    }

    /// Any other stored JSON list (screening flags); an empty one without a decoder.
    static func decodeJSON<T: Decodable>(_ type: [T].Type, _ text: String?) -> [T]? {
        guard let text else { return nil }
        if text == "[]" { return [] }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    private static func array(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        if text == "[]" { return .array([]) }
        return try? JSONValue.parse(Data(text.utf8))
    }
}
