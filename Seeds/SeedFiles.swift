import Foundation

/// The seed data files shipped with Casebook, found beside an installed binary or in the source tree.
public struct SeedFiles: Sendable {
    /// The seed files Casebook reads.
    public enum File: String, CaseIterable, Sendable {
        case foundations = "foundations.json"
        case ambitions = "ambitions.json"
        case vocabularies = "vocabularies.json"
        case synonyms = "synonyms.json"
        case examples = "examples.jsonl"
    }

    /// The folder that holds the files.
    public let folder: URL

    /// Uses the files in a folder.
    public init(folder: URL) {
        self.folder = folder
    }

    /// The contents of one file; a `SeedFileError` naming it when it cannot be read.
    public func data(_ file: File) throws(SeedFileError) -> Data {
        let url = folder.appendingPathComponent(file.rawValue)
        do { return try Data(contentsOf: url) } catch { throw SeedFileError(file: file.rawValue, missingFrom: [folder.path]) }
    }

    /// Finds the seeds: `CASEBOOK_SEEDS` when it is set (and then only there), else the resource bundle beside
    /// the executable, then an installed share folder, then the source tree; a `SeedFileError` when none holds them.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SeedFileError) -> SeedFiles {
        let folders = candidateFolders(environment: environment)
        let found = folders.first { folder in
            File.allCases.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.rawValue).path) }
        }
        guard let found else {
            let first = folders.first ?? sourceFolder
            let missing = File.allCases.first { !FileManager.default.fileExists(atPath: first.appendingPathComponent($0.rawValue).path) }
            throw SeedFileError(file: (missing ?? .foundations).rawValue, missingFrom: folders.map(\.path))
        }
        return SeedFiles(folder: found)
    }

    private static func candidateFolders(environment: [String: String]) -> [URL] {
        var folders: [URL] = []
        if let configured = environment["CASEBOOK_SEEDS"], !configured.isEmpty {
            return [URL(fileURLWithPath: configured)]
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let binFolder = executable.deletingLastPathComponent()
        for bundle in ["casebook_CasebookSeeds.resources", "casebook_CasebookSeeds.bundle"] {
            folders.append(binFolder.appendingPathComponent(bundle))
        }
        folders.append(binFolder.deletingLastPathComponent().appendingPathComponent("share/casebook/seeds"))
        folders.append(sourceFolder)
        return folders
    }

    private static var sourceFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }
}

/// A seed file Casebook cannot start without is missing, unreadable or malformed.
public struct SeedFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name, such as `foundations.json`.
    public var file: String
    /// What is wrong with it, such as "is missing (looked in /opt/casebook/seeds)".
    public var problem: String

    /// A file that is not in any of `folders`, or cannot be read there.
    public init(file: String, missingFrom folders: [String]) {
        (self.file, problem) = (file, "is missing or unreadable (looked in \(folders.joined(separator: ", ")))")
    }

    /// A file that was read but does not hold what it should.
    public init(file: String, malformed detail: String) {
        (self.file, problem) = (file, "is not valid: \(detail)")
    }

    public var description: String {
        "the seed file \(file) \(problem); set CASEBOOK_SEEDS to the folder that holds Casebook's seed files"
    }
}
