import CasebookKit

/// A screening flag as moderators read it.
struct FlagView {
    var kind: String
    var field: String
    var detail: String

    static let kinds: [ScreeningFlag.Kind: String] = [
        .nhsNumber: "Possible NHS number", .dateOfBirth: "Possible date of birth", .phone: "Phone number",
        .email: "Email address", .postcode: "Postcode", .possibleDuplicate: "Possible duplicate",
    ]

    init(_ flag: ScreeningFlag) {
        (kind, field, detail) = (Self.kinds[flag.kind] ?? flag.kind.rawValue, flag.field, flag.detail)
    }
}

/// `/moderate`: the queue.
struct QueueView {
    var moderator: String
    var decided: Int64?
    var items: [Row]

    struct Row {
        var href: String
        var id: Int64
        var title: String
        var status: String
        var submitted: String
        var reviewDue: String?
        var flags: [FlagView]
    }

    init(items: [QueueItem], moderator: String, decided: Int64?, reference: ReferenceData) {
        (self.moderator, self.decided) = (moderator, decided)
        self.items = items.map { item in
            Row(href: "/moderate/examples/\(item.id)", id: item.id, title: item.title,
                status: VocabularyLabels.label(item.status.rawValue, in: reference.labels.status),
                submitted: String(item.submittedAt.prefix(10)), reviewDue: item.reviewDue, flags: item.flags.map(FlagView.init))
        }
    }
}

/// `/moderate/examples/{id}`: a submission beside its possible duplicates, with the decision form.
struct ReviewView {
    var id: Int64
    var status: String
    var submitted: String
    var submission: ExamplePageView
    var privateContact: ExamplePageView.PublicContact?
    var flags: [FlagView]
    var duplicates: [ExamplePageView]
    var history: [Event]
    var decisions: [SubmissionFormView.Choice]
    var hasDecisions: Bool
    var note: String
    var error: SubmissionFormView.FormError?
    var csrf: String
    var action: String

    struct Event {
        var at: String
        var actor: String
        var action: String
        var note: String?
    }

    static let decisionLabels: [ModerationAction: (String, String)] = [
        .approve: ("Approve and publish", "Anyone can then find it."),
        .requestChanges: ("Ask for changes", "The submitter reads your note on their private page and can revise it."),
        .reject: ("Reject", "It will not be published. Say why in the note."),
        .withdraw: ("Withdraw", "Take a published example out of the library. Say why in the note."),
    ]

    init(stored: StoredExample, duplicates: [StoredExample], history: [ModerationEvent], reference: ReferenceData,
         csrf: String, error: SubmissionFormView.FormError?, note: String, action chosen: ModerationAction?) {
        id = stored.id
        status = VocabularyLabels.label(stored.status.rawValue, in: reference.labels.status)
        submitted = String(stored.submittedAt.prefix(10))
        submission = ExamplePageView(id: stored.id, example: stored.example, publishedAt: stored.example.publishedAt, reference: reference)
        privateContact = stored.example.contact.flatMap { $0.isPublic ? nil : ExamplePageView.PublicContact(name: $0.name, email: $0.email) }
        flags = stored.flags.map(FlagView.init)
        self.duplicates = duplicates.map { ExamplePageView(id: $0.id, example: $0.example, publishedAt: $0.example.publishedAt, reference: reference) }
        self.history = history.reversed().map { Event(at: String($0.at.prefix(16)).replacingOccurrences(of: "T", with: " "),
                                                      actor: $0.actor, action: $0.action, note: $0.note) }
        let open = ModerationAction.decisions.filter { (try? StatusMachine.next(from: stored.status, by: $0)) != nil }
        decisions = open.enumerated().map { index, decision in
            let (label, hint) = Self.decisionLabels[decision] ?? (decision.rawValue, "")
            return .init(id: index == 0 ? "action" : "action-\(decision.rawValue)", value: decision.rawValue, label: label,
                         hint: hint, checked: decision == chosen)
        }
        hasDecisions = !decisions.isEmpty
        (self.note, self.error, self.csrf) = (note, error, csrf)
        action = "/moderate/examples/\(stored.id)/decision"
    }
}
