import CasebookKit

/// A published adoption report on an example's page: who tried it, where, what they adapted and what happened.
struct AdoptionCard {
    var organisation: String
    var details: String
    var whatWeAdapted: String
    var whatHappened: String
    var hasWhatHappened: Bool
    var contact: String
    var hasContact: Bool

    init(_ adoption: PublicAdoption, reference: ReferenceData) {
        let labels = reference.labels
        organisation = adoption.organisation.name
        details = [
            VocabularyLabels.label(adoption.organisation.type.rawValue, in: labels.organisationType),
            VocabularyLabels.label(adoption.region?.rawValue, in: labels.region),
            adoption.evidence == .notEvaluated ? "" : VocabularyLabels.label(adoption.evidence.rawValue, in: labels.evidence),
            adoption.publishedAt.map { "reported " + DateWords.day($0) } ?? ""
        ].filter { !$0.isEmpty }.joined(separator: " · ")
        (whatWeAdapted, whatHappened, hasWhatHappened) = (adoption.whatWeAdapted, adoption.whatHappened, !adoption.whatHappened.isEmpty)
        contact = [adoption.contact?.name, adoption.contact?.email].compactMap { $0 }.joined(separator: ", ")
        hasContact = !contact.isEmpty
    }

}

/// The short "we tried this too" form on an example's page; on an error it keeps every field and names
/// each problem in words a reader uses.
struct AdoptionFormView {
    var action: String
    var csrf: String
    /// Open when it is shown again with errors.
    var open: Bool
    var organisationName: Field
    var whatWeAdapted: Field
    var whatHappened: Field
    var organisationTypes: [SubmissionFormView.Option]
    var regions: [SubmissionFormView.Option]
    var errorSummary: [ErrorLink]
    var hasErrors: Bool

    struct Field {
        var value: String
        var error: String?
    }

    struct ErrorLink {
        var href: String
        var message: String
    }

    /// The form's fields by id, with the words its errors use.
    static let fields: [(id: String, field: String, subject: String)] = [
        ("adoption-organisation-name", "organisation.name", "the name of your organisation"),
        ("adoption-what-we-adapted", "what_we_adapted", "what you adapted"),
        ("adoption-what-happened", "what_happened", "what happened"),
        ("adoption-organisation-type", "organisation.type", "the type of organisation"),
        ("adoption-region", "region", "the region")
    ]

    init(exampleID: Int64, input: FormFields? = nil, errors: [FieldError] = [], reference: ReferenceData, csrf: String) {
        action = "/examples/\(exampleID)/adoptions"
        self.csrf = csrf
        open = !errors.isEmpty
        func field(_ id: String) -> Field {
            let entry = Self.fields.first { $0.id == id }!
            let error = errors.first { $0.field == entry.field }.map { Self.message($0, subject: entry.subject) }
            return Field(value: input?.text(id) ?? "", error: error)
        }
        (organisationName, whatWeAdapted, whatHappened) = (field(Self.fields[0].id), field(Self.fields[1].id), field(Self.fields[2].id))
        let type = input?.text("adoption-organisation-type") ?? "", region = input?.text("adoption-region") ?? ""
        organisationTypes = reference.labels.organisationType.map { .init(value: $0.key, label: $0.label, selected: $0.key == type) }
        regions =
            [.init(value: "", label: "Choose a region", selected: region.isEmpty)]
            + reference.labels.region.map { .init(value: $0.key, label: $0.label, selected: $0.key == region) }
        errorSummary = Self.fields.compactMap { entry in
            errors.first { $0.field == entry.field }.map { ErrorLink(href: "#" + entry.id, message: Self.message($0, subject: entry.subject)) }
        }
        hasErrors = !errors.isEmpty
    }

    /// The report the form holds, as the API would read it.
    static func report(_ form: FormFields, reference: ReferenceData) throws(InvalidInput) -> AdoptionReport {
        var object: [String: JSONValue] = [
            "organisation": .object(["name": .string(form.trimmed("adoption-organisation-name")), "type": .string(form.trimmed("adoption-organisation-type"))]),
            "what_we_adapted": .string(form.trimmed("adoption-what-we-adapted")),
            "what_happened": .string(form.trimmed("adoption-what-happened"))
        ]
        if !form.trimmed("adoption-region").isEmpty { object["region"] = .string(form.trimmed("adoption-region")) }
        return try ExampleDecoder(reference: reference, source: .submission).decodeAdoption(.object(object))
    }

    /// A problem in plain words, from its kind: "Enter what you adapted".
    static func message(_ error: FieldError, subject: String) -> String {
        switch (error.kind, error.reason) {
        case (.required, _): "Enter \(subject)"
        case (.length, .length(let size)): "Write \(subject) in \(NumberText.grouped(size.least)) to \(NumberText.grouped(size.most)) characters"
        default: "Check \(subject)"
        }
    }
}
