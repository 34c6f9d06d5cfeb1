import CasebookKit
import Foundation

// The view models of the local guide's pages. Every value is plain text, escaped by the templates, except the
// ratings chart (`chartSVG`), which `GuideRatingChart` writes with every text escaped for XML.

typealias FormError = SubmissionFormView.FormError
typealias TextField = SubmissionFormView.TextField
typealias Choice = SubmissionFormView.Choice
typealias Option = SubmissionFormView.Option

/// The wording the guide pages share.
enum GuideWords {
    /// How the details form asks for each field, which its errors are worded from.
    static let detailSubjects: [String: FormSubject] = [
        "title": FormSubject("a title for your guide"), "area": FormSubject("the area the guide covers"),
        "introduction": FormSubject("an introduction"), "meeting-date": FormSubject("the meeting date, for example 2026-11-30"),
        "region": FormSubject("a region", chosen: true), "organisation-types": FormSubject("types of organisation", chosen: true),
        "contact-name": FormSubject("a contact name"), "contact-role": FormSubject("the contact's role"),
        "contact-email": FormSubject("an email address, like name@example.org"), "contact-phone": FormSubject("a phone number")
    ]

    /// The details form's fields in the order the page shows them.
    static let detailFields = [
        "title", "area", "introduction", "meeting-date", "region", "organisation-types", "contact-name", "contact-role", "contact-email",
        "contact-phone"
    ]

    /// The form field an error of the details document names: `contact.email` is `contact-email`.
    static func detailField(_ field: String) -> String {
        let base = String(field.prefix { $0 != "[" }).replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-")
        return detailFields.contains(base) ? base : "title"
    }

    /// The first error of each field, worded for a person, by field id.
    static func messages(_ errors: [FieldError], field: (String) -> String, subject: (String) -> FormSubject) -> [String: String] {
        var messages: [String: String] = [:]
        for error in errors {
            let id = field(error.field)
            if messages[id] == nil { messages[id] = error.worded(for: .form(subject(id))) }
        }
        return messages
    }

    /// How the foundation page asks for a field (`answer-2`, `action-0-due`, `example-1-note`).
    static func foundationSubject(_ id: String) -> FormSubject {
        if id.hasPrefix("answer-") { return FormSubject("an answer") }
        if id.hasSuffix("-what") { return FormSubject("what the action is") }
        if id.hasSuffix("-owner") { return FormSubject("who owns the action") }
        if id.hasSuffix("-due") { return FormSubject("a month it is due, like 2027-03") }
        if id.hasSuffix("-note") { return FormSubject("a note") }
        if id == "rating" { return FormSubject("a rating", chosen: true) }
        return FormSubject(id == "notes" ? "notes" : "a value")
    }

    /// "2 of 4 questions answered".
    static func answered(_ item: GuideFoundationView) -> String {
        let count = item.prompts.filter { !$0.answer.trimmed.isEmpty }.count
        return "\(count) of \(item.prompts.count) questions answered"
    }

    /// "1 of 3 actions done", or "No actions".
    static func actions(_ entry: GuideFoundationEntry) -> String {
        entry.actions.isEmpty ? "No actions" : "\(entry.actions.filter(\.done).count) of \(entry.actions.count) actions done"
    }
}

/// The details form: a new guide, or a guide's title, area, meeting and contact later.
struct GuideDetailsPageView {
    var action: String
    var submitLabel: String
    var csrf: String
    var isNew: Bool
    var overviewHref: String
    var errorSummary: [FormError]
    var hasErrors: Bool
    var fields: [String: TextField]
    var regions: [Option]
    var regionError: String?
    var organisationTypes: [Choice]
    var organisationTypesError: String?

