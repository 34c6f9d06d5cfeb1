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
    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        try await reportingFailures {
            guard FileManager.default.fileExists(atPath: backup) else {
                throw CommandFailure(message: "no such backup: \(backup)", code: ExitStatus.missingInput)
            }
            let line = progress.line("Restoring", unit: "pages")
            defer { line.finish() }
            try AppDatabase.restore(from: backup, to: library.path) { done, total in
                line.update(done, fraction: Double(done) / Double(max(total, 1)))
            }
            line.finish()
            print("Restored \(library.path) from \(backup); it passes its check.")
        }
    }
}
