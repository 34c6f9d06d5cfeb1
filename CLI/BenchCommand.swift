import ArgumentParser
import CasebookKit
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure import rate and search latency on a corpus, and the same SQL in the sqlite3 shell.")

    @Option(help: "A JSON Lines corpus to import into a new library first.") var corpus: String?
    @Option(help: "The query mix, one query per line.") var queries: String
    @Option(help: "The library to import into (new) or, without --corpus, to search.") var library: String?
    @Option(help: "Timed passes over the query mix (after one warm-up pass).") var passes = 3
    @Flag(help: "Also run the same SQL through the sqlite3 shell and report the ratio.") var compareShell = false
    @Option(help: "Write each query's top 20 (ids and total) to this JSON Lines file, to compare rankings.") var results: String?
    @Option(help: "Filter every query by this region key (repeatable), to time facets that keep the filter's alternatives.")
    var region: [String] = []
    @Option(name: .customLong("organisation-type"), help: "Filter every query by this organisation type key (repeatable).")
    var organisationType: [String] = []

    func run() async throws {
        try await reportingFailures {
            let path = try libraryPath()
            if let corpus { try importCorpus(corpus, into: path) }
            let database = try AppDatabase.open(path: path, seedExamples: false)
            let mix = try String(contentsOfFile: queries, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            let start = DispatchTime.now()
            _ = try database.search(SearchQuery(text: mix[0]), timeLimit: nil)
            print(String(format: "first search after opening (builds doc values): %.1f ms", milliseconds(since: start)))
            let filters = SearchQuery(
                regions: try region.map { try vocabularyKey($0, "--region") },
                organisationTypes: try organisationType.map { try vocabularyKey($0, "--organisation-type") })
            let latencies = try SearchBench(database: database, mix: mix, filters: filters).measure(passes: passes)
            print(latencies.report)
            if compareShell { try compare(latencies, database: database, path: path, mix: mix) }
            if let results { try writeRankings(database: database, mix: mix, to: results) }
        }
    }

    private func writeRankings(database: AppDatabase, mix: [String], to path: String) throws {
        var lines = ""
        for query in mix {
            let found = try database.search(SearchQuery(text: query, limit: 20), timeLimit: nil)
            let ids = found.results.map { String($0.id) }.joined(separator: ",")
            lines += "{\"query\":\(String(decoding: try JSONEncoder().encode(query), as: UTF8.self)),\"total\":\(found.total),\"ids\":[\(ids)]}\n"
        }
        try lines.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private func libraryPath() throws -> String {
        if let library { return library }
        return FileManager.default.temporaryDirectory.appendingPathComponent("casebook-bench-\(UUID().uuidString).sqlite").path
    }

    private func importCorpus(_ corpus: String, into path: String) throws {
        let start = DispatchTime.now()
        let data = try readInput(corpus)
        let database = try AppDatabase.open(path: path, seedExamples: false)
        let counts = try database.importJSONLines(data)
        let total = milliseconds(since: start)
        let count = counts.inserted + counts.updated
        print(
            String(
                format: "import: %d examples in %.2f s (%.0f examples/s, reading the file, decoding, checking and writing) into %@",
                count, total / 1000, Double(count) / (total / 1000), path))
    }

    private func compare(_ latencies: SearchBench.Latencies, database: AppDatabase, path: String, mix: [String]) throws {
        let script = try SearchBench.tracedSQL(path: path, mix: mix)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-bench-\(UUID().uuidString).sql")
        try script.write(to: file, atomically: true, encoding: .utf8)
        var shellTotals: [Double] = []
        for pass in 0...passes {
            let start = DispatchTime.now()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = ["-readonly", path]
            process.standardInput = try FileHandle(forReadingFrom: file)
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            process.waitUntilExit()
            if pass > 0 { shellTotals.append(milliseconds(since: start)) }
        }
        let shell = shellTotals.sorted()[shellTotals.count / 2]
        print(
            String(
                format: "same SQL in the sqlite3 shell: %.0f ms per pass over %d queries; Casebook in process: %.0f ms; ratio %.2f×",
                shell, mix.count, latencies.totalPerPass, latencies.totalPerPass / shell))
    }
}

/// Times searches over a query mix.
struct SearchBench {
    let database: AppDatabase
    let mix: [String]
    /// Filters applied to every query of the mix.
    var filters = SearchQuery()

    struct Latencies {
        var perQuery: [(query: String, milliseconds: Double)]
        var totalPerPass: Double
        /// Each query's time the first time it ran, in the warm-up pass: nothing of it was cached.
        var firstRun: [Double] = []

        var report: String {
            var lines = [Self.summary("search (%d queries, median of passes)", perQuery.map(\.milliseconds))]
            if !firstRun.isEmpty { lines.append(Self.summary("first run of each query, cold (%d queries)", firstRun)) }
            lines += perQuery.sorted { $0.milliseconds > $1.milliseconds }.prefix(5).map { String(format: "  slow: %7.2f ms  %@", $0.milliseconds, $0.query) }
            return lines.joined(separator: "\n")
        }

        private static func summary(_ title: String, _ times: [Double]) -> String {
            let sorted = times.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            let mean = sorted.reduce(0, +) / Double(max(sorted.count, 1))
            return String(
                format: title + ": p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms",
                sorted.count, percentile(0.5), percentile(0.95), percentile(0.99), sorted.last ?? 0, mean)
        }
    }

    /// One warm-up pass, then `passes` timed passes; each query's time is its median.
    func measure(passes: Int) throws -> Latencies {
        var times = Array(repeating: [Double](), count: mix.count)
        var firstRun = Array(repeating: 0.0, count: mix.count)
        for pass in 0...passes {
            for (index, query) in mix.enumerated() {
                let start = DispatchTime.now()
                var search = filters
                search.text = query
                _ = try database.search(search, timeLimit: nil)
                if pass > 0 { times[index].append(milliseconds(since: start)) } else { firstRun[index] = milliseconds(since: start) }
            }
        }
        let medians = times.map { $0.sorted()[$0.count / 2] }
        return Latencies(perQuery: Array(zip(mix, medians)), totalPerPass: medians.reduce(0, +), firstRun: firstRun)
    }

    /// Every statement one pass of the mix runs, with its arguments written in, as a sqlite3 script.
    static func tracedSQL(path: String, mix: [String]) throws -> String {
        let warmUp: (AppDatabase) throws -> Void = { _ = try $0.search(SearchQuery(text: mix[0]), timeLimit: nil) }
        let statements = try AppDatabase.tracedStatements(path: path, prepare: warmUp) { database in
            for query in mix { _ = try database.search(SearchQuery(text: query), timeLimit: nil) }
        }
        return statements.map(forShell).map { $0.hasSuffix(";") ? $0 : $0 + ";" }.joined(separator: "\n") + "\n"
    }

    /// The shell cannot load Casebook's weight function, so it calls the built-in bm25 in
    /// their place (which reads the same matches and also counts each phrase's examples: more work).
    static func forShell(_ statement: String) -> String {
        statement.replacing(/casebook_weight\(example_ft\)/, with: "bm25(example_ft, 10.0, 4.0, 1.0, 2.0, 6.0)")
    }
}

func milliseconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
}
