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
    var foundations: ChoiceGroup
    var ambitions: ChoiceGroup
    var organisationTypes: SelectField
    var regions: SelectField
    var evidence: SelectField
    var contactPublic: Bool
    /// Whether the form asks for an address for mail: on a new submission, not on a revision.
    var asksForMailAddress: Bool
    /// What screening found in the text, worded for the submitter, before the form accepts it.
    var warnings: [String] = [] { didSet { hasWarnings = !warnings.isEmpty } }
    var hasWarnings = false

    static let identifierNames: [ScreeningFlag.Kind: String] = [
        .nhsNumber: "an NHS number", .dateOfBirth: "a date of birth", .phone: "a phone number",
        .email: "an email address", .postcode: "a postcode"
    ]

    /// One warning per possible identifier in the example's text.
    static func warnings(for example: Example) -> [String] {
        Screener().screen(example).map { flag in
            let field = labels.first { $0.id == fieldID(flag.field) }?.label ?? flag.field
            let kind = identifierNames[flag.kind] ?? "an identifier"
            return "\(field): \(flag.detail) looks like \(kind); remove it, or confirm it is not about a patient."
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
    static let labels: [(id: String, label: String)] = [
        ("title", "Title"), ("summary", "Summary"), ("body", "Description"), ("foundations", "Foundations"),
        ("ambitions", "Ambitions"), ("organisation-name", "Organisation name"), ("organisation-type", "Type of organisation"),
        ("region", "Region"), ("evidence", "Evidence"), ("started", "When it started"), ("keywords", "Keywords"),
        ("links", "Web links"), ("contact-name", "Contact name"), ("contact-email", "Contact email address"),
        ("contact-public", "Show the contact publicly"), ("submitter-email", "Email address for updates")
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
        "contact-email": FormSubject("an email address"), "contact-public": FormSubject("whether to show the contact", chosen: true)
    ]

    /// How the form asks for one entry of a list field: `keywords[2]` is one keyword, `links[0].url` one address.
    static let entrySubjects: [String: FormSubject] = [
        "keywords": FormSubject("each keyword"), "links": FormSubject("a web address")
    ]

    init(input: SubmissionInput, errors: [FieldError], reference: ReferenceData, action: String, submitLabel: String, csrf: String) {
        let messages = Self.messages(errors)
        (self.action, self.submitLabel, self.csrf) = (action, submitLabel, csrf)
        errorSummary = Self.labels.compactMap { field in messages[field.id].map { FormError(href: "#\(field.id)", message: $0) } }
        hasErrors = !errorSummary.isEmpty
        let texts: [(String, String)] = [
            ("title", input.title), ("summary", input.summary), ("body", input.body), ("organisation-name", input.organisationName),
            ("started", input.started), ("keywords", input.keywords), ("links", input.links),
            ("contact-name", input.contactName), ("contact-email", input.contactEmail), ("submitter-email", input.submitterEmail)
        ]
        fields = Dictionary(uniqueKeysWithValues: texts.map { ($0.0, TextField(value: $0.1, error: messages[$0.0])) })
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
        let labels = reference.labels
        organisationTypes = Self.select(labels.organisationType, chosen: input.organisationType, error: messages["organisation-type"])
        regions = Self.select(labels.region, chosen: input.region, error: messages["region"])
        evidence = Self.select(labels.evidence, chosen: input.evidence, error: messages["evidence"])
        contactPublic = input.contactPublic
        asksForMailAddress = action == "/submit"
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
        let base = String(field.prefix { $0 != "[" }).replacingOccurrences(of: ".", with: "-")
        switch base {
        case "organisation": return "organisation-name"
        case "contact": return "contact-name"
        case "submitter_email": return "submitter-email"
        case "": return "title"
        default: return labels.contains { $0.id == base } ? base : "title"
        }
    }
}
