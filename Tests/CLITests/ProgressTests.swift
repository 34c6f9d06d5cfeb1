import Foundation
import Testing

/// Progress on long commands: drawn on standard error when it is a terminal (a pseudo-terminal made by
/// Python's pty module around the built binary), never on standard output, nothing when standard error is
/// a pipe, and nothing with `--quiet`.
@Suite(.serialized) struct ProgressTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the binary with standard error on a pseudo-terminal and standard output on a pipe.
    static let onTerminal = """
        import json, os, pty, subprocess, sys, threading
        main, terminal = pty.openpty()
        process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL)
        os.close(terminal)
        output = []
        reader = threading.Thread(target=lambda: output.append(process.stdout.read()))
        reader.start()
        seen = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        reader.join()
        out = output[0]
        process.wait()
        print(json.dumps({"status": process.returncode, "stdout": out.decode(), "terminal": seen.decode(errors="replace")}))
        """

    struct TerminalRun {
        var status: Int
        var stdout: String
        var terminal: String
    }

    func onTerminal(_ harness: CLIHarness, _ arguments: [String]) throws -> TerminalRun {
        let run = try harness.run(
            ["python3", "-c", Self.onTerminal, CLIHarness.binary.path, "--db", harness.database] + arguments,
            executable: URL(fileURLWithPath: "/usr/bin/env"), useDB: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return TerminalRun(status: object["status"] as? Int ?? -1, stdout: object["stdout"] as? String ?? "", terminal: object["terminal"] as? String ?? "")
    }

    func corpus(_ harness: CLIHarness, count: Int) throws -> String {
        let path = harness.folder.appendingPathComponent("corpus-\(count).jsonl").path
        let generator = Self.packageRoot.appendingPathComponent("../shared/bench/gen_corpus.py").standardized.path
        let made = try harness.run(
            ["python3", generator, "--count", "\(count)", "--seed", "3", "--out", path],
            executable: URL(fileURLWithPath: "/usr/bin/env"), useDB: false)
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    @Test func importShowsCountRateAndTimeLeftOnATerminalOnly() throws {
        let harness = try CLIHarness()
        let file = try corpus(harness, count: 4_000)
        let shown = try onTerminal(harness, ["import", file])
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("Imported 4000 examples"), "\(shown.stdout)")
        #expect(!shown.stdout.contains("Importing") && !shown.stdout.contains("\u{1B}"), "progress reached standard output")
        #expect(shown.terminal.contains("Importing: "), "\(shown.terminal)")
        #expect(shown.terminal.contains(" examples"))
        #expect(shown.terminal.contains("/s"), "no rate: \(shown.terminal)")
        #expect(shown.terminal.contains(" s left"), "no time left: \(shown.terminal)")
        #expect(shown.terminal.hasSuffix("\r\u{1B}[K"), "the line is cleared at the end")

        let again = try harness.run(["import", file])
        #expect(again.status == 0)
        #expect(again.stderr.isEmpty, "progress on a standard error that is not a terminal: \(again.stderr)")
        #expect(again.stdout.hasPrefix("Imported 4000 examples: 0 new, 4000 updated."))

        let quiet = try onTerminal(harness, ["import", file, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.terminal.isEmpty, "--quiet still drew: \(quiet.terminal)")
    }

    @Test func dumpBackupAndRestoreShowProgressOnATerminalAndKeepStandardOutputClean() throws {
        let harness = try CLIHarness()
        #expect(try harness.run(["import", try corpus(harness, count: 1_500)]).status == 0)

        let plain = try harness.run(["dump"])
        #expect(plain.status == 0 && plain.stderr.isEmpty)
        let dumped = try onTerminal(harness, ["dump"])
        #expect(dumped.stdout == plain.stdout, "the dump on a terminal differs from the plain one")
        #expect(plain.stdout.split(separator: "\n").count == 1_520)
        #expect(dumped.terminal.contains("Dumping: "), "\(dumped.terminal)")
        #expect(try onTerminal(harness, ["dump", "--quiet"]).terminal.isEmpty)

        let copy = harness.folder.appendingPathComponent("copy.sqlite").path
        let backup = try onTerminal(harness, ["backup", copy])
        #expect(backup.status == 0)
        #expect(backup.terminal.contains("Backing up: ") && backup.terminal.contains(" pages"), "\(backup.terminal)")
        #expect(!backup.stdout.contains("\u{1B}"))
        let restored = try onTerminal(harness, ["restore", copy])
        #expect(restored.status == 0, "\(restored.terminal)")
        #expect(restored.terminal.contains("Restoring: "), "\(restored.terminal)")
        #expect(restored.stdout.hasPrefix("Restored "))
        let plainBackup = try harness.run(["backup", copy + ".2"])
        #expect(plainBackup.status == 0 && plainBackup.stderr.isEmpty)

        #expect(try harness.run(["collection", "create", "guide", "--title", "Guide"]).status == 0)
        #expect(try harness.run(["collection", "add", "guide"] + (1...200).map(String.init)).status == 0)
        let site = harness.folder.appendingPathComponent("site").path
        let exported = try onTerminal(harness, ["export", "guide", "--format", "site", "--output", site])
        #expect(exported.status == 0, "\(exported.terminal)")
        #expect(exported.terminal.contains("Exporting: "), "\(exported.terminal)")
        #expect(exported.stdout.hasPrefix("Wrote site export"))
        let plainExport = try harness.run(["export", "guide", "--format", "html", "--output", site + ".html"])
        #expect(plainExport.status == 0 && plainExport.stderr.isEmpty, "\(plainExport.stderr)")
    }
}
