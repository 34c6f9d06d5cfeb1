import CasebookKit

/// A screening flag as moderators read it.
struct FlagView {
    var kind: String
    var field: String
    var detail: String

    static let kinds: [ScreeningFlag.Kind: String] = [
        .nhsNumber: "Possible NHS number", .dateOfBirth: "Possible date of birth", .phone: "Phone number",
        .email: "Email address", .postcode: "Postcode", .possibleDuplicate: "Possible duplicate"
    ]

    init(_ flag: ScreeningFlag) {
        (kind, field, detail) = (Self.kinds[flag.kind] ?? flag.kind.rawValue, flag.field, flag.detail)
    }
}

/// `/moderate`: one section of the queue, with every section's count and paging.
struct QueueView {
    var moderator: String
    var decided: Int64?
    var confirmed: Int64?
    /// After a decision on an adoption report: what happened, in words.
    var adoptionNotice: String?
    var sections: [Section]
    var heading: String
    var explanation: String
    var items: [Row]
    var paging: Paging?
    var isReviewDue: Bool
    var csrf: String

    struct Section {
        var href: String
        var label: String
        var count: Int
        var current: Bool
    }

    struct Paging {
        var summary: String
        var previous: String?
        var next: String?
    }

    struct Row {
        var href: String
        var id: Int64
        var title: String
        var status: String
        var submitted: String
        var reviewDue: String?
        var overdue: String?
        var flagCount: String?
        var flags: [FlagView]
        var confirmAction: String?
        /// For an adoption report: its text and the decision forms.
        var adoption: AdoptionDecision?
    }

    /// An adoption report in the queue: what the other team wrote, and approve or reject.
    struct AdoptionDecision {
        var exampleHref: String
        var whatWeAdapted: String
        var whatHappened: String
        var action: String
        var flagged: Bool
    }

    static let sectionLabels: [QueueSection: (label: String, explanation: String)] = [
        .new: ("New", "New submissions waiting for a decision, oldest first."),
        .resubmitted: ("Changed by the submitter", "Submissions the submitter changed after you asked, oldest first."),
        .changesRequested: ("Waiting for the submitter", "You asked for changes; these wait for the submitter. Nothing to do unless they are stuck."),
        .reviewDue: ("Review due", "Published examples past their review date, most overdue first. Check each is still current."),
        .adoptions: ("Tried elsewhere", "Reports from other teams that tried a published example, oldest first. Check for identifiers before approving.")
    ]

    static let pageSize = 20

    init(
        page: QueuePage, section: QueueSection, offset: Int, moderator: String, decided: Int64?, confirmed: Int64?,
        reference: ReferenceData, csrf: String, adoptions: [Int64: StoredAdoption] = [:]
    ) {
        (self.moderator, self.decided, self.confirmed, self.csrf) = (moderator, decided, confirmed, csrf)
        sections = QueueSection.allCases.map { candidate in
            Section(
                href: "/moderate?section=\(candidate.rawValue)", label: Self.sectionLabels[candidate]?.label ?? candidate.rawValue,
                count: page.counts[candidate.rawValue] ?? 0, current: candidate == section)
        }
        heading = Self.sectionLabels[section]?.label ?? section.rawValue
        explanation = Self.sectionLabels[section]?.explanation ?? ""
        isReviewDue = section == .reviewDue
        items = page.items.map { item in
            Row(
                href: item.kind == .adoption ? "/examples/\(item.exampleID)" : "/moderate/examples/\(item.id)", id: item.id, title: item.title,
                status: VocabularyLabels.label(item.status.rawValue, in: reference.labels.status),
                submitted: DateWords.day(item.submittedAt), reviewDue: item.reviewDue.map(DateWords.day),
                overdue: item.daysOverdue.map(Self.overdue), flagCount: Self.flagCount(item.flags.count),
                flags: item.flags.map(FlagView.init),
                confirmAction: section == .reviewDue ? "/moderate/examples/\(item.id)/confirm" : nil,
                adoption: item.kind == .adoption ? adoptions[item.id].map(Self.decision) : nil)
        }
        if page.total > Self.pageSize || offset > 0 {
            let pages = max(1, (page.total + Self.pageSize - 1) / Self.pageSize)
            let number = offset / Self.pageSize + 1
            let link = { (start: Int) in "/moderate?section=\(section.rawValue)&offset=\(start)" }
            paging = Paging(
                summary: "Page \(number) of \(pages)",
                previous: offset > 0 ? link(max(0, offset - Self.pageSize)) : nil,
                next: offset + Self.pageSize < page.total ? link(offset + Self.pageSize) : nil)
        }
    }

