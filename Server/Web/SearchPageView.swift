import CasebookKit
import Foundation

/// The search page: the form as the visitor filled it, the filters applied as removable tags, facet
/// counts that keep each filter's alternatives, a suggestion, results, page numbers, and help when nothing matched.
struct SearchPageView {
    var query: String
    var total: Int
    var heading: String
    var suggestion: Suggestion?
    var results: [ResultView]
    var filterGroups: [FilterGroup]
    var paging: Paging?
    var clearFiltersHref: String?
    /// The filters in force, each with the address of the same search without it.
    var appliedFilters: [AppliedFilter]
    /// Stored, not computed: templates see only stored properties.
    var hasAppliedFilters = false
    /// "Filters (2 applied)": the disclosure's summary.
    var filtersSummary: String
    /// For a signed-in moderator: "Add to collection" on each result.
    var curate: CurateForm?
    /// The orders results can come in, shown when there is query text to rank by.
    var sortOptions: [SortOption]
    /// Stored, not computed: templates see only stored properties.
    var hasSortOptions = false
    /// The order asked for in the address, kept when the form is sent again.
    var sort: String?
    /// Ways forward when nothing matched; nil when there are results.
    var noResults: NoResults?
    /// The page that asks for email updates of this search.
    var updatesHref: String

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

    /// A filter in force: "Region: North West", and the search without it.
    struct AppliedFilter {
        var group: String
        var label: String
        var removeHref: String
        /// "3 examples": what the search would find without this filter (filled in when nothing matched).
        var countWithout: String
    }

    struct Paging {
        var position: String
        var previous: String?
        var next: String?
        /// First, nearby and last pages, with a gap where pages are left out.
        var pages: [PageLink]
    }

    /// A page number: a link, the current page, or a gap ("…").
    struct PageLink {
        var number: Int
        var href: String
        var current: Bool
        var gap: Bool
        var label: String
    }

    /// What the page offers when a search finds nothing.
    struct NoResults {
        /// The filters to drop, each with the results it would give.
        var drops: [AppliedFilter]
        var hasDrops: Bool
        /// Foundations whose name or description holds a word of the query.
        var foundations: [TagLink]
        var hasFoundations: Bool
        var submitHref: String
        /// "No examples matched ‘night sitting’ with these filters."
        var message: String
    }

    init(query: SearchQuery, results: SearchResults, reference: ReferenceData) {
        let link = SearchLink(query: query)
        updatesHref = link.updatesHref
        self.query = query.text
        total = results.total
        heading = results.total == 1 ? "1 example found" : "\(NumberText.grouped(results.total)) examples found"
        if let text = results.suggestion {
            suggestion = Suggestion(text: text, href: link.with(text: text).href(offset: 0), corrected: results.corrected, original: query.text)
        }
        let back = link.backParameter(offset: results.offset)
        self.results = results.results.map { hit in
            var view = ResultView(hit, reference: reference)
            view.href += "?back=" + SearchLink.encode(back)
            return view
        }
        filterGroups = FilterGroup.all(query: query, facets: results.disjunctiveFacets, reference: reference)
        paging = Paging(results: results, link: link)
        clearFiltersHref = link.filters.isEmpty ? nil : SearchLink(text: query.text, filters: [], sort: query.sort).href(offset: 0)
        appliedFilters = AppliedFilter.all(link: link, reference: reference)
        hasAppliedFilters = !appliedFilters.isEmpty
        filtersSummary = appliedFilters.isEmpty ? "Filters" : "Filters (\(appliedFilters.count) applied)"
        sort = query.sort?.rawValue
        sortOptions =
            query.order == .newest && query.text.allSatisfy(\.isWhitespace)
            ? []
            : [
                SortOption(label: "Best match", href: link.sorted(by: .relevance).href(offset: 0), current: query.order == .relevance),
                SortOption(label: "Newest", href: link.sorted(by: .newest).href(offset: 0), current: query.order == .newest)
            ]
        hasSortOptions = !sortOptions.isEmpty
        if results.total == 0 { noResults = NoResults(query: query, drops: appliedFilters, reference: reference) }
    }

