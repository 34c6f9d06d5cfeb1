import ArgumentParser
import CasebookKit
import CasebookServer
import Foundation
import Logging

/// `casebook mail`: the outbox (contract section 9).
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "The outbox of mail waiting for, or done with, the relay.",
        subcommands: [List.self, Send.self, Purge.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the outbox, newest first.")

        @OptionGroup var library: LibraryOptions
        @Option(help: "pending, sent or failed.") var status: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let wanted = try status.map { text in
                    guard let status = MailStatus(rawValue: text) else {
                        throw CommandFailure(message: "--status must be pending, sent or failed", code: ExitStatus.usage)
                    }
                    return status
                }
                let messages = try library.open().outbox(status: wanted)
                if format == .json { return try printJSON(["messages": messages]) }
                if messages.isEmpty { print("The outbox is empty.") }
                for message in messages {
                    print("\(message.id)\t\(message.status.rawValue)\t\(message.attempts)\t\(message.kind)\t\(message.to)\t\(message.subject)")
                }
            }
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver every pending message once, then exit (0 when all were sent).")

        @OptionGroup var library: LibraryOptions
        @OptionGroup(title: "Mail") var mailOptions: MailOptions

        func run() async throws {
            try await reportingFailures {
                let settings = Settings(environment: ProcessInfo.processInfo.environment)
                guard let mail = try mailOptions.resolve(settings) else {
                    throw CommandFailure(message: "--smtp-host (or CASEBOOK_SMTP_HOST) is needed to send mail", code: ExitStatus.usage)
                }
                let database = try library.open()
                let ids = try database.pendingMailIDs()
                let outcome = await MailSender(database: database, settings: mail, logger: Logger(label: "casebook-mail")).deliver(ids: ids)
                print("Sent \(outcome.sent) of \(ids.count) pending messages.")
                guard outcome.sent == ids.count else {
                    throw CommandFailure(
                        message: "\(ids.count - outcome.sent) messages were not sent; `casebook mail list --status pending` shows them",
                        code: ExitStatus.failure)
                }
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete sent mail older than a number of days.")

        @OptionGroup var library: LibraryOptions
        @Option(help: "Days since a message was sent.") var olderThan: Int

        func run() async throws {
            try await reportingFailures {
                guard (0...36_500).contains(olderThan) else {
                    throw CommandFailure(message: "--older-than must be 0 to 36500 days", code: ExitStatus.usage)
                }
                let count = try library.open().purgeSentMail(olderThanDays: olderThan)
                print("Deleted \(count) sent messages older than \(olderThan) days.")
            }
        }
    }
}

/// The address links in mail start with, for commands that write mail: `--public-url`, else its variable or
/// the settings file, else the server's default address.
struct PublicURLOption: ParsableArguments {
    @Option(help: "The address links in mail start with (default: $CASEBOOK_PUBLIC_URL, else http://127.0.0.1:8080).") var publicURL: String?

    /// The library with its links set to start at the public URL.
    func open(_ library: LibraryOptions) throws -> AppDatabase {
        var database = try library.open()
        let settings = Settings(environment: ProcessInfo.processInfo.environment)
        database.publicURL = publicURL ?? settings.text("public-url") ?? "http://127.0.0.1:8080"
        return database
    }
}

/// `casebook reviews`: the reminders that ask a published example's contact whether the work still runs.
struct ReviewsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reviews", abstract: "Reminders to the contacts of examples whose review date has come.",
        subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the review reminders that are due now into the outbox (`serve` does this by itself).")

        @OptionGroup var library: LibraryOptions
        @OptionGroup var links: PublicURLOption

        func run() async throws {
            try await reportingFailures {
                let written = try await links.open(library).writeDueReviewReminders()
                print(written == 1 ? "Wrote 1 review reminder." : "Wrote \(written) review reminders.")
            }
        }
    }
}

/// `casebook alerts`: email updates of new examples for a search.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "Email updates of newly published examples for a search.",
        subcommands: [List.self, Run.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List confirmed and pending alerts, newest first.")

        @OptionGroup var library: LibraryOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let alerts = try library.open().alerts()
                if format == .json { return try printJSON(["alerts": alerts]) }
                if alerts.isEmpty { print("There are no alerts.") }
                for alert in alerts {
                    let filters = alert.filters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.joined(separator: ","))" }
                    let search = ([alert.query.isEmpty ? "" : "q=\(alert.query)"] + filters).filter { !$0.isEmpty }.joined(separator: " ")
                    print("\(alert.id)\t\(alert.confirmed ? "confirmed" : "pending")\t\(alert.lastSentAt ?? "-")\t\(alert.email)\t\(search)")
                }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the digests that are due now into the outbox (`serve` does this by itself).")

        @OptionGroup var library: LibraryOptions
        @OptionGroup var links: PublicURLOption

        func run() async throws {
            try await reportingFailures {
                let written = try await links.open(library).writeDueAlertDigests()
                print(written == 1 ? "Wrote 1 digest." : "Wrote \(written) digests.")
            }
        }
    }
}
