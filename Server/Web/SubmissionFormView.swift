import CasebookKit

/// The submission form as a page shows it: every value as typed, an error summary linking to each bad
/// field, and each field's own error beside it, as the GOV.UK and NHS design systems do.
struct SubmissionFormView {
    var action: String
    var submitLabel: String
    var csrf: String
    var errorSummary: [FormError]
    var hasErrors: Bool
    var fields: [String: TextField]
    /// One box per section, in the order an example is read, each with its prompt.
    var sections: [SectionBox]
    /// Whether to show the single description box: only when revising an older example that has one.
    var showsBody: Bool
    var foundations: ChoiceGroup
    var ambitions: ChoiceGroup
    var outcomeMeasures: ChoiceGroup
    var workStatuses: ChoiceGroup
    var licences: ChoiceGroup
    var organisationTypes: SelectField
    var regions: SelectField
    var evidence: SelectField
    var startedMonths: SelectField
    var contactPublic: Bool
    /// Whether the form asks for an address for mail: on a new submission, not on a revision.
    var asksForMailAddress: Bool
    /// What screening found in the text, worded for the submitter, before the form accepts it.
    var warnings: [String] = [] { didSet { hasWarnings = !warnings.isEmpty } }
    var hasWarnings = false
    /// The example as it will be published, on the preview step; nil before.
    var preview: ExampleArticle? { didSet { previewed = preview != nil } }
    var previewed = false

    /// The preview of an example inside the form's page, its title below the page's own heading.
    static func preview(of example: Example, reference: ReferenceData) -> ExampleArticle {
        ExampleArticle(page: example, id: 0, reference: reference, headingLevel: 3, links: ExamplePageView.links)
    }

    /// One warning per possible identifier in the example's text.
    static func warnings(for example: Example) -> [String] {
        Screener().screen(example).map { flag in
            let field = labels.first { $0.id == fieldID(flag.field) }?.label ?? flag.field
            return "\(field): \(flag.detail) looks like \(flag.kind.words); remove it, or confirm it is not about a patient."
        }
    }

    /// One error in the summary: a link to the field and what to fix.
    struct FormError {
        var href: String
        var message: String
    }

    struct TextField {
        var value: String
        var error: String?
    }

    /// The box for one section: its field id, label, prompt and what was typed.
    struct SectionBox {
        var id: String
        var label: String
        var prompt: String
        var value: String
        var error: String?
    }

    struct ChoiceGroup {
        var error: String?
        var choices: [Choice]
    }

    struct Choice {
        var id: String
        var value: String
        var label: String
        var hint: String
        var checked: Bool
    }

    struct SelectField {
        var error: String?
        var options: [Option]
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    /// The fields in the order the form shows them, with the labels errors name them by.
    static let labels: [(id: String, label: String)] =
        [("title", "Title"), ("summary", "Summary")]
        + SectionKind.allCases.map { (SubmissionInput.sectionField($0), sectionLabels[$0] ?? $0.rawValue) }
        + [
            ("body", "Description"), ("foundations", "Foundations"), ("ambitions", "Ambitions"),
            ("outcome-measures", "Outcome measures"), ("work-status", "Where the work stands"),
            ("organisation-name", "Organisation name"), ("organisation-type", "Type of organisation"),
            ("region", "Region"), ("evidence", "Evidence"), ("started", "When it started"), ("keywords", "Keywords"),
            ("links", "Web links"), ("licence", "Licence"), ("contact-name", "Contact name"),
            ("contact-email", "Contact email address"), ("contact-public", "Show the contact publicly"),
            ("submitter-email", "Email address for updates")
        ]

    /// The sections' labels as the form asks for them, written as the submitter would say them.
    static let sectionLabels: [SectionKind: String] = [
        .context: "The context", .whatWeDid: "What you did", .outcomes: "Outcomes", .learning: "What you learnt",
        .whatDidNotWork: "What did not work", .resources: "What it took", .nextSteps: "Next steps"
    ]

    /// How the form asks for each field, which its errors are worded from (`FieldError.worded(for:)`).
    static let subjects: [String: FormSubject] = [
        "title": FormSubject("a title"), "summary": FormSubject("a summary"), "body": FormSubject("a description"),
        "foundations": FormSubject("at least one foundation", chosen: true), "ambitions": FormSubject("ambitions", chosen: true),
        "organisation-name": FormSubject("the name of your organisation"),
        "organisation-type": FormSubject("a type of organisation", chosen: true), "region": FormSubject("a region", chosen: true),
        "evidence": FormSubject("how far the outcomes have been evaluated", chosen: true),
        "started": FormSubject("the month and year the work started"), "keywords": FormSubject("keywords, separated by commas"),
        "links": FormSubject("web addresses, one on each line"), "contact-name": FormSubject("a contact name"),
        "contact-email": FormSubject("an email address"), "contact-public": FormSubject("whether to show the contact", chosen: true),
        "outcome-measures": FormSubject("outcome measures", chosen: true),
        "work-status": FormSubject("where the work stands", chosen: true), "licence": FormSubject("a licence", chosen: true),
        "submitter-email": FormSubject("an email address for updates"),
        "sections-context": FormSubject("the context"), "sections-what-we-did": FormSubject("what you did"),
        "sections-outcomes": FormSubject("the outcomes"), "sections-learning": FormSubject("what you learnt"),
        "sections-what-did-not-work": FormSubject("what did not work"), "sections-resources": FormSubject("what it took"),
        "sections-next-steps": FormSubject("the next steps")
    ]

