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
    /// Published examples like this one.
    var similar: [ResultView] = [] { didSet { hasSimilar = !similar.isEmpty } }
    /// Stored, not computed: templates see only stored properties.
    private(set) var hasSimilar = false

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
            Fact(label: "Evidence", value: VocabularyLabels.label(example.evidence.rawValue, in: labels.evidence)),
            Fact(label: "Started", value: example.started ?? ""),
            Fact(label: "Published", value: String((publishedAt ?? "").prefix(10))),
        ].filter { !$0.value.isEmpty }
        foundations = example.foundations.compactMap { reference.foundation($0).map(TagLink.init) }
        ambitions = example.ambitions.compactMap { key in
            reference.ambition(key).map { TagLink(href: SearchLink(text: "", filters: [("ambition", key)]).href(offset: 0), label: $0.name) }
        }
        keywords = example.keywords
        links = example.links.filter { SafeMarkdown.isAllowedURL($0.url) }.map { TagLink(href: $0.url, label: $0.title) }
        contact = example.contact.flatMap { $0.name == nil && $0.email == nil ? nil : PublicContact(name: $0.name, email: $0.email) }
    }
}
