import Foundation

// The view model of a local guide as a document: the HTML export (`local-guide.mustache`) and the read-only
// web page render it. swift-mustache reads stored properties only, so every value is stored; all of it is
// plain text, escaped by the templates' `{{ }}`.

/// A local guide as one document: what the printable page and the read-only page show, in the guide's order.
public struct LocalGuidePageView {
    // What `guide-page-start`, `guide-page-end` and `guide-footer` read.
    var pageTitle: String
    var embedsStyle = true
    var stylesheetHref = ""
    var hasFeed = false
    var collectionTitle: String
    var dateLine: String
    var credit = GuideHTML.credit

    var area: String
    var hasArea: Bool
    var meetingLine: String
    var hasMeeting: Bool
    var introduction: [String]
    var contactLines: [String]
    var hasContact: Bool
    var foundations: [Chapter]
    var withdrawnNote: String
    var hasWithdrawn: Bool
    var isEmpty: Bool

    /// The guide (or edition) `view`; `allFoundations` keeps those not filled in, with room to answer.
    public init(_ view: GuideView, allFoundations: Bool) {
        let content = view.content
        pageTitle = content.title
        collectionTitle = content.title
        dateLine = GuideExport.dateLine(view)
        area = content.area
        hasArea = !content.area.isEmpty
        meetingLine = content.meetingDate.map { "Meeting of \(DateWords.day($0))" } ?? ""
        hasMeeting = content.meetingDate != nil
        introduction = GuideExport.paragraphs(content.introduction)
        contactLines = GuideExport.contactLines(content.contact)
        hasContact = !contactLines.isEmpty
        foundations = (allFoundations ? view.foundations : view.filledFoundations).map(Chapter.init)
        withdrawnNote = GuideExport.withdrawnNote(view.withdrawn) ?? ""
        hasWithdrawn = view.withdrawn > 0
        isEmpty = foundations.isEmpty
    }

    /// One foundation: the guide's *What* and *Ask* beside the team's answers, examples, actions, notes and rating.
    public struct Chapter {
        var number: Int
        var name: String
        var anchor: String
        var ratingLabel: String
        var isRated: Bool
        var what: String
        var prompts: [Prompt]
        var examples: [Example]
        var hasExamples: Bool
        var actions: [Action]
        var hasActions: Bool
        var notes: [String]
        var hasNotes: Bool
        var withdrawnNote: String
        var hasWithdrawn: Bool

        init(_ item: GuideFoundationView) {
            number = item.foundation.number
            name = item.foundation.name
            anchor = GuideHTML.anchor(item.foundation)
            ratingLabel = item.entry.rating?.label ?? "Not rated yet"
            isRated = item.entry.rating != nil
            what = item.foundation.description
            prompts = item.prompts.map { Prompt(text: $0.prompt, answer: GuideExport.paragraphs($0.answer)) }
            examples = item.examples.map(Example.init)
            hasExamples = !examples.isEmpty
            actions = item.entry.actions.map(Action.init)
            hasActions = !actions.isEmpty
            notes = GuideExport.paragraphs(item.entry.notes)
            hasNotes = !notes.isEmpty
            withdrawnNote = GuideExport.withdrawnNote(item.withdrawn) ?? ""
            hasWithdrawn = item.withdrawn > 0
        }
    }

    /// A prompt of the guide and the team's answer, in paragraphs (none: an empty space to write in).
    public struct Prompt {
        var text: String
        var answer: [String]
        var hasAnswer: Bool

        init(text: String, answer: [String]) {
            (self.text, self.answer, hasAnswer) = (text, answer, !answer.isEmpty)
        }
    }

    /// A chosen example in action with the team's note.
    public struct Example {
        var title: String
        /// The example's page in the library, for the web page (the exported file links nowhere).
        var href: String
        var organisation: String
        var note: String
        var hasNote: Bool

        init(_ example: ChosenExample) {
            title = example.title
            href = "/examples/\(example.id)"
            organisation = example.organisation
            note = example.note?.trimmed ?? ""
            hasNote = !note.isEmpty
        }
    }

    /// An action: what, who, by when, and whether it is done.
    public struct Action {
        var what: String
        var owner: String
        var due: String
        var state: String

        init(_ action: GuideAction) {
            what = action.what
            owner = action.owner ?? ""
            due = action.due.map(DateWords.month) ?? ""
            state = action.done ? "Done" : "Open"
        }
    }
}