    /// How the form asks for one entry of a list field: `keywords[2]` is one keyword, `links[0].url` one address.
    static let entrySubjects: [String: FormSubject] = [
        "keywords": FormSubject("each keyword"), "links": FormSubject("a web address"),
        "outcome-measures": FormSubject("outcome measures from the list", chosen: true)
    ]

    init(input: SubmissionInput, errors: [FieldError], reference: ReferenceData, action: String, submitLabel: String, csrf: String) {
        let messages = Self.messages(errors)
        (self.action, self.submitLabel, self.csrf) = (action, submitLabel, csrf)
        errorSummary = Self.labels.compactMap { field in messages[field.id].map { FormError(href: "#\(field.id)", message: $0) } }
        hasErrors = !errorSummary.isEmpty
        let texts: [(String, String)] = [
            ("title", input.title), ("summary", input.summary), ("body", input.body), ("organisation-name", input.organisationName),
            ("started-year", input.startedYear), ("keywords", input.keywords), ("links", input.links),
            ("contact-name", input.contactName), ("contact-email", input.contactEmail), ("submitter-email", input.submitterEmail)
        ]
        fields = Dictionary(uniqueKeysWithValues: texts.map { ($0.0, TextField(value: $0.1, error: messages[$0.0])) })
        fields["started-year"]?.error = messages["started"]
        let labels = reference.labels
        sections = SectionKind.allCases.map { kind in
            let id = SubmissionInput.sectionField(kind)
            return SectionBox(
                id: id, label: Self.sectionLabels[kind] ?? kind.rawValue,
                prompt: labels.section.first { $0.key == kind.rawValue }?.hint ?? "", value: input.sections[kind] ?? "", error: messages[id])
        }
        showsBody = !input.body.isEmpty || messages["body"] != nil
        foundations = ChoiceGroup(
            error: messages["foundations"],
            choices: reference.foundations.map {
                Choice(
                    id: $0.number == 1 ? "foundations" : "foundations-\($0.number)", value: $0.key, label: $0.name,
                    hint: $0.description, checked: input.foundations.contains($0.key))
            })
        ambitions = ChoiceGroup(
            error: messages["ambitions"],
            choices: reference.ambitions.map {
                Choice(
                    id: $0.number == 1 ? "ambitions" : "ambitions-\($0.number)", value: $0.key, label: $0.name,
                    hint: "", checked: input.ambitions.contains($0.key))
            })
        outcomeMeasures = Self.choices(labels.outcomeMeasure, field: "outcome-measures", chosen: input.outcomeMeasures, error: messages["outcome-measures"])
        workStatuses = Self.choices(
            labels.workStatus, field: "work-status", chosen: [input.workStatus.isEmpty ? WorkStatus.running.rawValue : input.workStatus],
            error: messages["work-status"])
        licences = Self.choices(
            labels.licence, field: "licence", chosen: [input.licence.isEmpty ? Licence.ccBy.rawValue : input.licence], error: messages["licence"])
        startedMonths = SelectField(
            error: messages["started"],
            options: [Option(value: "", label: "Month not given", selected: input.startedMonth.isEmpty)]
                + DateWords.months.enumerated().map { Option(value: String($0 + 1), label: $1, selected: input.startedMonth == String($0 + 1)) })
        organisationTypes = Self.select(labels.organisationType, chosen: input.organisationType, error: messages["organisation-type"])
        regions = Self.select(labels.region, chosen: input.region, error: messages["region"])
        evidence = Self.select(labels.evidence, chosen: input.evidence, error: messages["evidence"])
        contactPublic = input.contactPublic
        asksForMailAddress = action == "/submit"
    }

    /// Checkboxes or radios for a vocabulary: the first takes the field's id, so the error summary links to it.
    private static func choices(_ entries: [VocabularyEntry], field: String, chosen: [String], error: String?) -> ChoiceGroup {
        ChoiceGroup(
            error: error,
            choices: entries.enumerated().map { index, entry in
                Choice(id: index == 0 ? field : "\(field)-\(index + 1)", value: entry.key, label: entry.label, hint: "", checked: chosen.contains(entry.key))
            })
    }

    private static func select(_ entries: [VocabularyEntry], chosen: String, error: String?) -> SelectField {
        SelectField(
            error: error,
            options: [Option(value: "", label: "Not given", selected: chosen.isEmpty)]
                + entries.map { Option(value: $0.key, label: $0.label, selected: $0.key == chosen) })
    }

    /// The first error of each form field, worded for a person as an instruction (never starting with the label,
    /// which the page shows just above it).
    static func messages(_ errors: [FieldError]) -> [String: String] {
        var messages: [String: String] = [:]
        for error in errors {
            let id = fieldID(error.field)
            if messages[id] == nil { messages[id] = sentence(error) }
        }
        return messages
    }

    /// One error worded for a person at the form.
    static func sentence(_ error: FieldError) -> String {
        let id = fieldID(error.field)
        let isEntry = error.field.contains("[")
        let subject = (isEntry ? entrySubjects[id] : nil) ?? subjects[id] ?? FormSubject("a value")
        return error.worded(for: .form(subject))
    }

    /// The form field an interchange field is typed into: `organisation.name` is `organisation-name`,
    /// `links[2].url` is `links`.
    static func fieldID(_ field: String) -> String {
        let base = String(field.prefix { $0 != "[" }).replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-")
        switch base {
        case "organisation": return "organisation-name"
        case "contact": return "contact-name"
        case "": return "title"
        default: return labels.contains { $0.id == base } ? base : "title"
        }
    }
}
