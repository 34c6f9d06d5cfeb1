import ArgumentParser
import CasebookKit
import Foundation

/// Where the library lives: `--db PATH`, else `CASEBOOK_DB`, else `./casebook.sqlite`.
struct LibraryOptions: ParsableArguments {
    @Option(name: .long, help: "The library's SQLite file (default: $CASEBOOK_DB, else ./casebook.sqlite).")
    var db: String?

    /// The resolved database path.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["CASEBOOK_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./casebook.sqlite"
    }

    /// Opens the library, creating and seeding it on first use. `CASEBOOK_REVIEW_MONTHS` sets how long
    /// a published example stays current (default 24 months); `CASEBOOK_PUBLIC_URL` starts the links in mail.
    func open(seedExamples: Bool = true) throws -> AppDatabase {
        var database = try AppDatabase.open(path: path, seedExamples: seedExamples)
        if let text = ProcessInfo.processInfo.environment["CASEBOOK_REVIEW_MONTHS"], !text.isEmpty {
            guard let months = Int(text), (1...120).contains(months) else {
                throw CommandFailure(message: "CASEBOOK_REVIEW_MONTHS must be a whole number of months from 1 to 120", code: ExitStatus.usage)
            }
            database.reviewPeriodMonths = months
        }
        if let url = ProcessInfo.processInfo.environment["CASEBOOK_PUBLIC_URL"], !url.isEmpty { database.publicURL = url }
        return database
    }
}

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// The exit codes of contract section 3.
enum ExitStatus {
    static let usage: Int32 = 64
    static let invalidData: Int32 = 65
    static let missingInput: Int32 = 66
    static let notFound: Int32 = 69
    static let failure: Int32 = 1
}

/// A failure already explained to the user, carrying its exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32
}

/// Runs a command body, turning library errors into a message on standard error and the right exit code.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        let (message, code) = explain(error)
        FileHandle.standardError.write(Data(("casebook: " + message + "\n").utf8))
        throw ExitCode(code)
    }
}

private func explain(_ error: any Error) -> (String, Int32) {
    switch error {
    case let failure as CommandFailure: return (failure.message, failure.code)
    case let invalid as InvalidInput: return ("invalid input:\n" + invalid.errors.map { "  " + $0.description }.joined(separator: "\n"), ExitStatus.invalidData)
    case LibraryError.notFound(let what): return ("\(what) was not found", ExitStatus.notFound)
    case let library as LibraryError: return (library.description, ExitStatus.failure)
    case let search as SearchError: return (search.description, ExitStatus.failure)
    case let flags as UnacknowledgedFlags:
        return (flags.description + "\nedit the text to remove them, or approve with --acknowledge-flags to publish it as it is", ExitStatus.failure)
    case let exit as ExitCode: return ("", exit.rawValue)
    case let storage where LibraryError(storageFailure: storage) != nil:
        return (LibraryError(storageFailure: storage)!.description, ExitStatus.failure)
    default: return (String(describing: error), ExitStatus.failure)
    }
}

/// Reads a whole input file, or standard input for `-`.
func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard FileManager.default.fileExists(atPath: path) else {
        throw CommandFailure(message: "no such input file: \(path)", code: ExitStatus.missingInput)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure(message: "cannot read \(path)", code: ExitStatus.missingInput)
    }
    return data
}

/// Opens an input file (or standard input for `-`) to be read in blocks, with its size when it is a regular file.
func openInput(_ path: String) throws -> (JSONLinesInput, size: Int?) {
    if path == "-" { return (.file(FileHandle.standardInput), nil) }
    guard FileManager.default.fileExists(atPath: path) else {
        throw CommandFailure(message: "no such input file: \(path)", code: ExitStatus.missingInput)
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw CommandFailure(message: "cannot read \(path)", code: ExitStatus.missingInput)
    }
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = attributes?[.type] as? FileAttributeType == .typeRegular ? (attributes?[.size] as? NSNumber)?.intValue : nil
    return (.file(handle), size)
}

/// Prints a value as one JSON document on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    let data = try Interchange.encoder(pretty: true).encode(value)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}
