import CasebookKit

/// The home page: the search box, the foundations to browse and the newest examples.
struct HomePageView {
    var newest: [ResultView]
    var total: Int
    var foundations: [TagLink]
}

/// `/foundations`: every foundation with its description and how many published examples it has.
struct FoundationsPageView {
    var foundations: [FoundationSummary]
}

struct FoundationSummary {
    var href: String
    var number: Int
    var name: String
    var description: String
    var count: String

    init(_ foundation: CasebookKit.Foundation, examples: Int) {
        href = "/foundations/\(foundation.key)"
        (number, name, description) = (foundation.number, foundation.name, foundation.description)
        count = examples == 1 ? "1 published example" : "\(NumberText.grouped(examples)) published examples"
    }
}

/// `/foundations/{key}`: a foundation's description and prompts for discussion, with its newest examples.
struct FoundationPageView {
    var name: String
    var number: Int
    var description: String
    var prompts: [String]
    var results: [ResultView]
    var heading: String
    var moreHref: String?
    /// The page that asks for email updates of new examples for this foundation.
    var updatesHref: String

    init(foundation: CasebookKit.Foundation, results: SearchResults, reference: ReferenceData) {
        (name, number, description, prompts) = (foundation.name, foundation.number, foundation.description, foundation.prompts)
        self.results = results.results.map { ResultView($0, reference: reference) }
        heading = results.total == 1 ? "1 example" : "\(NumberText.grouped(results.total)) examples"
        let link = SearchLink(text: "", filters: [("foundation", foundation.key)])
        moreHref = results.total > results.results.count ? link.href(offset: 0) : nil
        updatesHref = link.updatesHref
    }
}

/// `/coverage`: a map of gaps: published examples by foundation (rows) and ambition (columns), each
/// cell shaded by its count with the number always written, row and column totals, and filters by
/// region and organisation type whose choices stay in the address.
struct CoveragePageView {
    var ambitions: [Heading]
    var rows: [Row]
    /// Examples of each ambition, then of all, for the totals row.
    var columnTotals: [Total]
    var grandTotal: Int
    /// "Published examples of hospices in the North West by foundation (rows) and ambition (columns)".
    var caption: String
    var regionOptions: [Choice]
    var organisationTypeOptions: [Choice]
    var clearHref: String?
    /// The shades, lightest first, for the key under the grid.
    var shades: [Shade]

    struct Heading {
        var number: Int
        var name: String
    }

    struct Row {
        var href: String
        var name: String
        var cells: [Cell]
        var total: Int
    }

    /// A count and its search. `linked` is a plain flag: a nil href would let mustache find the row's href instead.
    struct Cell {
        var count: Int
        var linked: Bool
        var searchHref: String
        var context: String
        /// `heat-0` (none) to `heat-4` (the most in this grid).
        var heat: String
        /// The ambition, written before the count when the grid is shown as cards on a phone.
        var label: String
    }

    struct Total {
        var count: Int
        var label: String
    }

    /// One option of a filter's list.
    struct Choice {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Shade {
        var heat: String
        var label: String
    }

    /// How many shades a count can take above none.
    static let shadeCount = 4

    init(stats: LibraryStats, filter: CoverageFilter, reference: ReferenceData) {
        let coverage = stats.coverage
        let most = coverage.values.flatMap(\.values).max() ?? 0
        let scope = Self.scopeLinks(filter)
        ambitions = reference.ambitions.map { Heading(number: $0.number, name: $0.name) }
        rows = reference.foundations.map { foundation in
            let cells = reference.ambitions.map { ambition -> Cell in
                let count = coverage[foundation.key]?[ambition.key] ?? 0
                let link = SearchLink(text: "", filters: [("foundation", foundation.key), ("ambition", ambition.key)] + scope)
                return Cell(
                    count: count, linked: count > 0, searchHref: link.href(offset: 0),
                    context: "\(count == 1 ? "example" : "examples"): \(foundation.name), \(ambition.name)",
                    heat: Self.heat(count, most: most), label: "Ambition \(ambition.number): \(ambition.name)")
            }
            return Row(
                href: "/foundations/\(foundation.key)", name: foundation.name, cells: cells,
                total: stats.coverageTotals.foundation[foundation.key] ?? 0)
        }
        columnTotals = reference.ambitions.map { ambition in
            Total(count: stats.coverageTotals.ambition[ambition.key] ?? 0, label: "Ambition \(ambition.number): \(ambition.name)")
        }
        grandTotal = stats.coverageTotals.examples
        let labels = reference.labels
        caption = Self.caption(filter, labels: labels)
        regionOptions = labels.region.map { Choice(value: $0.key, label: $0.label, selected: filter.regions.map(\.rawValue).contains($0.key)) }
        organisationTypeOptions = labels.organisationType.map {
            Choice(value: $0.key, label: $0.label, selected: filter.organisationTypes.map(\.rawValue).contains($0.key))
        }
        clearHref = filter == CoverageFilter() ? nil : "/coverage"
        shades = Self.shades(most: most)
    }