    /// The searches that drop one applied filter each, in the order of `appliedFilters`, at most `maximumDrops`.
    static func queriesWithoutEachFilter(_ query: SearchQuery) -> [SearchQuery] {
        SearchLink(query: query).filters.prefix(maximumDrops).map { filter in
            var without = query
            switch filter.name {
            case "foundation": without.foundations.removeAll { $0 == filter.value }
            case "ambition": without.ambitions.removeAll { $0 == filter.value }
            case "region": without.regions.removeAll { $0.rawValue == filter.value }
            case "organisation_type": without.organisationTypes.removeAll { $0.rawValue == filter.value }
            case "outcome_measure": without.outcomeMeasures.removeAll { $0.rawValue == filter.value }
            case "work_status": without.workStatuses.removeAll { $0.rawValue == filter.value }
            default: without.evidence.removeAll { $0.rawValue == filter.value }
            }
            (without.limit, without.offset) = (1, 0)
            return without
        }
    }

    /// The most filters the no-results page offers to drop, each one more search.
    static let maximumDrops = 8

    /// Fills in how many results dropping each filter gives, from the totals of `queriesWithoutEachFilter`.
    mutating func setCountsWithout(_ totals: [Int]) {
        guard var help = noResults else { return }
        help.drops = zip(appliedFilters, totals).map { filter, total in
            var filter = filter
            filter.countWithout = total == 1 ? "1 example" : "\(NumberText.grouped(total)) examples"
            return filter
        }
        help.hasDrops = !help.drops.isEmpty
        noResults = help
    }
}

extension SearchPageView.AppliedFilter {
    /// Every filter of a search, labelled, each with the address of the search without it.
    static func all(link: SearchLink, reference: ReferenceData) -> [Self] {
        link.filters.enumerated().map { index, filter in
            var rest = link
            rest.filters.remove(at: index)
            let (group, label) = Self.label(filter.name, filter.value, reference: reference)
            return Self(group: group, label: label, removeHref: rest.href(offset: 0), countWithout: "")
        }
    }

    private static func label(_ name: String, _ value: String, reference: ReferenceData) -> (String, String) {
        let labels = reference.labels
        switch name {
        case "foundation": return ("Foundation", reference.foundation(value)?.name ?? value)
        case "ambition": return ("Ambition", reference.ambitions.first { $0.key == value }?.name ?? value)
        case "region": return ("Region", VocabularyLabels.label(value, in: labels.region))
        case "organisation_type": return ("Organisation type", VocabularyLabels.label(value, in: labels.organisationType))
        case "outcome_measure": return ("Outcome measure", VocabularyLabels.label(value, in: labels.outcomeMeasure))
        case "work_status": return ("Work status", VocabularyLabels.label(value, in: labels.workStatus))
        default: return ("Evidence", VocabularyLabels.label(value, in: labels.evidence))
        }
    }
}

extension SearchPageView.NoResults {
    init(query: SearchQuery, drops: [SearchPageView.AppliedFilter], reference: ReferenceData) {
        self.drops = []
        hasDrops = false
        let words = Set(Self.words(query.text).filter { $0.count >= 4 })
        foundations = reference.foundations.filter { foundation in
            let own = Self.words(foundation.name + " " + foundation.description)
            return words.contains { word in own.contains { $0.hasPrefix(word) || word.hasPrefix($0) && $0.count >= 5 } }
        }.map(TagLink.init)
        hasFoundations = !foundations.isEmpty
        let subject = query.text.trimmingCharacters(in: .whitespaces)
        message = "No examples matched" + (subject.isEmpty ? "" : " ‘\(subject)’") + (drops.isEmpty ? "." : " with these filters.")
        submitHref = "/submit"
    }

