import CasebookKit

/// One example as a page shows it: the public fields only, its body rendered by `SafeMarkdown`.
struct ExamplePageView {
    var id: Int64
    var title: String
    var summary: String
    /// Already HTML: `SafeMarkdown` escapes every piece of text and keeps only http(s) and mailto links.
    var bodyHTML: String
    var organisation: String
    var facts: [Fact]
    var foundations: [TagLink]
    var ambitions: [TagLink]
    var keywords: [String]
    var links: [TagLink]
    var contact: PublicContact?
    /// The foundations' names and the keywords, each as one list separated by semicolons.
    var foundationNames: String
    var keywordList: String
    var hasKeywords: Bool
    var hasLinks: Bool
    /// For a signed-in moderator: the form that adds this example to a collection.
    var curate: CurateForm?
    /// Published examples like this one.
    var similar: [ResultView] = [] { didSet { hasSimilar = !similar.isEmpty } }
    var hasSimilar = false
    /// The link above the example: back to the search it was opened from, or to every example.
    var back = BackLink(href: "/search", label: "Search all examples")

    struct BackLink {
        var href: String
        var label: String
    }

    struct Fact {
        var label: String
        var value: String
    }

    struct PublicContact {
        var name: String?
        var email: String?
    }

    /// The view of an example; `Example.publicView` drops a contact that is not marked public.
    init(id: Int64, example: Example, publishedAt: String?, reference: ReferenceData) {
        let example = example.publicView
        let labels = reference.labels
        self.id = id
        title = example.title
        summary = example.summary
        bodyHTML = SafeMarkdown.html(example.body, topHeadingLevel: 2)
        organisation = example.organisation.name
        facts = [
            Fact(label: "Organisation", value: example.organisation.name),
            Fact(label: "Type of organisation", value: VocabularyLabels.label(example.organisation.type.rawValue, in: labels.organisationType)),
            Fact(label: "Region", value: VocabularyLabels.label(example.region?.rawValue, in: labels.region)),
            Fact(label: "Evidence", value: example.evidence == .notEvaluated ? "" : VocabularyLabels.label(example.evidence.rawValue, in: labels.evidence)),
            Fact(label: "Started", value: example.started ?? ""),
            Fact(label: "Published", value: String((publishedAt ?? "").prefix(10)))
        ].filter { !$0.value.isEmpty }
        foundations = example.foundations.compactMap { reference.foundation($0).map(TagLink.init) }
        ambitions = example.ambitions.compactMap { key in
            reference.ambition(key).map { TagLink(href: SearchLink(text: "", filters: [("ambition", key)]).href(offset: 0), label: $0.name) }
        }
        keywords = example.keywords
        links = example.links.filter { SafeMarkdown.isAllowedURL($0.url) }.map { TagLink(href: $0.url, label: $0.title) }
        contact = example.contact.flatMap { $0.name == nil && $0.email == nil ? nil : PublicContact(name: $0.name, email: $0.email) }
        foundationNames = foundations.map(\.label).joined(separator: "; ")
        keywordList = example.keywords.joined(separator: "; ")
        hasKeywords = !example.keywords.isEmpty
        hasLinks = !links.isEmpty
    }
}

/// "Add to collection" for a signed-in moderator, on search results and example pages.
struct CurateForm {
    var action = "/moderate/collections/add-example"
    var csrf: String
    var collections: [Choice]

    struct Choice {
        var slug: String
        var title: String
    }

    /// The form for a moderator, or nil for anyone else or when there is no collection yet.
    static func forModerator(_ visitor: Visitor, web: WebFront) throws -> CurateForm? {
        guard visitor.moderator != nil else { return nil }
        let collections = try web.database.collections().map { Choice(slug: $0.slug, title: $0.title) }
        return collections.isEmpty ? nil : CurateForm(csrf: web.csrf(visitor), collections: collections)
    }
}
