import CasebookKit
import Foundation

/// What a person typed into the submission form, kept exactly as typed so the form can show it again.
struct SubmissionInput {
    var title = ""
    var summary = ""
    var body = ""
    var foundations: [String] = []
    var ambitions: [String] = []
    var organisationName = ""
    var organisationType = ""
    var region = ""
    var evidence = ""
    /// The sections as typed, one box each; an empty box is left out.
    var sections: [SectionKind: String] = [:]
    var outcomeMeasures: [String] = []
    var workStatus = ""
    var licence = ""
    /// The month the work started, 1 to 12 or blank, and its year.
    var startedMonth = ""
    var startedYear = ""
    var keywords = ""
    var links = ""
    var contactName = ""
    var contactEmail = ""
    var contactPublic = false
    /// Where the receipt and the decision go; asked for on a new submission only, never shown again.
    var submitterEmail = ""

    init() {}

    /// The fields of a posted form.
    init(_ form: FormFields) {
        (title, summary, body) = (form.text("title") ?? "", form.text("summary") ?? "", form.text("body") ?? "")
        (foundations, ambitions) = (form.all("foundations"), form.all("ambitions"))
        (organisationName, organisationType) = (form.text("organisation-name") ?? "", form.text("organisation-type") ?? "")
        (region, evidence) = (form.text("region") ?? "", form.text("evidence") ?? "")
        for kind in SectionKind.allCases { sections[kind] = form.text(Self.sectionField(kind)) }
        (outcomeMeasures, workStatus, licence) = (form.all("outcome-measures"), form.text("work-status") ?? "", form.text("licence") ?? "")
        (startedMonth, startedYear) = (form.text("started") ?? "", form.text("started-year") ?? "")
        (keywords, links) = (form.text("keywords") ?? "", form.text("links") ?? "")
        (contactName, contactEmail) = (form.text("contact-name") ?? "", form.text("contact-email") ?? "")
        contactPublic = form.text("contact-public") == "yes"
        submitterEmail = form.text("submitter-email") ?? ""
    }

    /// The form filled in from a stored example, for a revision.
    init(_ example: Example) {
        (title, summary, body) = (example.title, example.summary, example.body)
        (foundations, ambitions) = (example.foundations, example.ambitions)
        (organisationName, organisationType) = (example.organisation.name, example.organisation.type.rawValue)
        (region, evidence) = (example.region?.rawValue ?? "", example.evidence.rawValue)
        for (kind, text) in example.sections.ordered { sections[kind] = text }
        outcomeMeasures = example.outcomeMeasures.map(\.rawValue)
        (workStatus, licence) = (example.workStatus.rawValue, example.licence.rawValue)
        (startedMonth, startedYear) = MonthText.parts(of: example.started ?? "")
        keywords = example.keywords.joined(separator: ", ")
        links = example.links.map(\.url).joined(separator: "\n")
        (contactName, contactEmail) = (example.contact?.name ?? "", example.contact?.email ?? "")
        contactPublic = example.contact?.isPublic ?? false
    }

    /// The form field of one section's box: `sections-what-we-did`.
    static func sectionField(_ kind: SectionKind) -> String {
        "sections-" + kind.rawValue.replacingOccurrences(of: "_", with: "-")
    }

    /// The example the form describes, validated exactly as an API submission is.
    func example(reference: ReferenceData) throws(InvalidInput) -> Example {
        try ExampleDecoder(reference: reference, source: .submission).decode(interchange)
    }

    /// A new submission: the example and the address for its mail, validated as the API does.
    func submission(reference: ReferenceData) throws(InvalidInput) -> NewSubmission {
        var document = interchange
        let email = submitterEmail.trimmingCharacters(in: .whitespaces)
        if case .object(var object) = document, !email.isEmpty {
            object["submitter_email"] = .string(email)
            document = .object(object)
        }
        return try ExampleDecoder(reference: reference, source: .submission).decodeSubmission(document)
    }

    /// The form as an interchange document; blank optional fields are left out.
    var interchange: JSONValue {
        var object: [String: JSONValue] = [
            "title": .string(title), "summary": .string(summary), "body": .string(body),
            "foundations": .array(foundations.map(JSONValue.string)), "ambitions": .array(ambitions.map(JSONValue.string)),
            "outcome_measures": .array(outcomeMeasures.map(JSONValue.string))
        ]
        let written = sections.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if !written.isEmpty { object["sections"] = .object(Dictionary(uniqueKeysWithValues: written.map { ($0.key.rawValue, .string($0.value)) })) }
        var organisation: [String: JSONValue] = ["name": .string(organisationName)]
        if !organisationType.isEmpty { organisation["type"] = .string(organisationType) }
        object["organisation"] = .object(organisation)
        let started = MonthText.interchange(month: startedMonth, year: startedYear)
        for (name, value) in [("region", region), ("evidence", evidence), ("work_status", workStatus), ("licence", licence), ("started", started)]
        where !value.isEmpty { object[name] = .string(value) }
        let keywordList = keywords.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if !keywordList.isEmpty { object["keywords"] = .array(keywordList.map(JSONValue.string)) }
        let linkList = links.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !linkList.isEmpty { object["links"] = .array(linkList.map { .object(["url": .string($0)]) }) }
        if let contact { object["contact"] = .object(contact) }
        return .object(object)
    }

    private var contact: [String: JSONValue]? {
        let name = contactName.trimmingCharacters(in: .whitespaces), email = contactEmail.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty || !email.isEmpty || contactPublic else { return nil }
        var contact: [String: JSONValue] = ["public": .bool(contactPublic)]
        if !name.isEmpty { contact["name"] = .string(name) }
        if !email.isEmpty { contact["email"] = .string(email) }
        return contact
    }
}
