import CasebookKit

/// Reads the query string of `GET /api/v1/examples` into a `SearchQuery`, answering 400 for anything unusable.
struct SearchParameters {
    let parameters: QueryParameters
    let reference: ReferenceData
    let limits: ServerLimits

    /// The most results a client may skip.
    static let maximumOffset = 100_000

    /// The search the query string asks for.
    func query() throws -> SearchQuery {
        let text = try parameters.single("q") ?? ""
        guard text.unicodeScalars.count <= limits.maxQueryLength else {
            throw Problem.badParameter(.tooLong("q", limit: limits.maxQueryLength))
        }
        return SearchQuery(
            text: text,
            foundations: try keys("foundation", reference.foundationKey),
            ambitions: try keys("ambition", reference.ambitionKey),
            regions: try vocabulary("region"),
            organisationTypes: try vocabulary("organisation_type"),
            evidence: try vocabulary("evidence"),
            outcomeMeasures: try vocabulary("outcome_measure"),
            workStatuses: try vocabulary("work_status"),
            limit: try parameters.integer("limit", in: 1...SearchQuery.maximumLimit, default: 20),
            offset: try parameters.integer("offset", in: 0...Self.maximumOffset, default: 0),
            sort: try sort())
    }

    /// The coverage grid's filters the query string asks for: `region` and `organisation_type`, each repeatable.
    static func coverageFilter(_ parameters: QueryParameters) throws -> CoverageFilter {
        CoverageFilter(
            regions: try vocabulary("region", in: parameters, skippingEmpty: true),
            organisationTypes: try vocabulary("organisation_type", in: parameters, skippingEmpty: true))
    }

    private func sort() throws -> SearchSort? {
        guard let text = try parameters.single("sort") else { return nil }
        guard let sort = SearchSort(rawValue: text) else { throw Problem.badParameter(.notOneOf("sort", text, allowed: SearchSort.allCases.map(\.rawValue))) }
        return sort
    }

    private func keys(_ name: String, _ resolve: (String) -> String?) throws -> [String] {
        try parameters.all(name).map { text in
            guard text == text.trimmingCharacters(in: .whitespaces), let key = resolve(text) else {
                throw Problem.badParameter(FieldError(field: name, .notOneOf(value: text, allowed: nil)))
            }
            return key
        }
    }

    private func vocabulary<Key: VocabularyKey>(_ name: String) throws -> [Key] {
        try Self.vocabulary(name, in: parameters)
    }

    /// Each value of a repeatable parameter as a vocabulary key; `skippingEmpty` reads an empty value
    /// (a form's "all" choice) as no value.
    private static func vocabulary<Key: VocabularyKey>(_ name: String, in parameters: QueryParameters, skippingEmpty: Bool = false) throws -> [Key] {
        try parameters.all(name).filter { !(skippingEmpty && $0.isEmpty) }.map { text in
            guard let key = Key(rawValue: text) else {
                throw Problem.badParameter(.notOneOf(name, text, allowed: Key.keys))
            }
            return key
        }
    }
}
