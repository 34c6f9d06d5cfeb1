import ArgumentParser
import CasebookKit
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create or migrate the library, and load reference data and seed examples.")

    @OptionGroup var library: LibraryOptions
    @Flag(name: .long, help: "Load reference data only, not the seed examples.") var noExamples = false

    func run() async throws {
        try await reportingFailures {
            let database = try library.open(seedExamples: !noExamples)
            try database.loadReferenceData()
            let added = noExamples ? 0 : try database.loadSeedExamples()
            let stats = try await database.stats()
            print("Library ready at \(library.path): \(stats.byStatus.values.reduce(0, +)) examples\(added > 0 ? " (\(added) seed examples added)" : "").")
        }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import examples from a JSON Lines file (- for standard input): all or nothing.")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "A JSON Lines file, or - for standard input.") var file: String
    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        try await reportingFailures {
            let (input, size) = try openInput(file)
            let database = try library.open()
            let line = progress.line("Importing", unit: "examples")
            defer { line.finish() }
            let counts = try database.importJSONLines(input) { step in
                if step.indexing {
                    line.update(step.examples, fraction: nil, note: "building the search index", force: true)
                } else {
                    line.update(step.examples, fraction: size.map { Double(step.bytesRead) / Double(max($0, 1)) })
                }
            }
            line.finish()
            if format == .json {
                try printJSON(counts)
            } else {
                print("Imported \(counts.inserted + counts.updated) examples: \(counts.inserted) new, \(counts.updated) updated.")
            }
        }
    }
}

struct DumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump", abstract: "Write every example as JSON Lines, ready to import elsewhere.")

    @OptionGroup var library: LibraryOptions
    @Option(help: "Only examples with this status.") var status: String?
    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        try await reportingFailures {
            let wanted = try status.map { text in
                guard let status = ExampleStatus(rawValue: text) else {
                    throw CommandFailure(message: "--status '\(text)' is not one of: \(ExampleStatus.keys.joined(separator: ", "))", code: ExitStatus.usage)
                }
                return status
            }
            let line = progress.line("Dumping", unit: "examples")
            defer { line.finish() }
            var done = 0
            try library.open().eachExample(status: wanted) { batch, total in
                FileHandle.standardOutput.write(try JSONLines.encode(batch.map(\.example)))
                done += batch.count
                line.update(done, fraction: Double(done) / Double(max(total, 1)))
            }
        }
    }
}

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts by status, and the foundations × ambitions coverage of published examples.")

    @OptionGroup var library: LibraryOptions
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: "Count only examples of this region key (repeatable).") var region: [String] = []
    @Option(name: .customLong("organisation-type"), help: "Count only examples of this organisation type key (repeatable).")
    var organisationType: [String] = []

    func run() async throws {
        try await reportingFailures {
            let database = try library.open()
            let filter = CoverageFilter(
                regions: try region.map { try vocabularyKey($0, "--region") },
                organisationTypes: try organisationType.map { try vocabularyKey($0, "--organisation-type") })
            let stats = try await database.stats(filter)
            if format == .json { try printJSON(stats) } else { print(TextOutput.stats(stats, reference: database.reference)) }
        }
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write a consistent copy of the live library, even while it is in use.")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "Where to write the copy (must not exist).") var destination: String
    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        try await reportingFailures {
            guard !FileManager.default.fileExists(atPath: destination) else {
                throw CommandFailure(message: "\(destination) already exists; choose a new file", code: ExitStatus.failure)
            }
            let line = progress.line("Backing up", unit: "pages")
            defer { line.finish() }
            try library.open().backup(to: destination) { done, total in
                line.update(done, fraction: Double(done) / Double(max(total, 1)))
            }
            line.finish()
            print("Backed up \(library.path) to \(destination).")
        }
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check integrity, foreign keys and the search index; exit 1 with what is wrong.")

    @OptionGroup var library: LibraryOptions
    @Flag(help: "Rebuild the search index if it disagrees with the examples.") var repair = false

    func run() async throws {
        try await reportingFailures {
            let database = try library.open()
            var problems = try database.check()
            if !problems.isEmpty, repair {
                try database.rebuildSearchIndex()
                print("Rebuilt the search index.")
                problems = try database.check()
            }
            guard problems.isEmpty else {
                throw CommandFailure(message: "the library has problems:\n" + problems.map { "  " + $0 }.joined(separator: "\n"), code: ExitStatus.failure)
            }
            print("ok: integrity, foreign keys and search index all hold.")
        }
    }
}