    /// Lower-case words of letters.
    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
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
        details = [
            VocabularyLabels.label(hit.organisation.type.rawValue, in: labels.organisationType),
            VocabularyLabels.label(hit.region?.rawValue, in: labels.region),
            hit.evidence == .notEvaluated ? "" : VocabularyLabels.label(hit.evidence.rawValue, in: labels.evidence),
            hit.workStatus == .stopped ? ExampleFacts.stoppedNote : "",
            hit.adoptions == 0 ? "" : ExampleFacts.triedElsewhereHeading(count: hit.adoptions)
        ].filter { !$0.isEmpty }.joined(separator: " · ")
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
            (
                "Organisation type", "organisation_type", labels.organisationType.map { ($0.key, $0.label) }, facets.organisationType,
                query.organisationTypes.map(\.rawValue)
            ),
            ("Evidence", "evidence", labels.evidence.map { ($0.key, $0.label) }, facets.evidence, query.evidence.map(\.rawValue)),
            (
                "Outcome measure", "outcome_measure", labels.outcomeMeasure.map { ($0.key, $0.label) }, facets.outcomeMeasure,
                query.outcomeMeasures.map(\.rawValue)
            ),
            ("Work status", "work_status", labels.workStatus.map { ($0.key, $0.label) }, facets.workStatus, query.workStatuses.map(\.rawValue))
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
    /// How many pages either side of the current one are numbered.
    static let nearby = 2

    init?(results: SearchResults, link: SearchLink) {
        guard results.total > 0 else { return nil }
        let last = min(results.offset + results.results.count, results.total)
        position = "Showing \(results.offset + 1) to \(last) of \(NumberText.grouped(results.total))"
        previous = results.offset > 0 ? link.href(offset: max(0, results.offset - results.limit)) : nil
        next = last < results.total ? link.href(offset: results.offset + results.limit) : nil
        let size = max(results.limit, 1)
        let pageCount = (results.total + size - 1) / size
        let current = min(results.offset / size + 1, pageCount)
        pages = Self.numbers(current: current, count: pageCount).map { number in
            guard let number else { return SearchPageView.PageLink(number: 0, href: "", current: false, gap: true, label: "") }
            return SearchPageView.PageLink(
                number: number, href: link.href(offset: (number - 1) * size), current: number == current,
                gap: false, label: "Page \(number)")
        }
        if pageCount <= 1 { pages = [] }
    }

    /// 1, a gap, the pages near `current`, a gap, `count`; nil stands for a gap.
    static func numbers(current: Int, count: Int) -> [Int?] {
        guard count > 0 else { return [] }
        let low = min(max(1, current - nearby), count)
        let near = Set(low...max(low, min(count, current + nearby))).union([1, count])
        var numbers: [Int?] = []
        for number in near.sorted() {
            if let previous = numbers.last ?? nil, number > previous + 1 { numbers.append(nil) }
            numbers.append(number)
        }
        return numbers
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
        filters =
            query.foundations.map { ("foundation", $0) } + query.ambitions.map { ("ambition", $0) }
            + query.regions.map { ("region", $0.rawValue) } + query.organisationTypes.map { ("organisation_type", $0.rawValue) }
            + query.evidence.map { ("evidence", $0.rawValue) } + query.outcomeMeasures.map { ("outcome_measure", $0.rawValue) }
            + query.workStatuses.map { ("work_status", $0.rawValue) }
    }

    func with(text: String) -> SearchLink { SearchLink(text: text, filters: filters, sort: sort) }

    /// The search's query string at `offset`, to carry to an example page and back (`?back=`).
    func backParameter(offset: Int) -> String {
        String(href(offset: offset).dropFirst("/search?".count))
    }

    func sorted(by order: SearchSort) -> SearchLink { SearchLink(text: text, filters: filters, sort: order) }

    /// `/alerts/new?q=…&foundation=…`: the page that asks for email updates of this search.
    var updatesHref: String {
        let pairs = (text.isEmpty ? [] : [("q", text)]) + filters
        return "/alerts/new" + (pairs.isEmpty ? "" : "?" + pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&"))
    }

    /// `/search?q=…&foundation=…&offset=…`.
    func href(offset: Int) -> String {
        var pairs = [("q", text)] + filters
        if let sort { pairs.append(("sort", sort.rawValue)) }
        if offset > 0 { pairs.append(("offset", String(offset))) }
        return "/search?" + pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes a query component, spaces as `+` the way HTML forms send them.
    static func encode(_ text: String) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            case UInt8(ascii: " "): encoded.append(UInt8(ascii: "+"))
            default: encoded += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