    /// The shade of a count: none for 0, else 1 to `shadeCount` by its share of the largest count.
    static func heat(_ count: Int, most: Int) -> String {
        guard count > 0, most > 0 else { return "heat-0" }
        let level = min(shadeCount, max(1, Int((Double(count) / Double(most) * Double(shadeCount)).rounded(.up))))
        return "heat-\(level)"
    }

    /// The shades in use with the counts each stands for: "0", "1 to 4", … up to the largest count.
    static func shades(most: Int) -> [Shade] {
        var shades = [Shade(heat: "heat-0", label: "0")]
        var low = 1
        for level in 1...shadeCount where low <= most {
            let high = (1...most).last { heat($0, most: most) == "heat-\(level)" } ?? 0
            guard high >= low else { continue }
            shades.append(Shade(heat: "heat-\(level)", label: high == low ? "\(low)" : "\(low) to \(high)"))
            low = high + 1
        }
        return shades
    }

    /// The filters as search parameters, so that a cell's search keeps them.
    private static func scopeLinks(_ filter: CoverageFilter) -> [(name: String, value: String)] {
        filter.regions.map { ("region", $0.rawValue) } + filter.organisationTypes.map { ("organisation_type", $0.rawValue) }
    }

    private static func caption(_ filter: CoverageFilter, labels: VocabularyLabels) -> String {
        let kinds = filter.organisationTypes.map { VocabularyLabels.label($0.rawValue, in: labels.organisationType) }
        let places = filter.regions.map { VocabularyLabels.label($0.rawValue, in: labels.region) }
        var text = "Published examples"
        if !kinds.isEmpty { text += " of " + kinds.joined(separator: " or ") }
        if !places.isEmpty { text += " in " + places.joined(separator: " or ") }
        return text + " by foundation (rows) and ambition (columns)"
    }
}

/// `/collections`: the published collections.
struct CollectionsPageView {
    var collections: [CollectionSummary]
}

struct CollectionSummary {
    var href: String
    var title: String
    var description: String
    var count: String
    var status: String
    var published: String

    init(_ collection: ExampleCollection) {
        href = "/collections/\(collection.slug)"
        (title, description) = (collection.title, collection.description)
        count = collection.items.count == 1 ? "1 example" : "\(collection.items.count) examples"
        status = collection.status == .published ? "Published" : "Draft"
        published = DateWords.day(collection.publishedAt ?? "")
    }
}

/// `/collections/{slug}`: a published collection, its examples and a download in every export format.
struct CollectionPageView {
    var title: String
    var description: String
    /// Already HTML, rendered by `SafeMarkdown`.
    var introductionHTML: String
    var contact: String?
    var published: String
    var items: [TagLink]
    var downloads: [Download]

    struct Download {
        var href: String
        var label: String
    }

    static let formatLabels: [(ExportFormat, String)] = [
        (.html, "Web page (HTML), for printing"), (.docx, "Word document"), (.markdown, "Markdown"), (.json, "JSON"), (.csv, "Spreadsheet (CSV)")
    ]

    init(_ collection: ExampleCollection) {
        (title, description, contact) = (collection.title, collection.description, collection.contact)
        introductionHTML = SafeMarkdown.html(collection.introduction, topHeadingLevel: 2)
        published = DateWords.day(collection.publishedAt ?? "")
        items = collection.items.filter { $0.status == .published }.map { TagLink(href: "/examples/\($0.exampleID)", label: $0.title) }
        downloads = Self.formatLabels.map { format, label in
            Download(href: "/api/v1/collections/\(collection.slug)/export?format=\(format.rawValue)", label: label)
        }
    }
}