    init(input: GuideDetailsInput, errors: [FieldError], reference: ReferenceData, action: String, csrf: String, overviewHref: String?) {
        let messages = GuideWords.messages(errors, field: GuideWords.detailField) { GuideWords.detailSubjects[$0] ?? FormSubject("a value") }
        (self.action, self.csrf) = (action, csrf)
        isNew = overviewHref == nil
        self.overviewHref = overviewHref ?? ""
        submitLabel = isNew ? "Make the guide" : "Save the details"
        errorSummary = GuideWords.detailFields.compactMap { id in messages[id].map { FormError(href: "#\(id)", message: $0) } }
        hasErrors = !errorSummary.isEmpty
        let texts = [
            ("title", input.title), ("area", input.area), ("introduction", input.introduction), ("meeting-date", input.meetingDate),
            ("contact-name", input.contactName), ("contact-role", input.contactRole), ("contact-email", input.contactEmail),
            ("contact-phone", input.contactPhone)
        ]
        fields = Dictionary(uniqueKeysWithValues: texts.map { ($0.0, TextField(value: $0.1, error: messages[$0.0])) })
        regions =
            [Option(value: "", label: "Not given", selected: input.region.isEmpty)]
            + reference.labels.region.map { Option(value: $0.key, label: $0.label, selected: $0.key == input.region) }
        regionError = messages["region"]
        organisationTypes = reference.labels.organisationType.enumerated().map { index, entry in
            Choice(
                id: index == 0 ? "organisation-types" : "organisation-types-\(index + 1)", value: entry.key, label: entry.label, hint: "",
                checked: input.organisationTypes.contains(entry.key))
        }
        organisationTypesError = messages["organisation-types"]
    }
}

/// The page shown once a guide is made (or its share link renewed): the private links, shown this once.
struct GuideLinksPageView {
    var heading: String
    var editLink: String
    var hasEditLink: Bool
    var shareLink: String
    var overviewHref: String
}

/// A guide's own home, for its editors: the details, the ten foundations with their ratings, and what to do next.
struct GuideOverviewPageView {
    var title: String
    var area: String
    var hasArea: Bool
    var dateLine: String
    var base: String
    var viewHref: String
    var csrf: String
    var rows: [Row]
    var editionsLine: String
    var warnings: [String]
    var hasWarnings: Bool
    var withdrawnNote: String
    var hasWithdrawn: Bool
    var notice: String
    var hasNotice: Bool

    struct Row {
        var number: Int
        var name: String
        var href: String
        var rating: String
        var answered: String
        var actions: String
        var examples: Int
    }

    init(_ view: GuideView, editions: Int, base: String, csrf: String, notice: String?) {
        title = view.content.title
        area = view.content.area
        hasArea = !area.isEmpty
        dateLine = "Last changed \(DateWords.dayAndTime(view.updatedAt))" + (view.content.meetingDate.map { " · meeting of \(DateWords.day($0))" } ?? "")
        self.base = base
        viewHref = base.replacingOccurrences(of: "/guides/edit/", with: "/guides/view/")
        self.csrf = csrf
        rows = view.foundations.map { item in
            Row(
                number: item.foundation.number, name: item.foundation.name, href: "\(base)/foundations/\(item.foundation.key)",
                rating: item.entry.rating?.label ?? "Not rated", answered: GuideWords.answered(item), actions: GuideWords.actions(item.entry),
                examples: item.examples.count)
        }
        editionsLine = editions == 0 ? "No saved editions" : editions == 1 ? "1 saved edition" : "\(editions) saved editions"
        warnings = view.warnings.map { "\(GuideFieldNames.label($0.field, view: view)) \($0.message)." }
        hasWarnings = !warnings.isEmpty
        withdrawnNote = GuideExport.withdrawnNote(view.withdrawn) ?? ""
        hasWithdrawn = view.withdrawn > 0
        self.notice = notice ?? ""
        hasNotice = notice != nil
    }
}

/// Where a warning's field is, in words: `foundations[2].answers[0]` is "Shared records, question 1:".
enum GuideFieldNames {
    static func label(_ field: String, view: GuideView) -> String {
        let top = ["title": "The title:", "area": "The area:", "introduction": "The introduction:"]
        if let label = top[field] { return label }
        let filled = view.content.foundations
        guard field.hasPrefix("foundations["), let close = field.firstIndex(of: "]"), let index = Int(field.dropFirst(12).prefix(upTo: close)),
            filled.indices.contains(index)
        else { return "\(field):" }
        let name = view.foundations.first { $0.foundation.key == filled[index].foundation }?.foundation.name ?? filled[index].foundation
        let rest = field[field.index(after: close)...]
        if rest.hasPrefix(".answers["), let number = Int(rest.dropFirst(9).prefix { $0.isNumber }) { return "\(name), question \(number + 1):" }
        if rest.hasPrefix(".actions[") { return "\(name), an action:" }
        if rest.hasPrefix(".examples[") { return "\(name), a note on an example:" }
        return "\(name), notes:"
    }
}

