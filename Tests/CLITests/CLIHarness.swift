import Foundation
import Testing

/// Runs the built `casebook` binary as a subprocess on a temporary library.
struct CLIHarness {
    let folder: URL
    var database: String { folder.appendingPathComponent("library.sqlite").path }

    /// The output of one run.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The `casebook` executable built beside the test bundle, or `CASEBOOK_BIN`.
    static var binary: URL {
        if let configured = ProcessInfo.processInfo.environment["CASEBOOK_BIN"] { return URL(fileURLWithPath: configured) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("casebook").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("casebook")
    }

    /// The seed files in the source tree.
    static func seedFolder() throws -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Seeds")
    }

    /// Runs `casebook --db <temp> ARGS`, feeding `input` to standard input.
    func run(_ arguments: [String], input: Data? = nil, executable: URL = binary, environment: [String: String] = [:], useDB: Bool = true) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = (useDB ? ["--db", database] : []) + arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Writes a file in the temporary folder and returns its path.
    func write(_ name: String, _ contents: Data) throws -> String {
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    /// Parses standard output as exactly one JSON document.
    static func json(_ run: Run) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        return try #require(object as? [String: Any])
    }
}

/// A valid interchange example as one JSON line.
func exampleLine(uid: String? = nil, title: String = "Night sitting service for people dying at home", foundations: [Any] = ["24-7-access"]) -> String {
    var object: [String: Any] = [
        "title": title,
        "summary": "Trained sitters stay overnight so that families can rest.",
        "body": "## Context\nFamilies were exhausted.",
        "foundations": foundations,
        "organisation": ["name": "Test Hospice", "type": "hospice"],
        "region": "london"
    ]
    if let uid { object["uid"] = uid }
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}
