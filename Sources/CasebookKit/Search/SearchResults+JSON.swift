import Foundation

/// A value that writes its own JSON, where a general encoder would cost more than making the value.
public protocol DirectJSON {
    /// The same document `JSONEncoder` with sorted keys gives, compact.
    var json: Data { get }
}

/// Search results written as JSON directly: the answer to every search request, where a general
/// encoder costs as much as the search (optional fields left out when empty, `suggestion` always present).
extension SearchResults: DirectJSON {
    /// The results as compact JSON, keys in sorted order.
    public var json: Data {
        var out = JSONText()
        out.object { object in
            object.field("corrected") { $0.bool(corrected) }
            object.field("disjunctive_facets") { disjunctiveFacets.write(to: &$0) }
            object.field("facets") { facets.write(to: &$0) }
            object.field("limit") { $0.int(limit) }
            object.field("offset") { $0.int(offset) }
            object.field("query") { $0.string(query) }
            object.field("results") { out in out.array(results) { hit, out in hit.write(to: &out) } }
            object.field("suggestion") { out in if let suggestion { out.string(suggestion) } else { out.null() } }
            object.field("total") { $0.int(total) }
        }
        return Data(out.text.utf8)
    }
}

extension Facets {
    fileprivate func write(to out: inout JSONText) {
        out.object { object in
            for (key, counts) in [
                ("ambition", ambition), ("evidence", evidence), ("foundation", foundation),
                ("organisation_type", organisationType), ("outcome_measure", outcomeMeasure), ("region", region),
                ("work_status", workStatus)
            ] {
                object.field(key) { out in
                    out.object { inner in
                        for name in counts.keys.sorted() { inner.field(name) { $0.int(counts[name]!) } }
                    }
                }
            }
        }
    }
}

extension SearchHit {
    fileprivate func write(to out: inout JSONText) {
        out.object { object in
            object.field("adoptions") { $0.int(adoptions) }
            object.field("ambitions") { out in out.array(ambitions) { value, out in out.string(value) } }
            object.field("evidence") { $0.string(evidence.rawValue) }
            object.field("foundations") { out in out.array(foundations) { value, out in out.string(value) } }
            object.field("id") { $0.int(Int(id)) }
            object.field("organisation") { out in
                out.object { inner in
                    inner.field("name") { $0.string(organisation.name) }
                    inner.field("type") { $0.string(organisation.type.rawValue) }
                }
            }
            object.field("outcome_measures") { out in out.array(outcomeMeasures) { value, out in out.string(value.rawValue) } }
            if let publishedAt { object.field("published_at") { $0.string(publishedAt) } }
            if let region { object.field("region") { $0.string(region.rawValue) } }
            object.field("score") { $0.number(score) }
            object.field("snippet") { $0.string(snippet) }
            object.field("summary") { $0.string(summary) }
            object.field("title") { $0.string(title) }
            object.field("uid") { $0.string(uid) }
            object.field("work_status") { $0.string(workStatus.rawValue) }
        }
    }
}

/// A small JSON writer: values appended to a string, strings escaped as JSON requires.
struct JSONText {
    private(set) var text = ""

    /// Writes the members an object's body adds, between braces.
    mutating func object(_ body: (inout Members) -> Void) {
        var members = Members()
        body(&members)
        text += "{" + members.text + "}"
    }

    /// Writes each element of an array with `element`.
    mutating func array<T>(_ elements: [T], _ element: (T, inout JSONText) -> Void) {
        text += "["
        for (index, value) in elements.enumerated() {
            if index > 0 { text += "," }
            element(value, &self)
        }
        text += "]"
    }

    mutating func string(_ value: String) { text += ExampleRow.jsonString(value) }
    mutating func int(_ value: Int) { text += String(value) }
    mutating func bool(_ value: Bool) { text += value ? "true" : "false" }
    mutating func null() { text += "null" }
    mutating func number(_ value: Double) { text += value.isFinite ? String(value) : "null" }

    /// An object's members, each written once in the order given.
    struct Members {
        fileprivate var text = ""

        mutating func field(_ key: String, _ value: (inout JSONText) -> Void) {
            var out = JSONText()
            value(&out)
            text += (text.isEmpty ? "" : ",") + ExampleRow.jsonString(key) + ":" + out.text
        }
    }
}
