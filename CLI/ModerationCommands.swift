import ArgumentParser
import CasebookKit
import Foundation

struct ModerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moderate", abstract: "The moderation queue and decisions.",
        subcommands: [Queue.self, Edit.self, Decision<Approve>.self, Decision<Reject>.self, Decision<RequestChanges>.self, Decision<Withdraw>.self])

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submissions waiting for a moderator, oldest first, with screening flags.")

        @OptionGroup var library: LibraryOptions
        @Flag(help: "Also list examples awaiting changes and published examples past their review date.") var all = false
        @Flag(help: "List adoption reports (\"we tried this too\") waiting instead, up to 100.") var adoptions = false
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let database = try library.open()
                let items =
                    adoptions
                    ? try await database.moderationQueue(section: .adoptions, limit: 100, offset: 0).items
                    : try await database.moderationQueue(all: all)
                if format == .json { try printJSON(["items": items]) } else { print(TextOutput.queue(items)) }
            }
        }
    }
}

extension ModerateCommand {
    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace an example's text before deciding (to redact an identifier); the earlier text is kept as a version.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The example's id or uid.") var id: String
        @Argument(help: "A JSON file holding the edited example, or -.") var file: String
        @Option(help: "What you changed, for the audit trail.") var note: String?
        @Option(name: .customLong("as"), help: "Who is editing (default: $USER).") var actor: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let data = try readInput(file)
                let database = try library.open()
                let example = try ExampleDecoder(reference: database.reference, source: .submission).decode(data)
                let who = actor ?? ProcessInfo.processInfo.environment["USER"] ?? "moderator"
                let stored = try database.moderatorEdit(ExampleReference(id), with: example, note: note, actor: who)
                if format == .json {
                    try printJSON(ShownExample(stored))
                } else {
                    print("Example \(stored.id) edited; the earlier text is kept as a version.")
                    for flag in stored.flags { print("    flag: \(flag.kind.rawValue) in \(flag.field): \(flag.detail)") }
                }
            }
        }
    }
}

/// The action a `moderate` subcommand takes.
protocol DecisionKind {
    static var action: ModerationAction { get }
}

enum Approve: DecisionKind { static let action = ModerationAction.approve }
enum Reject: DecisionKind { static let action = ModerationAction.reject }
enum RequestChanges: DecisionKind { static let action = ModerationAction.requestChanges }
enum Withdraw: DecisionKind { static let action = ModerationAction.withdraw }

struct Decision<Kind: DecisionKind>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Kind.action.rawValue,
            abstract: Kind.action.needsNote ? "\(Kind.action.rawValue) an example; --note is required." : "\(Kind.action.rawValue) an example.")
    }

    @OptionGroup var library: LibraryOptions
    @Argument(help: "The example's id or uid, or with --adoption the adoption report's id.") var id: String
    @Flag(help: "Decide an adoption report (\"we tried this too\") rather than an example.") var adoption = false
    @Option(help: "Why: shown to the submitter and kept in the audit trail.") var note: String?
    @Option(name: .customLong("as"), help: "Who is deciding (default: $USER).") var actor: String?
    @Flag(help: "Approve although screening flagged the text (recorded in the audit trail).") var acknowledgeFlags = false
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        if acknowledgeFlags, Kind.action != .approve {
            throw ValidationError("--acknowledge-flags is only for approve")
        }
        if adoption, Kind.action == .requestChanges {
            throw ValidationError("an adoption report is approved, rejected or withdrawn; changes cannot be requested")
        }
        if adoption, Int64(id) == nil { throw ValidationError("--adoption takes the report's number, such as 12") }
        if Kind.action.needsNote, note?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
            throw ValidationError("--note is required to \(Kind.action.rawValue): say why, for the submitter and the audit trail")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let who = actor ?? ProcessInfo.processInfo.environment["USER"] ?? "moderator"
            if adoption, let number = Int64(id) {
                let stored = try library.open().decideAdoption(number, action: Kind.action, note: note, actor: who, acknowledgeFlags: acknowledgeFlags)
                if format == .json {
                    try printJSON(DecidedAdoption(id: stored.id, exampleID: stored.exampleID, status: stored.status))
                } else {
                    print("Adoption report \(stored.id) is now \(stored.status.rawValue).")
                }
                return
            }
            let stored = try library.open().decide(
                ExampleReference(id), action: Kind.action, note: note, actor: who,
                acknowledgeFlags: acknowledgeFlags)
            if format == .json {
                try printJSON(ShownExample(stored))
            } else {
                print("Example \(stored.id) is now \(stored.status.rawValue).")
            }
        }
    }
}

/// An adoption report after a decision, as `--format json` prints it.
private struct DecidedAdoption: Encodable {
    var id: Int64
    var exampleID: Int64
    var status: ExampleStatus

    enum CodingKeys: String, CodingKey {
        case id, status
        case exampleID = "example_id"
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Moderator and admin accounts.", subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account and print its API token once.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The account's name.") var name: String
        @Option(help: "moderator or admin.") var role: String
        @Option(help: "An email address for notices of new submissions.") var email: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                guard let role = Role(rawValue: role) else {
                    throw CommandFailure(message: "--role must be moderator or admin", code: ExitStatus.usage)
                }
                let address = try email.map { text in
                    guard let address = MailAddress(text) else {
                        throw CommandFailure(message: "--email '\(text)' is not an address mail can be sent to", code: ExitStatus.usage)
                    }
                    return address
                }
                let (account, token) = try library.open().addAccount(name: name, role: role, email: address)
                if format == .json {
                    try printJSON(["name": account.name, "role": account.role.rawValue, "token": token])
                } else {
                    print("Added \(account.role.rawValue) \(account.name). Token (shown once, only its hash is kept):")
                    print(token)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts (tokens are never shown).")

        @OptionGroup var library: LibraryOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reportingFailures {
                let accounts = try library.open().accounts()
                if format == .json {
                    try printJSON(["accounts": accounts])
                } else {
                    for account in accounts {
                        print(
                            "\(account.name)\t\(account.role.rawValue)\tcreated \(account.createdAt)\t\(account.revokedAt.map { "revoked \($0)" } ?? "active")")
                    }
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an account's token.")

        @OptionGroup var library: LibraryOptions
        @Argument(help: "The account's name.") var name: String

        func run() async throws {
            try await reportingFailures {
                try library.open().revokeAccount(name: name)
                print("Revoked \(name).")
            }
        }
    }
}
