import Foundation
import Testing

@Suite("casebook command line", .serialized)
struct CLITests {
    @Test func initThenSearchAndStatsShowTheSeeds() throws {
        // setup
        let cli = try CLIHarness()
        // exercise
        let initialised = try cli.run(["init"])
        let search = try cli.run(["search", "advance care planning"])
        let stats = try cli.run(["stats"])
        // validate
        #expect(initialised.status == 0)
        #expect(search.status == 0)
        #expect(search.stdout.contains("advance care planning"))
        #expect(search.stdout.contains("examples found"))
        #expect(stats.stdout.contains("Personalised care planning"))
        #expect(stats.stdout.contains("published         20"))
    }

    @Test func missingSeedFilesAreNamedNotACrash() throws {
        // setup: CASEBOOK_SEEDS names a folder without the seed files, then one with a malformed foundations file
        let cli = try CLIHarness()
        let empty = cli.folder.appendingPathComponent("no-seeds")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        // exercise
        let initialised = try cli.run(["init"], environment: ["CASEBOOK_SEEDS": empty.path])
        let served = try cli.run(["serve", "--port", "0"], environment: ["CASEBOOK_SEEDS": empty.path])
        let shipped = try CLIHarness.seedFolder()
        for file in try FileManager.default.contentsOfDirectory(atPath: shipped.path) {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(file), to: empty.appendingPathComponent(file))
        }
        try Data("[{\"key\": 1}]".utf8).write(to: empty.appendingPathComponent("foundations.json"))
        let malformed = try cli.run(["init"], environment: ["CASEBOOK_SEEDS": empty.path])
        // validate: exit 1 with a message naming the file, never a signal
        for run in [initialised, served] {
            #expect(run.status == 1, "\(run.stderr)")
            #expect(run.stderr.contains("the seed file foundations.json is missing") && run.stderr.contains(empty.path), "\(run.stderr)")
        }
        #expect(malformed.status == 1 && malformed.stderr.contains("the seed file foundations.json is not valid"), "\(malformed.stderr)")
    }

    @Test func similarAndSortFromTheCommandLine() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        let newest = try CLIHarness.json(try cli.run(["search", "care", "--sort", "newest", "--format", "json"]))
        let results = try #require(newest["results"] as? [[String: Any]])
        let dates = results.compactMap { $0["published_at"] as? String }
        let first = try #require(results.first?["id"] as? Int)
        // exercise
        let similar = try CLIHarness.json(try cli.run(["similar", String(first), "--limit", "3", "--format", "json"]))
        let text = try cli.run(["similar", String(first)])
        let badSort = try cli.run(["search", "care", "--sort", "oldest"])
        let missing = try cli.run(["similar", "999999"])
        // validate
        #expect(dates.count > 2 && dates == dates.sorted(by: >))
        let ids = (similar["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        #expect(!ids.isEmpty && ids.count <= 3 && !ids.contains(first))
        #expect(text.status == 0 && text.stdout.contains("Examples like \(first)"))
        #expect(badSort.status == 64)
        #expect(missing.status == 69)
    }

    @Test func exportsAWordDocumentWholeAndShort() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        _ = try cli.run(["collection", "create", "board-pack", "--title", "Board pack"])
        _ = try cli.run(["collection", "add", "board-pack", "1", "2"])
        let whole = cli.folder.appendingPathComponent("whole.docx"), short = cli.folder.appendingPathComponent("short.docx")
        // exercise
        let full = try cli.run(["export", "board-pack", "--format", "docx", "--output", whole.path])
        let brief = try cli.run(["export", "board-pack", "--format", "docx", "--short", "--output", short.path])
        // validate
        #expect(full.status == 0 && full.stdout.contains("Wrote docx export of 'board-pack' (2 examples)"))
        #expect(brief.status == 0)
        let wholeBytes = try Data(contentsOf: whole), shortBytes = try Data(contentsOf: short)
        #expect(wholeBytes.starts(with: Array("PK".utf8)) && shortBytes.starts(with: Array("PK".utf8)))
        #expect(shortBytes.count < wholeBytes.count, "the short form leaves out the bodies")
    }

    @Test func initWithoutExamplesLoadsOnlyReferenceData() throws {
        let cli = try CLIHarness()
        #expect(try cli.run(["init", "--no-examples"]).status == 0)
        let stats = try CLIHarness.json(try cli.run(["stats", "--format", "json"]))
        let byStatus = try #require(stats["by_status"] as? [String: Int])
        #expect(byStatus["published"] == 0)
        let coverage = try #require(stats["coverage"] as? [String: [String: Int]])
        #expect(coverage.count == 10)
    }

    @Test func statsTakesTheCoverageFiltersOfTheAPI() throws {
        let cli = try CLIHarness()
        #expect(try cli.run(["init"]).status == 0)
        let all = try CLIHarness.json(try cli.run(["stats", "--format", "json"]))
        let london = try CLIHarness.json(try cli.run(["stats", "--format", "json", "--region", "london"]))
        let allTotals = try #require(all["coverage_totals"] as? [String: Any])
        let londonTotals = try #require(london["coverage_totals"] as? [String: Any])
        let seeds = try #require(allTotals["examples"] as? Int)
        let inLondon = try #require(londonTotals["examples"] as? Int)
        #expect(inLondon > 0 && inLondon < seeds, "the seed examples include London and elsewhere")
        #expect((london["coverage"] as? [String: [String: Int]])?.count == 10)
        #expect(try cli.run(["stats", "--region", "mars"]).status == 64)
    }

    @Test func databaseComesFromTheEnvironmentWhenNoOptionIsGiven() throws {
        let cli = try CLIHarness()
        let run = try cli.run(["init", "--no-examples"], environment: ["CASEBOOK_DB": cli.database], useDB: false)
        #expect(run.status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.database))
    }

    @Test func importWithBadLinesNamesEveryLineAndImportsNothing() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init", "--no-examples"])
        var file = Data((exampleLine() + "\n").utf8)
        file += Data((exampleLine(foundations: ["not-a-foundation"]) + "\n").utf8)
        file += Data(#"{"summary": "A summary long enough.", "foundations": ["1"], "organisation": {"name": "X"}}"#.utf8 + [0x0A])
        file += Data(
            (exampleLine().replacingOccurrences(of: "\"region\"", with: "\"links\":[{\"title\":\"x\",\"url\":\"javascript:alert(1)\"}],\"region\"") + "\n").utf8
        )
        file += Data([0x7B, 0x22, 0x74, 0xFF, 0xFE, 0x22, 0x7D, 0x0A])
        file += Data("this is not json\n".utf8)
        let path = try cli.write("bad.jsonl", file)
        // exercise
        let run = try cli.run(["import", path])
        // validate
        #expect(run.status == 65)
        for expected in ["line 2: foundations[0]", "line 3: title", "line 4: links[0].url", "line 5: is not valid UTF-8", "line 6: is not valid JSON"] {
            #expect(run.stderr.contains(expected), "stderr lacks \(expected): \(run.stderr)")
        }
        #expect(!run.stderr.contains("line 1:"))
        let dump = try cli.run(["dump"])
        #expect(dump.stdout.isEmpty)
    }

    @Test func importingAKnownUIDUpdatesInsteadOfDuplicating() throws {
        let cli = try CLIHarness()
        _ = try cli.run(["init", "--no-examples"])
        let uid = "0b7c5c1e-6a53-4d59-9a0e-2f1f3e6c1a11"
        let first = try cli.write("first.jsonl", Data((exampleLine(uid: uid) + "\n").utf8))
        let second = try cli.write("second.jsonl", Data((exampleLine(uid: uid, title: "Night sitting, second edition") + "\n").utf8))
        #expect(try cli.run(["import", first]).status == 0)
        let update = try cli.run(["import", second])
        #expect(update.stdout.contains("0 new, 1 updated"))
        let dump = try cli.run(["dump"]).stdout.split(separator: "\n")
        #expect(dump.count == 1)
        #expect(dump.first?.contains("second edition") == true)
    }

    @Test func dumpThenImportGivesAnIdenticalLibrary() throws {
        // setup
        let source = try CLIHarness()
        let target = try CLIHarness()
        _ = try source.run(["init"])
        _ = try target.run(["init", "--no-examples"])
        // exercise
        let dump = try source.run(["dump"])
        let imported = try target.run(["import", "-"], input: Data(dump.stdout.utf8))
        let again = try target.run(["dump"])
        // validate
        #expect(imported.status == 0)
        #expect(dump.stdout.split(separator: "\n").count == 20)
        #expect(again.stdout == dump.stdout)
    }

    @Test func exitCodesFollowTheContract() throws {
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        #expect(try cli.run(["show", "9999"]).status == 69)
        #expect(try cli.run(["import", cli.folder.appendingPathComponent("missing.jsonl").path]).status == 66)
        #expect(try cli.run(["moderate", "reject", "1"]).status == 64)
        #expect(try cli.run(["search", "--limit", "500", "care"]).status == 64)
        let illegal = try cli.run(["moderate", "approve", "1"])
        #expect(illegal.status == 1)
        #expect(illegal.stderr.contains("published"))
    }

    @Test func searchJSONIsOneDocumentAndTextAfterDoubleDashIsQueryText() throws {
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        let run = try cli.run(["search", "--format", "json", "--", "-care"])
        #expect(run.status == 0)
        let document = try CLIHarness.json(run)
        #expect(document["query"] as? String == "-care")
        #expect(document["corrected"] as? Bool == false)
        #expect(document["facets"] is [String: Any])
        for hostile in ["\"", "AND", "NEAR(a b)", "*", ":", "(((", "🙂", "title:care", "{title}: x", String(repeating: "x\" OR ", count: 2000)] {
            let result = try cli.run(["search", "--format", "json", "--", hostile])
            #expect(result.status == 0, "\(hostile.prefix(20)): \(result.stderr)")
        }
    }

    @Test func showPrintsJSONWithIdAndStatus() throws {
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        let document = try CLIHarness.json(try cli.run(["show", "1", "--format", "json"]))
        #expect(document["id"] as? Int == 1)
        #expect(document["status"] as? String == "published")
        let uid = try #require(document["uid"] as? String)
        let byUID = try CLIHarness.json(try cli.run(["show", uid, "--format", "json"]))
        #expect(byUID["title"] as? String == document["title"] as? String)
        #expect(try cli.run(["show", "1", "--format", "markdown"]).stdout.hasPrefix("# "))
    }

    @Test func submissionIsModeratedThenFound() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        let path = try cli.write("new.json", Data(exampleLine(title: "Zanzibar marigold garden for grieving families").utf8))
        // exercise
        let receipt = try CLIHarness.json(try cli.run(["submit", path, "--format", "json"]))
        let id = String(try #require(receipt["id"] as? Int))
        let before = try CLIHarness.json(try cli.run(["search", "--format", "json", "zanzibar"]))
        let queue = try CLIHarness.json(try cli.run(["moderate", "queue", "--format", "json"]))
        #expect(try cli.run(["moderate", "approve", id, "--as", "Moderator One"]).status == 0)
        let after = try CLIHarness.json(try cli.run(["search", "--format", "json", "zanzibar"]))
        let history = try CLIHarness.json(try cli.run(["history", id, "--format", "json"]))
        // validate
        #expect(receipt["status"] as? String == "submitted")
        #expect((receipt["edit_token"] as? String)?.count ?? 0 >= 40)
        #expect(before["total"] as? Int == 0)
        #expect((queue["items"] as? [[String: Any]])?.first?["id"] as? Int == Int(id))
        #expect(after["total"] as? Int == 1)
        let events = try #require(history["events"] as? [[String: Any]])
        #expect(events.map { $0["action"] as? String } == ["submit", "approve"])
        #expect(events.last?["actor"] as? String == "Moderator One")
    }

    @Test func reviewPeriodComesFromTheEnvironment() throws {
        let cli = try CLIHarness()
        _ = try cli.run(["init", "--no-examples"])
        let path = try cli.write("new.json", Data(exampleLine().utf8))
        let receipt = try CLIHarness.json(try cli.run(["submit", path, "--format", "json"]))
        let id = String(try #require(receipt["id"] as? Int))
        let approved = try CLIHarness.json(try cli.run(["moderate", "approve", id, "--format", "json"], environment: ["CASEBOOK_REVIEW_MONTHS": "6"]))
        let published = try #require(approved["published_at"] as? String)
        let due = try #require(approved["review_due"] as? String)
        let publishedMonth = Int(published.dropFirst(5).prefix(2))!, dueMonth = Int(due.dropFirst(5).prefix(2))!
        #expect((dueMonth - publishedMonth + 12) % 12 == 6)
        #expect(try cli.run(["stats"], environment: ["CASEBOOK_REVIEW_MONTHS": "lots"]).status == 64)
    }

    @Test func userTokenIsPrintedOnceAndStoredOnlyAsAHash() throws {
        let cli = try CLIHarness()
        _ = try cli.run(["init", "--no-examples"])
        let added = try CLIHarness.json(try cli.run(["user", "add", "sam", "--role", "moderator", "--format", "json"]))
        let token = try #require(added["token"] as? String)
        let list = try cli.run(["user", "list"])
        #expect(list.stdout.contains("sam"))
        #expect(!list.stdout.contains(token))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cli.database))
        #expect(bytes.range(of: Data(token.utf8)) == nil)
        #expect(try cli.run(["user", "revoke", "sam"]).status == 0)
        #expect(try cli.run(["user", "revoke", "sam"]).status == 69)
    }

    @Test func backupAndCheck() throws {
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        let copy = cli.folder.appendingPathComponent("copy.sqlite").path
        #expect(try cli.run(["backup", copy]).status == 0)
        #expect(try cli.run(["--db", copy, "check"], useDB: false).status == 0)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test func anInstalledBinaryFindsItsSeeds() throws {
        // setup: copy the binary and its resource bundle to a fresh folder, away from the source tree
        let cli = try CLIHarness()
        let install = cli.folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: install, withIntermediateDirectories: true)
        let built = CLIHarness.binary.deletingLastPathComponent()
        try FileManager.default.copyItem(at: CLIHarness.binary, to: install.appendingPathComponent("casebook"))
        let bundle = "casebook_CasebookSeeds.resources"
        try FileManager.default.copyItem(at: built.appendingPathComponent(bundle), to: install.appendingPathComponent(bundle))
        // keep three seed examples in the installed copy, so the count proves which seeds were read
        let examples = install.appendingPathComponent(bundle).appendingPathComponent("examples.jsonl")
        let lines = try String(contentsOf: examples, encoding: .utf8).split(separator: "\n").prefix(3)
        try (lines.joined(separator: "\n") + "\n").write(to: examples, atomically: true, encoding: .utf8)
        // exercise
        let run = try cli.run(["init"], executable: install.appendingPathComponent("casebook"))
        // validate
        #expect(run.status == 0)
        #expect(run.stdout.contains(": 3 examples"), "\(run.stdout)")
    }
}
