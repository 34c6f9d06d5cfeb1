import GRDB

/// A message from a reader to an example's contact, relayed so that the contact's address is never shown.
public struct ContactMessage: Sendable, Equatable {
    public var name: String
    public var email: MailAddress
    public var message: String

    /// The fields a message may have.
    static let fields: Set<String> = ["name", "email", "message"]
}

extension AppDatabase {
    /// Writes a reader's message to a published example's contact into the outbox, with `Reply-To` the
    /// reader, so the contact answers them directly and their own address stays unshown. Not found for an
    /// example that is not published; a conflict when it has no contact address.
    public func relayContactMessage(_ message: ContactMessage, toExample id: Int64) async throws {
        try await writer.write { db in
            guard let stored = try fetchExample(.id(id), in: db), stored.status == .published else {
                throw LibraryError.notFound("example \(id)")
            }
            guard let to = stored.example.contact?.email.flatMap(MailAddress.init) else {
                throw LibraryError.conflict("example \(id) has no contact to write to")
            }
            let title = stored.example.title
            try enqueue(
                MailDraft(
                    kind: .contact, to: to, subject: "Casebook: a message about \u{201C}\(title)\u{201D}",
                    body: MailText.contact(message, title: title, link: "\(linkBase)/examples/\(id)"), exampleID: id,
                    replyTo: message.email), in: db)
        }
    }
}

extension MailText {
    static func contact(_ message: ContactMessage, title: String, link: String) -> String {
        """
        \(message.name) wrote to you through Casebook about "\(title)" (\(link)):

        \(message.message)

        Reply to this message to answer \(message.name) at \(message.email.email). Casebook did not show them
        your address, and keeps no copy of your reply.
        """
    }
}