/// One foundation's page: the guide's *What* and prompts beside the team's rating, answers, notes, actions and examples.
struct GuideFoundationPageView {
    var action: String
    var csrf: String
    var overviewHref: String
    var guideTitle: String
    var number: Int
    var name: String
    var what: String
    var errorSummary: [FormError]
    var hasErrors: Bool
    var ratings: [Choice]
    var ratingError: String?
    var prompts: [PromptBox]
    var notes: TextField
    var actions: [ActionBox]
    var actionRows: Int
    var examples: [ExampleBox]
    var exampleRows: Int
    var hasExamples: Bool
    var searchHref: String
    var withdrawnNote: String
    var hasWithdrawn: Bool
    var nextHref: String
    var nextName: String
    var hasNext: Bool
    var notice: String
    var hasNotice: Bool

    struct PromptBox {
        var id: String
        var number: Int
        var prompt: String
        var value: String
        var error: String?
    }

    struct ActionBox {
        var index: Int
        var number: Int
        var what: TextField
        var owner: TextField
        var due: TextField
        var done: Bool
        var isExisting: Bool
    }

    struct ExampleBox {
        var index: Int
        var uid: String
        var title: String
        var organisation: String
        var href: String
        var note: TextField
    }

    init(
        item: GuideFoundationView, input: GuideFoundationInput, errors: [FieldError], guide: GuideView, base: String, csrf: String,
        next: Foundation?, notice: String?
    ) {
        let messages = GuideWords.messages(errors, field: { $0 }, subject: GuideWords.foundationSubject)
        let foundation = item.foundation
        (self.csrf, overviewHref, guideTitle) = (csrf, base, guide.content.title)
        action = "\(base)/foundations/\(foundation.key)"
        (number, name, what) = (foundation.number, foundation.name, foundation.description)
        ratings =
            GuideRating.allCases.map { rating in
                Choice(
                    id: rating == .notStarted ? "rating" : "rating-\(rating.rawValue)", value: rating.rawValue, label: rating.label,
                    hint: GuideRatingWords.hint(rating), checked: input.rating == rating.rawValue)
            } + [Choice(id: "rating-none", value: "", label: "Not rated yet", hint: "", checked: input.rating.isEmpty)]
        ratingError = messages["rating"]
        prompts = foundation.prompts.enumerated().map { index, prompt in
            PromptBox(
                id: "answer-\(index)", number: index + 1, prompt: prompt, value: input.answers.indices.contains(index) ? input.answers[index] : "",
                error: messages["answer-\(index)"])
        }
        notes = TextField(value: input.notes, error: messages["notes"])
        let kept = input.actions.filter { !$0.remove }
        let rows = kept + Array(repeating: GuideFoundationInput.ActionRow(), count: GuideFoundationInput.blankActionRows)
        actions = rows.enumerated().map { index, row in
            ActionBox(
                index: index, number: index + 1, what: TextField(value: row.what, error: messages["action-\(index)-what"]),
                owner: TextField(value: row.owner, error: messages["action-\(index)-owner"]),
                due: TextField(value: row.due, error: messages["action-\(index)-due"]), done: row.done, isExisting: index < kept.count)
        }
        actionRows = rows.count
        let titles = Dictionary(item.examples.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        examples = input.examples.filter { !$0.remove }.enumerated().compactMap { index, row in
            guard let chosen = titles[row.uid] else { return nil }
            return ExampleBox(
                index: index, uid: row.uid, title: chosen.title, organisation: chosen.organisation, href: "/examples/\(chosen.id)",
                note: TextField(value: row.note, error: messages["example-\(index)-note"]))
        }
        exampleRows = examples.count
        hasExamples = !examples.isEmpty
        searchHref = "/search?foundation=\(foundation.key)"
        withdrawnNote = GuideExport.withdrawnNote(item.withdrawn) ?? ""
        hasWithdrawn = item.withdrawn > 0
        nextHref = next.map { "\(base)/foundations/\($0.key)" } ?? ""
        nextName = next?.name ?? ""
        hasNext = next != nil
        var order = ["rating"] + prompts.map(\.id) + ["notes"]
        order += actions.flatMap { ["action-\($0.index)-what", "action-\($0.index)-owner", "action-\($0.index)-due"] }
        order += examples.map { "example-\($0.index)-note" }
        errorSummary = order.compactMap { id in messages[id].map { FormError(href: "#\(id)", message: $0) } }
        hasErrors = !errorSummary.isEmpty
        self.notice = notice ?? ""
        hasNotice = notice != nil
    }
}

/// What each rating means, as the rating's hint on a foundation's page.
enum GuideRatingWords {
    static func hint(_ rating: GuideRating) -> String {
        switch rating {
        case .notStarted: "Nothing is in place yet."
        case .emerging: "Some people have started; it depends on a few enthusiasts."
        case .developing: "Work is under way in several places, not yet everywhere."
        case .established: "It is usual practice across most of the area."
        case .embedded: "It is how things are done, and it is checked and improved."
        }
    }
}

/// The gap list: the foundations from the lowest rating up, each with examples from elsewhere to add.
struct GuideGapsPageView {
    var overviewHref: String
    var title: String
    var gaps: [Gap]

