import ArgumentParser
import CasebookKit
import Foundation

/// `casebook restore BACKUP`: replaces the library with a checked copy of a backup, atomically.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the library with a backup: checked first, then moved into place atomically.",
        discussion: "Stop `casebook serve` first: restore refuses while another process has the library open.")

    @OptionGroup var library: LibraryOptions
    @Argument(help: "A file written by `casebook backup`.") var backup: String

    func run() async throws {
        try await reportingFailures {
            guard FileManager.default.fileExists(atPath: backup) else {
                throw CommandFailure(message: "no such backup: \(backup)", code: ExitStatus.missingInput)
            }
            try AppDatabase.restore(from: backup, to: library.path)
            print("Restored \(library.path) from \(backup); it passes its check.")
        }
    }
}
