import Foundation

// The view models of the HTML guide and the static site. swift-mustache reads only stored properties, so
// every value a template shows is stored here; plain text is escaped by the templates' `{{ }}`, and the
// only pre-rendered HTML (`…HTML`) comes from `SafeMarkdown`, shown with `{{{ }}}`.

/// One page of the guide: the single-file guide, the site's index, or one of the site's example pages.
struct GuidePageView {
    var pageTitle: String
    /// The stylesheet is embedded (the single file) or linked at `stylesheetHref` (the site).
    var embedsStyle: Bool
    var stylesheetHref: String
    var hasFeed: Bool
    var collectionTitle: String
    var description: String
    var hasDescription: Bool
    var dateLine: String
    /// The collection's introduction and contact, already HTML from `SafeMarkdown`.
    var introductionHTML: String
    var hasIntroduction: Bool
    var contactHTML: String
    var hasContact: Bool
    var chapters: [GuideChapterView]
    var droppedNote: String
    var hasDropped: Bool
    var credit: String
    /// The one example a site page shows, or none.
    var article: [ExampleArticle]

    /// The parts every page shares, with the chapters it lists (none on an example's own page).
    init(_ document: ExportDocument, pageTitle: String, stylesheet: String?, hasFeed: Bool = false, chapters: [GuideChapterView]) {
        let collection = document.collection
        self.pageTitle = pageTitle
        embedsStyle = stylesheet == nil
        stylesheetHref = stylesheet ?? ""
        self.hasFeed = hasFeed
        collectionTitle = collection.title
        description = collection.description
        hasDescription = !collection.description.isEmpty
        dateLine = GuideHTML.dateLine(document)
        hasIntroduction = !collection.introduction.isEmpty
        introductionHTML = hasIntroduction ? SafeMarkdown.html(collection.introduction, topHeadingLevel: 2) : ""
        let contact = collection.contact ?? ""
        hasContact = !contact.isEmpty
        contactHTML = hasContact ? SafeMarkdown.html(contact, topHeadingLevel: 4) : ""
        self.chapters = chapters
        droppedNote = document.droppedNote ?? ""
        hasDropped = document.droppedNote != nil
        credit = GuideHTML.credit
        article = []
    }
}

/// A chapter: the foundation, numbered as the guide numbers it, with its prompts and examples.
struct GuideChapterView {
    var number: Int
    var name: String
    var anchor: String
    var description: String
    var prompts: [String]
    var hasPrompts: Bool
    var examples: [ExampleArticle]

    init(_ chapter: ExportChapter, examples: [ExampleArticle]) {
        let foundation = chapter.foundation
        number = foundation.number
        name = foundation.name
        anchor = GuideHTML.anchor(foundation)
        description = foundation.description
        prompts = foundation.prompts
        hasPrompts = !foundation.prompts.isEmpty
        self.examples = examples
    }

    /// The document's chapters, each example linked from the contents by `href` and titled at `headingLevel`.
    static func all(_ document: ExportDocument, headingLevel: Int, form: ExportForm, href: (ExportedExample) -> String) -> [GuideChapterView] {
        document.chapters.map { chapter in
            GuideChapterView(
                chapter,
                examples: chapter.examples.map {
                    ExampleArticle(guide: $0, reference: document.reference, href: href($0), headingLevel: headingLevel, form: form)
                })
        }
    }
}