    struct Gap {
        var name: String
        var rating: String
        var href: String
        var suggestions: [Suggestion]
        var hasSuggestions: Bool
    }

    struct Suggestion {
        var title: String
        var href: String
        var organisation: String
        var place: String
        var addHref: String
    }

    init(_ gaps: [GuideGap], guide: GuideView, base: String, reference: ReferenceData) {
        overviewHref = base
        title = guide.content.title
        self.gaps = gaps.map { gap in
            let suggestions = gap.suggested.map { example in
                let type = reference.labels.organisationType.first { $0.key == example.organisationType }?.label
                let region = example.region.flatMap { key in reference.labels.region.first { $0.key == key }?.label }
                return Suggestion(
                    title: example.title, href: "/examples/\(example.id)", organisation: example.organisation,
                    place: [type, region].compactMap { $0 }.joined(separator: " · "),
                    addHref: "/guides/add?example=\(example.uid)&foundation=\(gap.foundation)")
            }
            return Gap(
                name: gap.name, rating: gap.rating?.label ?? "Not rated", href: "\(base)/foundations/\(gap.foundation)", suggestions: suggestions,
                hasSuggestions: !suggestions.isEmpty)
        }
    }
}

/// The editions page: the chart of ratings, the editions with their downloads, saving an edition and comparing two.
struct GuideEditionsPageView {
    var overviewHref: String
    var action: String
    var compareAction: String
    var csrf: String
    var title: String
    var editions: [Edition]
    var hasEditions: Bool
    var canCompare: Bool
    var chartSVG: String
    var table: [ChartRow]
    var columns: [String]
    var fromOptions: [Option]
    var toOptions: [Option]
    var labelError: String?
    var notice: String
    var hasNotice: Bool

    struct Edition {
        var number: Int
        var label: String
        var saved: String
        var viewHref: String
        var htmlHref: String
        var docxHref: String
    }

    struct ChartRow {
        var name: String
        var cells: [String]
    }

    init(
        guide: GuideView, editions: [(entry: GuideEditionEntry, content: GuideContent)], base: String, viewBase: String, csrf: String,
        reference: ReferenceData, labelError: String?, notice: String?
    ) {
        (overviewHref, action, compareAction, self.csrf) = (base, "\(base)/editions", "\(base)/compare", csrf)
        title = guide.content.title
        self.editions = editions.map { saved in
            let number = saved.entry.number
            return Edition(
                number: number, label: saved.entry.label ?? "", saved: DateWords.dayAndTime(saved.entry.savedAt),
                viewHref: "\(viewBase)?edition=\(number)", htmlHref: "\(base)/export?format=html&edition=\(number)",
                docxHref: "\(base)/export?format=docx&edition=\(number)")
        }
        hasEditions = !editions.isEmpty
        canCompare = !editions.isEmpty
        var series = editions.map { GuideRatingChart.Series(label: "Edition \($0.entry.number)", content: $0.content) }
        series.append(GuideRatingChart.Series(label: "Now (not saved)", content: guide.content))
        let drawn = Array(series.suffix(GuideRatingChart.maximumEditions))
        chartSVG = GuideRatingChart.svg(drawn, foundations: reference.foundations)
        columns = drawn.map(\.label)
        table = reference.foundations.map { foundation in
            ChartRow(name: "\(foundation.number). \(foundation.name)", cells: drawn.map { $0.ratings[foundation.key]?.label ?? "Not rated" })
        }
        let numbers = editions.map(\.entry.number)
        fromOptions = numbers.map {
            Option(value: String($0), label: "Edition \($0)", selected: $0 == (numbers.count > 1 ? numbers[numbers.count - 2] : numbers.last))
        }
        toOptions =
            numbers.map { Option(value: String($0), label: "Edition \($0)", selected: numbers.count > 1 && $0 == numbers.last) }
            + [Option(value: "current", label: "Now (not saved)", selected: numbers.count <= 1)]
        self.labelError = labelError
        self.notice = notice ?? ""
        hasNotice = notice != nil
    }
}

/// The comparison of two editions, side by side per foundation.
struct GuideComparePageView {
    var overviewHref: String
    var editionsHref: String
    var title: String
    var heading: String
    var fromLabel: String
    var toLabel: String
    var rows: [Row]
    var hasChanges: Bool

