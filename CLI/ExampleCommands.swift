import ArgumentParser
import CasebookKit
import Foundation

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Ranked search over published examples; with no query, newest first.")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "What to look for (put -- before text that starts with -).") var words: [String] = []
    @Option(help: "A foundation key or number; repeat for any of several.") var foundation: [String] = []
    @Option(help: "An ambition key or number; repeat for any of several.") var ambition: [String] = []
    @Option(help: "A region key.") var region: [String] = []
    @Option(name: .customLong("organisation-type"), help: "An organisation type key.") var organisationType: [String] = []
    @Option(help: "An evidence level key.") var evidence: [String] = []
    @Option(name: .customLong("outcome-measure"), help: "An outcome measure key (nacel, ipos, …); repeat for any of several.")
    var outcomeMeasure: [String] = []
    @Option(name: .customLong("work-status"), help: "running, ended or stopped.") var workStatus: [String] = []
    @Option(help: "Results per page, 1 to 100.") var limit = 20
    @Option(help: "Results to skip.") var offset = 0
    @Option(help: "relevance (the default with query text) or newest.") var sort: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        if let sort, SearchSort(rawValue: sort) == nil { throw ValidationError("--sort must be relevance or newest") }
        guard (1...SearchQuery.maximumLimit).contains(limit) else { throw ValidationError("--limit must be 1 to \(SearchQuery.maximumLimit)") }
        guard offset >= 0 else { throw ValidationError("--offset must be 0 or more") }
    }

    func run() async throws {
        try await reportingFailures {
            let database = try library.open()
            let query = try SearchQuery(
                text: words.joined(separator: " "),
                foundations: foundation.map { try key($0, "--foundation", database.reference.foundationKey) },
                ambitions: ambition.map { try key($0, "--ambition", database.reference.ambitionKey) },
                regions: region.map { try vocabulary($0, "--region") },
                organisationTypes: organisationType.map { try vocabulary($0, "--organisation-type") },
                evidence: evidence.map { try vocabulary($0, "--evidence") },
                outcomeMeasures: outcomeMeasure.map { try vocabulary($0, "--outcome-measure") },
                workStatuses: workStatus.map { try vocabulary($0, "--work-status") },
                limit: limit, offset: offset, sort: sort.flatMap(SearchSort.init(rawValue:)))
            let results = try database.search(query)
            if format == .json { try printJSON(results) } else { print(TextOutput.search(results, reference: database.reference)) }
        }
    }

    private func key(_ text: String, _ option: String, _ resolve: (String) -> String?) throws -> String {
        guard let key = resolve(text) else { throw CommandFailure(message: "\(option) '\(text)' is not a known key or number", code: ExitStatus.usage) }
        return key
    }

    private func vocabulary<Key: VocabularyKey>(_ text: String, _ option: String) throws -> Key {
        try vocabularyKey(text, option)
    }
}

/// A closed vocabulary's key named by an option, or a usage failure that lists the keys.
func vocabularyKey<Key: VocabularyKey>(_ text: String, _ option: String) throws -> Key {
    guard let key = Key(rawValue: text) else {
        throw CommandFailure(message: "\(option) '\(text)' is not one of: \(Key.keys.joined(separator: ", "))", code: ExitStatus.usage)
    }
    return key
}

struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar", abstract: "Published examples like a published one, from its own distinctive words and tags.")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "The example's id or uid.") var id: String
    @Option(help: "How many, 1 to \(SearchQuery.maximumSimilar).") var limit = 5
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard (1...SearchQuery.maximumSimilar).contains(limit) else { throw ValidationError("--limit must be 1 to \(SearchQuery.maximumSimilar)") }
    }

    func run() async throws {
        try await reportingFailures {
            let database = try library.open()
            guard let hits = try database.similarExamples(to: ExampleReference(id), limit: limit) else {
                throw CommandFailure(message: "there is no published example \(id)", code: ExitStatus.notFound)
            }
            if format == .json { try printJSON(["results": hits]) } else { print(TextOutput.similar(hits, to: id, reference: database.reference)) }
        }
    }
}

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one example in any status, by id or uid.")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "The example's id or uid.") var id: String
    @Option(help: "text, json or markdown.") var format: OutputFormat = .text

    func run() async throws {
        try await reportingFailures {
            let database = try library.open()
            let stored = try database.requireExample(ExampleReference(id))
            switch format {
            case .json: try printJSON(ShownExample(stored))
            case .markdown: print(ExampleMarkdown.render(stored.example, reference: database.reference))
            case .text: print(TextOutput.example(stored, reference: database.reference))
            }
        }
    }
}

/// `show --format json`: the interchange example plus its id and status.
struct ShownExample: Encodable {
    var stored: StoredExample

    init(_ stored: StoredExample) { self.stored = stored }

    enum Keys: String, CodingKey { case id, status }

    func encode(to encoder: any Encoder) throws {
        try stored.example.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(stored.id, forKey: .id)
        try container.encode(stored.status, forKey: .status)
    }
}

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Submit a new example for moderation from a JSON file (- for standard input).")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "A JSON file holding one example, or -.") var file: String
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await reportingFailures {
            let data = try readInput(file)
            let database = try library.open()
            let input = try ExampleDecoder(reference: database.reference, source: .submission).decodeSubmission(data)
            let receipt = try await database.submit(input.example, submitterEmail: input.submitterEmail)
            if format == .json {
                try printJSON(receipt)
            } else {
                print("Submitted as example \(receipt.id) (\(receipt.uid)), waiting for a moderator.")
                print("Edit token (shown once; keep it to check or revise the submission): \(receipt.editToken)")
                for flag in receipt.flags {
                    print("Warning: \(flag.field) seems to hold a \(flag.kind.rawValue) (\(flag.detail)); remove it if it is about a patient.")
                }
            }
        }
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The audit trail of one example.")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "The example's id or uid.") var id: String
    @Flag(help: "Every version of the text instead, oldest first.") var versions = false
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() async throws {
        try await reportingFailures {
            let database = try library.open()
            if versions {
                let versions = try database.versions(ExampleReference(id))
                if format == .json { try printJSON(["versions": versions]) } else { print(TextOutput.versions(versions)) }
                return
            }
            let events = try database.history(ExampleReference(id))
            if format == .json { try printJSON(["events": events]) } else { print(TextOutput.history(events)) }
        }
    }
}
