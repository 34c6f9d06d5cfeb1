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
        count = examples == 1 ? "1 published example" : "\(examples.formatted()) published examples"
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

    init(foundation: CasebookKit.Foundation, results: SearchResults, reference: ReferenceData) {
        (name, number, description, prompts) = (foundation.name, foundation.number, foundation.description, foundation.prompts)
        self.results = results.results.map { ResultView($0, reference: reference) }
        heading = results.total == 1 ? "1 example" : "\(results.total.formatted()) examples"
        let link = SearchLink(text: "", filters: [("foundation", foundation.key)])
        moreHref = results.total > results.results.count ? link.href(offset: 0) : nil
    }
}

/// `/coverage`: a table of published examples by foundation (rows) and ambition (columns).
struct CoveragePageView {
    var ambitions: [Heading]
    var rows: [Row]

    struct Heading {
        var number: Int
        var name: String
    }

    struct Row {
        var href: String
        var name: String
        var cells: [Cell]
    }

    /// A count and its search. `linked` is a plain flag: a nil href would let mustache find the row's href instead.
    struct Cell {
        var count: Int
        var linked: Bool
        var searchHref: String
        var context: String
    }

    init(coverage: [String: [String: Int]], reference: ReferenceData) {
        ambitions = reference.ambitions.map { Heading(number: $0.number, name: $0.name) }
        rows = reference.foundations.map { foundation in
            let cells = reference.ambitions.map { ambition -> Cell in
                let count = coverage[foundation.key]?[ambition.key] ?? 0
                let link = SearchLink(text: "", filters: [("foundation", foundation.key), ("ambition", ambition.key)])
                return Cell(count: count, linked: count > 0, searchHref: link.href(offset: 0),
                            context: "\(count == 1 ? "example" : "examples"): \(foundation.name), \(ambition.name)")
            }
            return Row(href: "/foundations/\(foundation.key)", name: foundation.name, cells: cells)
        }
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
        published = String((collection.publishedAt ?? "").prefix(10))
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
        (.html, "Web page (HTML), for printing"), (.docx, "Word document"), (.markdown, "Markdown"), (.json, "JSON"), (.csv, "Spreadsheet (CSV)"),
    ]

    init(_ collection: ExampleCollection) {
        (title, description, contact) = (collection.title, collection.description, collection.contact)
        introductionHTML = SafeMarkdown.html(collection.introduction, topHeadingLevel: 2)
        published = String((collection.publishedAt ?? "").prefix(10))
        items = collection.items.filter { $0.status == .published }.map { TagLink(href: "/examples/\($0.exampleID)", label: $0.title) }
        downloads = Self.formatLabels.map { format, label in
            Download(href: "/api/v1/collections/\(collection.slug)/export?format=\(format.rawValue)", label: label)
        }
    }
}