    private static func decision(_ stored: StoredAdoption) -> AdoptionDecision {
        AdoptionDecision(
            exampleHref: "/examples/\(stored.exampleID)", whatWeAdapted: stored.report.whatWeAdapted, whatHappened: stored.report.whatHappened,
            action: "/moderate/adoptions/\(stored.id)/decision", flagged: !stored.flags.isEmpty)
    }

    /// What the queue says after a decision on an adoption report, from the `adoption` and `problem` parameters.
    static func adoptionNotice(id: Int64?, problem: String?) -> String? {
        switch problem {
        case "note"?: return "To reject a report, say why in the note."
        case "flags"?: return "This report is flagged. Tick that you checked the flagged text, then approve it."
        case "state"?: return "That report has already been decided."
        default: return id.map { "Your decision on report \($0) is recorded." }
        }
    }

    /// "Flagged: 2 things to check", or nil.
    static func flagCount(_ count: Int) -> String? {
        count == 0 ? nil : count == 1 ? "Flagged: 1 thing to check" : "Flagged: \(count) things to check"
    }

    /// How long a review is overdue, in plain words.
    static func overdue(_ days: Int) -> String {
        switch days {
        case ..<1: return "Review due today"
        case 1: return "Review overdue by 1 day"
        case ..<60: return "Review overdue by \(days) days"
        case ..<730: return "Review overdue by \(days / 30) months"
        default: return "Review overdue by \(days / 365) years"
        }
    }
}

/// `/moderate/examples/{id}`: a submission beside its possible duplicates, its text with flags marked
/// and the changes since the previous version, the redaction form and the decision form.
struct ReviewView {
    var id: Int64
    var status: String
    var submitted: String
    var submission: ExamplePageView
    var privateContact: ExamplePageView.PublicContact?
    var flags: [FlagView]
    var hasFlags: Bool
    var texts: [TextField]
    var changes: Changes?
    var duplicates: [ExamplePageView]
    var history: [Event]
    var decisions: [SubmissionFormView.Choice]
    var hasDecisions: Bool
    var needsAcknowledgement: Bool
    var note: String
    var error: SubmissionFormView.FormError?
    var errors: Errors
    var csrf: String
    var action: String
    var edit: Edit?
    var confirm: Confirm?

    /// Which part of the page an error belongs to.
    struct Errors {
        var action: String?
        var note: String?
        var acknowledge: String?
        var edit: String?
    }

    /// One field of the text as submitted, with flagged spans marked (already escaped HTML).
    struct TextField {
        var label: String
        var html: String
    }

    /// What changed since the previous version, field by field (already escaped HTML).
    struct Changes {
        var from: Int
        var to: Int
        var fields: [TextField]
    }

    /// The redaction form, filled with the current text or with what the moderator typed.
    struct Edit {
        var action: String
        var title: String
        var summary: String
        var body: String
        /// The description box is shown only for an example that has one.
        var showsBody: Bool
        var sections: [Section]

        /// One section's box: the form field it posts and its label.
        struct Section {
            var name: String
            var label: String
            var value: String
        }

        init(action: String, text: EditedText, reference: ReferenceData) {
            (self.action, title, summary, body, showsBody) = (action, text.title, text.summary, text.body, !text.body.isEmpty)
            sections = SectionKind.allCases.map {
                Section(
                    name: SubmissionInput.sectionField($0), label: VocabularyLabels.label($0.rawValue, in: reference.labels.section),
                    value: text.sections[$0] ?? "")
            }
        }
    }

    /// The "still current" button for a published example.
    struct Confirm {
        var action: String
        var reviewDue: String
        var lastConfirmed: String?
    }

    struct Event {
        var at: String
        var actor: String
        var action: String
        var note: String?
    }

    static let decisionLabels: [ModerationAction: (String, String)] = [
        .approve: ("Approve and publish", "Anyone can then find it."),
        .requestChanges: ("Ask for changes", "The submitter reads your note on their private page and can change the example."),
        .reject: ("Reject", "It will not be published. Say why in the note."),
        .withdraw: ("Withdraw", "Take a published example out of the library. Say why in the note.")
    ]

    static let actionLabels = [
        "submit": "Sent for review", "import": "Imported", "revise": "Changed by the submitter", "edit": "Edited by a moderator",
        "approve": "Approved", "reject": "Rejected", "request-changes": "Changes requested", "withdraw": "Withdrawn",
        "acknowledge-flags": "Screening flags checked", "confirm-current": "Confirmed still current",
        "review-running": "Contact says still running", "review-changed": "Contact says it has changed",
        "review-stopped": "Contact says the work has stopped"
    ]

