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

    /// The contents of one file.
    public func data(_ file: File) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(file.rawValue))
    }

    /// Finds the seeds: `CASEBOOK_SEEDS`, then the resource bundle beside the executable, then the source tree.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> SeedFiles {
        let found = candidateFolders(environment: environment).first { folder in
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(File.foundations.rawValue).path)
        }
        return SeedFiles(folder: found ?? sourceFolder)
    }

    private static func candidateFolders(environment: [String: String]) -> [URL] {
        var folders: [URL] = []
        if let configured = environment["CASEBOOK_SEEDS"], !configured.isEmpty {
            folders.append(URL(fileURLWithPath: configured))
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
