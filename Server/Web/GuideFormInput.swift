import CasebookKit
import Foundation

/// What a team typed into a guide's details form (new guide, or its details later), kept as typed so that a
/// validation error shows the form again with every field as it was.
struct GuideDetailsInput {
    var title = ""
    var area = ""
    var introduction = ""
    var meetingDate = ""
    var region = ""
    var organisationTypes: [String] = []
    var contactName = ""
    var contactRole = ""
    var contactEmail = ""
    var contactPhone = ""

    init() {}

    /// The fields of a posted form.
    init(_ form: FormFields) {
        (title, area, introduction) = (form.text("title") ?? "", form.text("area") ?? "", form.text("introduction") ?? "")
        (meetingDate, region, organisationTypes) = (form.text("meeting-date") ?? "", form.text("region") ?? "", form.all("organisation-types"))
        (contactName, contactRole) = (form.text("contact-name") ?? "", form.text("contact-role") ?? "")
        (contactEmail, contactPhone) = (form.text("contact-email") ?? "", form.text("contact-phone") ?? "")
    }

    /// The form filled in from a stored guide.
    init(_ content: GuideContent) {
        (title, area, introduction, meetingDate) = (content.title, content.area, content.introduction, content.meetingDate ?? "")
        (region, organisationTypes) = (content.region?.rawValue ?? "", content.organisationTypes.map(\.rawValue))
        let contact = content.contact ?? GuideContact()
        (contactName, contactRole, contactEmail, contactPhone) = (contact.name ?? "", contact.role ?? "", contact.email ?? "", contact.phone ?? "")
    }

    /// The details as a guide document without foundations, read by the one guide reader, so that the form
    /// and the API refuse the same things with the same field names.
    func content(reference: ReferenceData) throws(InvalidInput) -> GuideContent {
        var document: [String: JSONValue] = [
            "title": .string(title), "area": .string(area), "introduction": .string(introduction), "meeting_date": .string(meetingDate),
            "organisation_types": .array(organisationTypes.map(JSONValue.string)),
            "contact": .object([
                "name": .string(contactName), "role": .string(contactRole), "email": .string(contactEmail), "phone": .string(contactPhone)
            ])
        ]
        if !region.isEmpty { document["region"] = .string(region) }
        return try GuideReader(reference: reference).read(.object(document))
    }
}

/// What a team typed into one foundation's page: the rating, an answer per prompt, notes, the action rows and
/// the notes on chosen examples. Rows left blank are ignored; a row marked for removal is dropped.
struct GuideFoundationInput {
    /// How many empty action rows the page offers below the team's own.
    static let blankActionRows = 3

    var key: String
    var rating = ""
    var answers: [String]
    var notes = ""
    var actions: [ActionRow] = []
    var examples: [ExampleRow] = []

    struct ActionRow {
        var what = "", owner = "", due = ""
        var done = false, remove = false
        var isBlank: Bool { what.trimmed.isEmpty && owner.trimmed.isEmpty && due.trimmed.isEmpty && !done }
    }

    struct ExampleRow {
        var uid: String
        var note: String
        var remove = false
    }

    /// The page filled in from the guide's entry, with the chosen examples still published.
    init(_ item: GuideFoundationView) {
        key = item.foundation.key
        rating = item.entry.rating?.rawValue ?? ""
        answers = item.foundation.prompts.indices.map(item.entry.answer)
        notes = item.entry.notes
        actions = item.entry.actions.map { ActionRow(what: $0.what, owner: $0.owner ?? "", due: $0.due ?? "", done: $0.done) }
        examples = item.examples.map { ExampleRow(uid: $0.uid, note: $0.note ?? "") }
    }

    /// The fields of a posted form for the foundation `key` with `prompts` prompts.
    init(_ form: FormFields, key: String, prompts: Int) {
        self.key = key
        rating = form.text("rating") ?? ""
        answers = (0..<prompts).map { form.text("answer-\($0)") ?? "" }
        notes = form.text("notes") ?? ""
        let actionRows = min(Int(form.text("action-rows") ?? "") ?? 0, 30 + Self.blankActionRows)
        actions = (0..<actionRows).map { index in
            ActionRow(
                what: form.text("action-\(index)-what") ?? "", owner: form.text("action-\(index)-owner") ?? "",
                due: form.text("action-\(index)-due") ?? "", done: form.text("action-\(index)-done") == "yes",
                remove: form.text("action-\(index)-remove") == "yes")
        }
        let exampleRows = min(Int(form.text("example-rows") ?? "") ?? 0, 30)
        examples = (0..<exampleRows).compactMap { index in
            guard let uid = form.text("example-\(index)-uid"), !uid.isEmpty else { return nil }
            return ExampleRow(uid: uid, note: form.text("example-\(index)-note") ?? "", remove: form.text("example-\(index)-remove") == "yes")
        }
    }

    /// The foundation's entry, read by the guide reader; errors name the form's own fields (`action-2-what`).
    func entry(title: String, reference: ReferenceData) throws(InvalidInput) -> GuideFoundationEntry {
        let keptActions = actions.indices.filter { !actions[$0].isBlank && !actions[$0].remove }
        let keptExamples = examples.indices.filter { !examples[$0].remove }
        var entry: [String: JSONValue] = [
            "foundation": .string(key), "answers": .array(answers.map(JSONValue.string)), "notes": .string(notes),
            "actions": .array(
                keptActions.map { index in
                    let row = actions[index]
                    return .object(["what": .string(row.what), "owner": .string(row.owner), "due": .string(row.due), "done": .bool(row.done)])
                }),
            "examples": .array(keptExamples.map { .object(["example": .string(examples[$0].uid), "note": .string(examples[$0].note)]) })
        ]
        if !rating.isEmpty { entry["rating"] = .string(rating) }
        do {
            let content = try GuideReader(reference: reference).read(.object(["title": .string(title), "foundations": .array([.object(entry)])]))
            return content.foundations.first ?? GuideFoundationEntry(foundation: key)
        } catch {
            throw InvalidInput(error.errors.map { Self.formError($0, actions: keptActions, examples: keptExamples) })
        }
    }

    /// An error of the one-entry document placed on the form's field: `foundations[0].actions[1].what` is the
    /// `what` box of the second action row kept, wherever that row is on the page.
    static func formError(_ error: FieldError, actions: [Int], examples: [Int]) -> FieldError {
        var field = error.field.replacingOccurrences(of: "foundations[0].", with: "")
        for (name, rows) in [("actions", actions), ("examples", examples)] {
            guard field.hasPrefix(name + "["), let close = field.firstIndex(of: "]"),
                let index = Int(field[field.index(field.startIndex, offsetBy: name.count + 1)..<close]), rows.indices.contains(index)
            else { continue }
            let rest = field[field.index(after: close)...].replacingOccurrences(of: ".", with: "-")
            field = "\(name == "actions" ? "action" : "example")-\(rows[index])\(rest.isEmpty ? (name == "actions" ? "-what" : "-note") : rest)"
        }
        if field.hasPrefix("answers["), let close = field.firstIndex(of: "]") { field = "answer-" + field.dropFirst(8).prefix(upTo: close) }
        var placed = error
        placed.field = field
        return placed
    }
}
