import Foundation
import Testing

/// Import streams its input: the peak resident memory of the built binary (its own `getrusage` peak, read
/// by the parent when it ends) on a generated file of 20,000 lines is at most 1.5 times that on 2,000 lines.
@Suite(.serialized) struct ImportMemoryTests {
    /// Runs the binary and prints its exit status and peak resident memory in KiB.
    static let measure = """
        import resource, subprocess, sys
        status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        """

    func peakImport(lines: Int, in harness: CLIHarness) throws -> Int {
        let corpus = harness.folder.appendingPathComponent("corpus-\(lines).jsonl").path
        let generator = ProgressTests.packageRoot.appendingPathComponent("../shared/bench/gen_corpus.py").standardized.path
        let env = URL(fileURLWithPath: "/usr/bin/env")
        let made = try harness.run(["python3", generator, "--count", "\(lines)", "--seed", "11", "--out", corpus], executable: env, useDB: false)
        try #require(made.status == 0, "\(made.stderr)")
        let library = harness.folder.appendingPathComponent("memory-\(lines).sqlite").path
        let run = try harness.run(
            ["python3", "-c", Self.measure, CLIHarness.binary.path, "--db", library, "import", corpus, "--quiet"],
            executable: env, useDB: false)
        let fields = run.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(fields.count == 2 && fields[0] == 0, "import of \(lines) lines failed: \(run.stdout) \(run.stderr)")
        return fields[1]
    }

    @Test func peakMemoryStaysFlatAsTheFileGrowsTenfold() throws {
        let harness = try CLIHarness()
        let small = try peakImport(lines: 2_000, in: harness)
        let large = try peakImport(lines: 20_000, in: harness)
        #expect(Double(large) <= 1.5 * Double(small), "peak \(large) KiB at 20,000 lines against \(small) KiB at 2,000")
    }
}
