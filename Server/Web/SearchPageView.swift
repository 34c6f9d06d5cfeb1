import CasebookKit
import Foundation

/// The search page: the form as the visitor filled it, facet counts, a suggestion, results and paging.
struct SearchPageView {
    var query: String
    var total: Int
    var heading: String
    var suggestion: Suggestion?
    var results: [ResultView]
    var filterGroups: [FilterGroup]
    var paging: Paging?
    var clearFiltersHref: String?
    /// For a signed-in moderator: "Add to collection" on each result.
    var curate: CurateForm?
    /// The orders results can come in, shown when there is query text to rank by.
    var sortOptions: [SortOption]
    /// Stored, not computed: templates see only stored properties.
    var hasSortOptions = false
    /// The order asked for in the address, kept when the form is sent again.
    var sort: String?

    struct SortOption {
        var label: String
        var href: String
        var current: Bool
    }

    struct Suggestion {
        var text: String
        var href: String
        var corrected: Bool
        var original: String
    }

    struct FilterGroup {
        var legend: String
        var options: [FilterOption]
    }

    struct FilterOption {
        var id: String
        var name: String
        var value: String
        var label: String
        var count: Int
        var checked: Bool
    }

    struct Paging {
        var position: String
        var previous: String?
        var next: String?
    }

    init(query: SearchQuery, results: SearchResults, reference: ReferenceData) {
        let link = SearchLink(query: query)
        self.query = query.text
        total = results.total
        heading = results.total == 1 ? "1 example found" : "\(results.total.formatted()) examples found"
        if let text = results.suggestion {
            suggestion = Suggestion(text: text, href: link.with(text: text).href(offset: 0), corrected: results.corrected, original: query.text)
        }
        self.results = results.results.map { ResultView($0, reference: reference) }
        filterGroups = FilterGroup.all(query: query, facets: results.facets, reference: reference)
        paging = Paging(results: results, link: link)
        clearFiltersHref = link.filters.isEmpty ? nil : SearchLink(text: query.text, filters: [], sort: query.sort).href(offset: 0)
        sort = query.sort?.rawValue
        sortOptions = query.order == .newest && query.text.allSatisfy(\.isWhitespace) ? [] : [
            SortOption(label: "Best match", href: link.sorted(by: .relevance).href(offset: 0), current: query.order == .relevance),
            SortOption(label: "Newest", href: link.sorted(by: .newest).href(offset: 0), current: query.order == .newest),
        ]
        hasSortOptions = !sortOptions.isEmpty
    }
}

/// One search result as a summary card.
struct ResultView {
    var id: Int64
    var href: String
    var title: String
    /// Already HTML: the search escapes the text and adds only `<mark>`.
    var snippet: String
    var summary: String
    var organisation: String
    var details: String
    var foundations: [TagLink]

    init(_ hit: SearchHit, reference: ReferenceData) {
        id = hit.id
        href = "/examples/\(hit.id)"
        title = hit.title
        snippet = hit.snippet
        summary = hit.summary
        organisation = hit.organisation.name
        let labels = reference.labels
        details = [VocabularyLabels.label(hit.organisation.type.rawValue, in: labels.organisationType),
                   VocabularyLabels.label(hit.region?.rawValue, in: labels.region),
                   hit.evidence == .notEvaluated ? "" : VocabularyLabels.label(hit.evidence.rawValue, in: labels.evidence)].filter { !$0.isEmpty }.joined(separator: " · ")
        foundations = hit.foundations.compactMap { key in reference.foundation(key).map(TagLink.init) }
    }
}

/// A link to a foundation's page.
struct TagLink {
    var href: String
    var label: String

    init(_ foundation: CasebookKit.Foundation) {
        (href, label) = ("/foundations/\(foundation.key)", foundation.name)
    }

    init(href: String, label: String) {
        (self.href, self.label) = (href, label)
    }
}

extension SearchPageView.FilterGroup {
    /// The filters with a count or a tick, in the order of the reference data.
    static func all(query: SearchQuery, facets: Facets, reference: ReferenceData) -> [Self] {
        let labels = reference.labels
        let groups: [(String, String, [(String, String)], [String: Int], [String])] = [
            ("Foundation", "foundation", reference.foundations.map { ($0.key, $0.name) }, facets.foundation, query.foundations),
            ("Ambition", "ambition", reference.ambitions.map { ($0.key, $0.name) }, facets.ambition, query.ambitions),
            ("Region", "region", labels.region.map { ($0.key, $0.label) }, facets.region, query.regions.map(\.rawValue)),
            ("Organisation type", "organisation_type", labels.organisationType.map { ($0.key, $0.label) }, facets.organisationType,
             query.organisationTypes.map(\.rawValue)),
            ("Evidence", "evidence", labels.evidence.map { ($0.key, $0.label) }, facets.evidence, query.evidence.map(\.rawValue)),
        ]
        return groups.map { legend, name, entries, counts, chosen in
            let options = entries.compactMap { key, label -> SearchPageView.FilterOption? in
                let count = counts[key] ?? 0
                guard count > 0 || chosen.contains(key) else { return nil }
                return .init(id: "\(name)-\(key)", name: name, value: key, label: label, count: count, checked: chosen.contains(key))
            }
            return Self(legend: legend, options: options)
        }.filter { !$0.options.isEmpty }
    }
}

extension SearchPageView.Paging {
    init?(results: SearchResults, link: SearchLink) {
        guard results.total > 0 else { return nil }
        let last = min(results.offset + results.results.count, results.total)
        position = "Showing \(results.offset + 1) to \(last) of \(results.total.formatted())"
        previous = results.offset > 0 ? link.href(offset: max(0, results.offset - results.limit)) : nil
        next = last < results.total ? link.href(offset: results.offset + results.limit) : nil
    }
}

/// A shareable search address: the text and filters as a GET query string.
struct SearchLink {
    var text: String
    var filters: [(name: String, value: String)]
    var sort: SearchSort?

    init(text: String, filters: [(name: String, value: String)], sort: SearchSort? = nil) {
        (self.text, self.filters, self.sort) = (text, filters, sort)
    }

    init(query: SearchQuery) {
        text = query.text
        sort = query.sort
        filters = query.foundations.map { ("foundation", $0) } + query.ambitions.map { ("ambition", $0) }
            + query.regions.map { ("region", $0.rawValue) } + query.organisationTypes.map { ("organisation_type", $0.rawValue) }
            + query.evidence.map { ("evidence", $0.rawValue) }
    }

    func with(text: String) -> SearchLink { SearchLink(text: text, filters: filters, sort: sort) }

    func sorted(by order: SearchSort) -> SearchLink { SearchLink(text: text, filters: filters, sort: order) }

    /// `/search?q=…&foundation=…&offset=…`.
    func href(offset: Int) -> String {
        var pairs = [("q", text)] + filters
        if let sort { pairs.append(("sort", sort.rawValue)) }
        if offset > 0 { pairs.append(("offset", String(offset))) }
        return "/search?" + pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes a query component, spaces as `+` the way HTML forms send them.
    static func encode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~ ")
        let encoded = text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return encoded.replacingOccurrences(of: " ", with: "+")
    }
}
