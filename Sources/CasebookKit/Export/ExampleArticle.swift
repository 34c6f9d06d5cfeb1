/// One example as every HTML surface shows it: the web page, the single-file guide and the site. It is the
/// view of the one shared template, `example-article.mustache`, so the three cannot drift apart.
///
/// swift-mustache reads only stored properties, so every value the template shows is stored. Plain text is
/// escaped by the template's `{{ }}`; the only pre-rendered HTML (each part's `html`) comes from `SafeMarkdown`.
public struct ExampleArticle {
    /// The fragment id's number (`example-12`).
    public var id: String
    /// Where a list of examples links to this one.
    public var href: String
    public var title: String
    public var summary: String
    /// "This work stopped: what we learnt", for an example whose work stopped.
    public var note: String
    public var hasNote: Bool
    public var organisation: String
    /// The level of the title's heading; the body's headings and the links' heading sit below it.
    public var headingLevel: Int
    public var subheadingLevel: Int
    public var facts: [FactView]
    /// The body and the sections, each already HTML from `SafeMarkdown`, which escapes every piece of text
    /// and keeps only safe links.
    public var parts: [PartView]
    public var hasBody: Bool
    public var links: [LinkView]
    public var hasLinks: Bool
    /// Reports from other places that tried it, in a guide or site (the web page shows its own, with a form).
    public var triedElsewhere: [TriedView]
    public var hasTriedElsewhere: Bool
    public var triedElsewhereHeading: String

    /// One report from another place, as plain text the template escapes.
    public struct TriedView {
        public var who: String
        public var adapted: String
        public var happened: String
        public var hasHappened: Bool
    }

    /// The body (no heading) or one section under its heading.
    public struct PartView {
        public var heading: String
        public var hasHeading: Bool
        public var html: String
    }

    /// A fact: its label and values, each linked when it has somewhere to go.
    public struct FactView {
        public var label: String
        public var values: [ValueView]
    }

    /// One value of a fact; `last` leaves out the separator after it.
    public struct ValueView {
        public var text: String
        public var href: String
        public var linked: Bool
        public var last: Bool
        public var separator: String
    }

    /// A link; one that is not http(s) or mailto is shown as text. On paper the address is printed beside the
    /// title, unless the title already is the address.
    public struct LinkView {
        public var title: String
        public var url: String
        public var linked: Bool
        public var showsAddress: Bool
    }

    /// The article of an example on a web page: the title at `headingLevel` (the page's `h1` on its own
    /// page), the whole body, and foundations and ambitions linked as `links` says.
    public init(page example: Example, id: Int64, reference: ReferenceData, headingLevel: Int = 1, links: ExampleFacts.Links) {
        self.init(
            example, id: String(id), href: "", reference: reference, headingLevel: headingLevel, showsBody: true, printsAddresses: false, links: links)
    }

    /// The article of an exported example: titled at `headingLevel`, the body only in the full form, and
    /// link addresses printed for paper. Foundations link to their chapters (`#foundation-…`) in the guide.
    init(guide exported: ExportedExample, reference: ReferenceData, href: String, headingLevel: Int, form: ExportForm, chapters: String = "") {
        let links = ExampleFacts.Links(foundation: { chapters + "#" + GuideHTML.anchor($0) })
        self.init(
            exported.example, id: String(exported.id), href: href, reference: reference, headingLevel: headingLevel, showsBody: form == .full,
            printsAddresses: true, links: links)
        if form == .full { showTriedElsewhere(exported.adoptions, reference: reference) }
    }

    private mutating func showTriedElsewhere(_ adoptions: [PublicAdoption], reference: ReferenceData) {
        triedElsewhere = ExampleFacts.triedElsewhere(adoptions, reference: reference).map {
            TriedView(who: $0.who, adapted: $0.adapted, happened: $0.happened, hasHappened: !$0.happened.isEmpty)
        }
        hasTriedElsewhere = !triedElsewhere.isEmpty
        triedElsewhereHeading = ExampleFacts.triedElsewhereHeading(count: triedElsewhere.count)
    }

    private init(
        _ example: Example, id: String, href: String, reference: ReferenceData, headingLevel: Int, showsBody: Bool, printsAddresses: Bool,
        links: ExampleFacts.Links
    ) {
        let example = example.publicView
        self.id = id
        self.href = href
        title = example.title
        summary = example.summary
        note = ExampleFacts.note(example) ?? ""
        hasNote = !note.isEmpty
        organisation = example.organisation.name
        self.headingLevel = headingLevel
        subheadingLevel = headingLevel + 1
        facts = ExampleFacts.of(example, reference: reference, links: links).map(Self.view)
        parts =
            showsBody
            ? ExampleFacts.account(of: example, reference: reference).map { part in
                PartView(
                    heading: part.heading ?? "", hasHeading: part.heading != nil,
                    html: SafeMarkdown.html(part.markdown, topHeadingLevel: headingLevel + (part.heading == nil ? 1 : 2)))
            } : []
        hasBody = !parts.isEmpty
        self.links = example.links.map {
            LinkView(title: $0.title, url: $0.url, linked: SafeMarkdown.isAllowedURL($0.url), showsAddress: printsAddresses && GuideHTML.showsAddress($0))
        }
        hasLinks = !self.links.isEmpty
        (triedElsewhere, hasTriedElsewhere, triedElsewhereHeading) = ([], false, "")
    }

    private static func view(_ fact: ExampleFact) -> FactView {
        let separator = fact.label == "Keywords" ? ", " : "; "
        let values = fact.values.enumerated().map { index, value in
            ValueView(
                text: value.text, href: value.href ?? "", linked: value.href != nil,
                last: index == fact.values.count - 1, separator: separator)
        }
        return FactView(label: fact.label, values: values)
    }
}
