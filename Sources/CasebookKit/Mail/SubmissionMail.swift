import GRDB

/// The messages a submission's life writes into the outbox, in the transaction of the event itself.
extension AppDatabase {
    /// The receipt to the submitter (the private link holds the edit token, shown only here and in the
    /// submit reply) and a notice to every active moderator with an email.
    func enqueueSubmissionMail(exampleID: Int64, example: Example, submitterEmail: MailAddress?, editToken: String, in db: Database) throws {
        if let submitterEmail {
            try db.execute(sql: "INSERT INTO submitter_address (example_id, email) VALUES (?, ?)", arguments: [exampleID, submitterEmail.email])
        }
        let link = "\(linkBase)/submissions/\(exampleID)/\(editToken)"
        if let to = submitterEmail ?? example.contact?.email.flatMap(MailAddress.init) {
            try enqueue(
                MailDraft(
                    kind: .receipt, to: to, subject: "Casebook: we received \u{201C}\(example.title)\u{201D}",
                    body: MailText.receipt(title: example.title, link: link), exampleID: exampleID), in: db)
        }
        for to in try moderatorAddresses(in: db) {
            try enqueue(
                MailDraft(
                    kind: .newSubmission, to: to, subject: "Casebook: new submission \u{201C}\(example.title)\u{201D}",
                    body: MailText.newSubmission(title: example.title, link: "\(linkBase)/moderate/examples/\(exampleID)"),
                    exampleID: exampleID), in: db)
        }
    }

    /// The decision to the submitter when changes are requested, or the example is published or rejected.
    func enqueueDecisionMail(_ stored: StoredExample, action: ModerationAction, note: String?, in db: Database) throws {
        guard
            let text = MailText.decision(
                action, title: stored.example.title, note: note,
                publicLink: "\(linkBase)/examples/\(stored.id)"),
            let to = try submitterAddress(of: stored, in: db)
        else { return }
        try enqueue(MailDraft(kind: .decision, to: to, subject: text.subject, body: text.body, exampleID: stored.id), in: db)
    }

    func submitterAddress(of stored: StoredExample, in db: Database) throws -> MailAddress? {
        let given = try String.fetchOne(db, sql: "SELECT email FROM submitter_address WHERE example_id = ?", arguments: [stored.id])
        return (given ?? stored.example.contact?.email).flatMap(MailAddress.init)
    }

    private func moderatorAddresses(in db: Database) throws -> [MailAddress] {
        try String.fetchAll(db, sql: "SELECT email FROM account WHERE email IS NOT NULL AND revoked_at IS NULL ORDER BY id")
            .compactMap(MailAddress.init)
    }

    /// The public URL without a trailing slash.
    var linkBase: String {
        publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }
}

/// The words of each message.
enum MailText {
    static func receipt(title: String, link: String) -> String {
        """
        Thank you for sharing your work with Casebook: we received "\(title)".

        A moderator will read it soon. Your private link shows its status and any notes, and lets you
        revise it if changes are asked for. Keep it to yourself:

        \(link)

        This message was sent because this address was given with the submission.
        """
    }

    static func newSubmission(title: String, link: String) -> String {
        """
        A new submission is waiting in the queue: "\(title)".

        Review it: \(link)
        """
    }

    static func decision(_ action: ModerationAction, title: String, note: String?, publicLink: String) -> (subject: String, body: String)? {
        let note = note.map { "\n\nThe moderator's note:\n\n\($0)" } ?? ""
        switch action {
        case .requestChanges:
            return (
                "Casebook: changes requested for \u{201C}\(title)\u{201D}",
                "A moderator asked for changes to \"\(title)\".\(note)\n\nOpen the private link from your receipt to revise it."
            )
        case .approve:
            return (
                "Casebook: \u{201C}\(title)\u{201D} is published",
                "\"\(title)\" is now published in Casebook:\n\n\(publicLink)\(note)"
            )
        case .reject:
            return (
                "Casebook: \u{201C}\(title)\u{201D} was not published",
                "A moderator decided not to publish \"\(title)\".\(note)"
            )
        default:
            return nil
        }
    }
}