    init(
        stored: StoredExample, versions: [ExampleVersion], duplicates: [StoredExample], history: [ModerationEvent],
        reference: ReferenceData, csrf: String, error: SubmissionFormView.FormError?, note: String,
        action chosen: ModerationAction?, edited: EditedText? = nil
    ) {
        id = stored.id
        status = VocabularyLabels.label(stored.status.rawValue, in: reference.labels.status)
        submitted = DateWords.day(stored.submittedAt)
        submission = ExamplePageView(id: stored.id, example: stored.example, reference: reference, headingLevel: 3)
        privateContact = stored.example.contact.flatMap { $0.isPublic ? nil : ExamplePageView.PublicContact(name: $0.name, email: $0.email) }
        flags = stored.flags.map(FlagView.init)
        hasFlags = !flags.isEmpty
        let example = stored.example
        texts = Self.fields(example, reference: reference).filter { !$0.text.isEmpty }.map { TextField(label: $0.label, html: ReviewText.highlighted($0.text)) }
        if versions.count >= 2 {
            let previous = versions[versions.count - 2], current = versions[versions.count - 1]
            let fields = zip(Self.fields(previous.example, reference: reference), Self.fields(current.example, reference: reference)).compactMap { old, new in
                ReviewText.changes(from: old.text, to: new.text).map { TextField(label: new.label, html: $0) }
            }
            changes = Changes(from: previous.number, to: current.number, fields: fields)
        }
        self.duplicates = duplicates.map { ExamplePageView(id: $0.id, example: $0.example, reference: reference, headingLevel: 3) }
        self.history = history.reversed().map {
            Event(
                at: DateWords.dayAndTime($0.at),
                actor: $0.actor, action: Self.actionLabels[$0.action] ?? $0.action, note: $0.note)
        }
        let open = ModerationAction.decisions.filter { (try? StatusMachine.next(from: stored.status, by: $0)) != nil }
        decisions = open.enumerated().map { index, decision in
            let (label, hint) = Self.decisionLabels[decision] ?? (decision.rawValue, "")
            return .init(
                id: index == 0 ? "action" : "action-\(decision.rawValue)", value: decision.rawValue, label: label,
                hint: hint, checked: decision == chosen)
        }
        hasDecisions = !decisions.isEmpty
        needsAcknowledgement = hasFlags && open.contains(.approve)
        (self.note, self.error, self.csrf) = (note, error, csrf)
        errors = Errors(
            action: error?.href == "#action" ? error?.message : nil, note: error?.href == "#note" ? error?.message : nil,
            acknowledge: error?.href == "#acknowledge" ? error?.message : nil, edit: error?.href == "#edit-title" ? error?.message : nil)
        action = "/moderate/examples/\(stored.id)/decision"
        if AppDatabase.editableStatuses.contains(stored.status) {
            edit = Edit(action: "/moderate/examples/\(stored.id)/edit", text: edited ?? EditedText(example), reference: reference)
        }
        if stored.status == .published {
            confirm = Confirm(
                action: "/moderate/examples/\(stored.id)/confirm", reviewDue: example.reviewDue ?? "",
                lastConfirmed: example.lastConfirmed.map(DateWords.day))
        }
    }

    /// The free-text fields a reviewer reads and a moderator may redact.
    /// The texts a reviewer reads and compares, sections included, each under its label.
    static func fields(_ example: Example, reference: ReferenceData) -> [(label: String, text: String)] {
        [("Title", example.title), ("Summary", example.summary), ("Description", example.body)]
            + SectionKind.allCases.map { (VocabularyLabels.label($0.rawValue, in: reference.labels.section), example.sections[$0] ?? "") }
            + [("Keywords", example.keywords.joined(separator: "; "))]
    }
}

/// The text a moderator may edit to remove an identifier: the title, the summary, an older example's
/// description and every section.
struct EditedText {
    var title: String
    var summary: String
    var body: String
    var sections: [SectionKind: String] = [:]

    /// The example's text as it is now.
    init(_ example: Example) {
        (title, summary, body) = (example.title, example.summary, example.body)
        for (kind, text) in example.sections.ordered { sections[kind] = text }
    }

    /// The text as the moderator typed it into the edit form.
    init(_ form: FormFields) {
        (title, summary, body) = (form.text("title") ?? "", form.text("summary") ?? "", form.text("body") ?? "")
        for kind in SectionKind.allCases { sections[kind] = form.text(SubmissionInput.sectionField(kind)) }
    }

    /// The example with this text in place of its own.
    func applied(to example: Example) -> Example {
        var draft = example
        (draft.title, draft.summary, draft.body) = (title, summary, body)
        for kind in SectionKind.allCases { draft.sections[kind] = sections[kind] }
        return draft
    }
}