    struct Row {
        var name: String
        var before: String
        var after: String
        var moved: String
        var actionsAdded: [String]
        var actionsDone: [String]
        var examplesAdded: [String]
        var examplesRemoved: [String]
    }

    init(_ comparison: GuideComparison, guide: GuideView, base: String, titles: [String: String]) {
        (overviewHref, editionsHref, title) = (base, "\(base)/editions", guide.content.title)
        fromLabel = "Edition \(comparison.from)"
        toLabel = comparison.to.map { "Edition \($0)" } ?? "Now (not saved)"
        heading = "\(fromLabel) compared with \(toLabel.prefix(1).lowercased() + toLabel.dropFirst())"
        let name = { (uid: String) in titles[uid] ?? "An example no longer published" }
        rows = comparison.foundations.map { change in
            let moved: String =
                switch (change.ratingFrom?.level, change.ratingTo?.level) {
                case let (from?, to?) where to > from: "Up \(to - from)"
                case let (from?, to?) where to < from: "Down \(from - to)"
                case (nil, _?): "Newly rated"
                case (_?, nil): "Rating removed"
                default: "No change"
                }
            return Row(
                name: change.name, before: change.ratingFrom?.label ?? "Not rated", after: change.ratingTo?.label ?? "Not rated", moved: moved,
                actionsAdded: change.actionsAdded, actionsDone: change.actionsDone, examplesAdded: change.examplesAdded.map(name),
                examplesRemoved: change.examplesRemoved.map(name))
        }
        hasChanges = !rows.isEmpty
    }
}

/// The read-only view a share link opens, and the editors' view of a saved edition: the guide as its export
/// shows it, with the downloads.
struct GuideReadPageView {
    var guide: LocalGuidePageView
    var downloads: [Download]

    struct Download {
        var href: String
        var label: String
    }

    init(_ view: GuideView, exportBase: String) {
        guide = LocalGuidePageView(view, allFoundations: false)
        let edition = view.edition.map { "&edition=\($0.number)" } ?? ""
        downloads = [
            Download(href: "\(exportBase)?format=html\(edition)&all_foundations=true", label: "Printable page (HTML), all ten foundations"),
            Download(href: "\(exportBase)?format=docx\(edition)&all_foundations=true", label: "Word document"),
            Download(href: "\(exportBase)?format=markdown\(edition)", label: "Markdown"),
            Download(href: "\(exportBase)?format=json\(edition)", label: "JSON, to make a copy of the guide")
        ]
    }
}

/// Confirming a guide's deletion, and the page after it.
struct GuideDeletePageView {
    var title: String
    var action: String
    var overviewHref: String
    var csrf: String
    var deleted: Bool
}

/// "Add to my guide": the example, the foundation to add it under and the team's note.
struct GuideAddPageView {
    var exampleTitle: String
    var exampleHref: String
    var exampleUID: String
    var hasGuide: Bool
    var guideTitle: String
    var foundations: [Option]
    var note: TextField
    var csrf: String

    init(example: StoredExample, guide: StoredGuide?, chosen: String?, note: TextField, csrf: String, reference: ReferenceData) {
        (exampleTitle, exampleHref, exampleUID) = (example.example.title, "/examples/\(example.id)", example.example.uid ?? String(example.id))
        hasGuide = guide != nil
        guideTitle = guide?.content.title ?? ""
        let own = example.example.foundations
        let selected = chosen.flatMap(reference.foundationKey) ?? own.first
        // The example's own foundations first, then the rest, in the guide's order.
        let ordered = reference.foundations.filter { own.contains($0.key) } + reference.foundations.filter { !own.contains($0.key) }
        foundations = ordered.map { Option(value: $0.key, label: "\($0.number). \($0.name)", selected: $0.key == selected) }
        self.note = note
        self.csrf = csrf
    }
}
