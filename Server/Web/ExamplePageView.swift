import CasebookKit

/// One example as a page shows it: the public fields only, through the article the exports share.
struct ExamplePageView {
    var id: Int64
    var title: String
    /// The example itself, rendered by the shared `example-article` template.
    var article: ExampleArticle
    /// For a signed-in moderator: the form that adds this example to a collection.
    var curate: CurateForm?
    /// Published examples like this one.
    var similar: [ResultView] = [] { didSet { hasSimilar = !similar.isEmpty } }
    var hasSimilar = false
    /// Published reports from other places that tried it, and the form to add one.
    var adoptions: [AdoptionCard] = [] {
        didSet { (hasAdoptions, adoptionsHeading) = (!adoptions.isEmpty, ExampleFacts.triedElsewhereHeading(count: adoptions.count)) }
    }
    var hasAdoptions = false
    var adoptionsHeading = ExampleFacts.triedElsewhereHeading(count: 0)
    var adoptionForm: AdoptionFormView?
    /// The form that writes to the team, when the example has a contact address (never shown).
    var contactForm: ContactFormView?
    /// Whether the visitor has just written to the team.
    var written = false
    /// Whether the visitor has just sent a report.
    var tried = false
    /// The link above the example: back to the search it was opened from, or to every example.
    var back = BackLink(href: "/search", label: "Search all examples")

    struct BackLink {
        var href: String
        var label: String
    }

    struct PublicContact {
        var name: String?
        var email: String?
    }

    /// The view of an example, its title at `headingLevel` (the page's `h1`, or lower inside another page);
    /// `Example.publicView` drops a contact that is not marked public.
    init(id: Int64, example: Example, reference: ReferenceData, headingLevel: Int = 1) {
        self.id = id
        title = example.title
        article = ExampleArticle(page: example, id: id, reference: reference, headingLevel: headingLevel, links: Self.links)
    }

    /// Foundations link to their pages, ambitions to a search for them.
    static let links = ExampleFacts.Links(
        foundation: { TagLink($0).href },
        ambition: { SearchLink(text: "", filters: [("ambition", $0.key)]).href(offset: 0) })
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
