import Foundation
import Testing

@Suite("Local guides from the command line")
struct GuideCLITests {
    @Test func createShowEditionUpdateListAndDelete() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        let document = Data(
            #"{"title": "North Moorland partnership", "area": "North Moorland ICB", "foundations": [{"foundation": "shared-records", "rating": "developing", "actions": [{"what": "Agree a shared ReSPECT process", "done": false}]}]}"#
                .utf8)
        // exercise
        let created = try cli.run(["guide", "create", "-"], input: document)
        let keys = try CLIHarness.json(created)
        let id = String(try #require(keys["id"] as? Int))
        let edition = try cli.run(["guide", "edition", id, "--label", "November", "--format", "json"])
        let changed = try cli.run(
            ["guide", "update", id, "-"], input: Data(#"{"title": "North Moorland partnership", "foundations": [{"foundation": 2, "rating": 4}]}"#.utf8))
        let current = try cli.run(["guide", "show", id, "--format", "json"])
        let first = try cli.run(["guide", "show", id, "--edition", "1", "--format", "json"])
        let listed = try cli.run(["guide", "list", "--format", "json"])
        let compared = try cli.run(["guide", "compare", id, "--to", "current", "--format", "json"])
        let gaps = try cli.run(["guide", "gaps", id, "--format", "json"])
        let bad = try cli.run(["guide", "create", "-"], input: Data(#"{"title": "x", "foundations": [{"foundation": "nowhere"}]}"#.utf8))
        let deleted = try cli.run(["guide", "delete", id])
        let gone = try cli.run(["guide", "show", id])
        // validate
        #expect(created.status == 0, "\(created.stderr)")
        #expect((keys["edit_token"] as? String)?.count ?? 0 >= 40 && (keys["share_token"] as? String)?.count ?? 0 >= 40)
        #expect(try CLIHarness.json(edition)["number"] as? Int == 1)
        #expect(changed.status == 0, "\(changed.stderr)")
        func rating(_ run: CLIHarness.Run) throws -> String? {
            let foundations = try #require(try CLIHarness.json(run)["foundations"] as? [[String: Any]])
            return foundations.first { $0["foundation"] as? String == "shared-records" }?["rating"] as? String
        }
        #expect(try rating(current) == "embedded")
        #expect(try rating(first) == "developing", "the saved edition keeps what it held")
        #expect((try CLIHarness.json(listed)["guides"] as? [[String: Any]])?.first?["editions"] as? Int == 1)
        let changes = try #require(try CLIHarness.json(compared)["foundations"] as? [[String: Any]])
        let records = try #require(changes.first { $0["foundation"] as? String == "shared-records" })
        #expect(records["rating_from"] as? String == "developing" && records["rating_to"] as? String == "embedded")
        #expect(try CLIHarness.json(compared)["to"] as? String == "current")
        let gapList = try #require(try CLIHarness.json(gaps)["gaps"] as? [[String: Any]])
        #expect(gapList.count == 10 && gapList.last?["foundation"] as? String == "shared-records", "the one embedded foundation comes last")
        #expect(((gapList.first?["suggested"] as? [[String: Any]])?.count ?? 0) > 0, "the seeds give suggestions")
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("title") && bad.stderr.contains("foundations[0].foundation"), "\(bad.stderr)")
        #expect(deleted.status == 0)
        #expect(gone.status == 69)
    }

    @Test func exportsAreMarkdownAndJSONThatCreatesTheGuideAgain() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init"])
        let document = Data(
            #"{"title": "Moorland *partnership*", "contact": {"name": "A. Person", "email": "a@example.org"}, "foundations": [{"foundation": "24-7-access", "rating": 2, "answers": ["Out of hours <b>line</b>"], "actions": [{"what": "Publish the rota", "owner": "J. Smith", "due": "2027-01", "done": true}]}]}"#
                .utf8)
        let id = String(try #require(try CLIHarness.json(try cli.run(["guide", "create", "-"], input: document))["id"] as? Int))
        let markdownPath = cli.folder.appendingPathComponent("guide.md").path
        let jsonPath = cli.folder.appendingPathComponent("guide.json").path
        // exercise
        let markdown = try cli.run(["guide", "export", id, "--format", "markdown", "--output", markdownPath, "--all-foundations"])
        let json = try cli.run(["guide", "export", id, "--format", "json", "--output", jsonPath])
        let again = try cli.run(["guide", "create", jsonPath])
        let htmlPath = cli.folder.appendingPathComponent("guide.html").path
        let wordPath = cli.folder.appendingPathComponent("guide.docx").path
        let html = try cli.run(["guide", "export", id, "--format", "html", "--output", htmlPath])
        let word = try cli.run(["guide", "export", id, "--format", "docx", "--output", wordPath, "--all-foundations"])
        let docx = try cli.run(["guide", "export", id, "--format", "pdf", "--output", jsonPath])
        let shown = try cli.run(["guide", "show", id, "--format", "markdown"])
        // validate
        #expect(markdown.status == 0 && json.status == 0, "\(markdown.stderr) \(json.stderr)")
        let text = try String(contentsOfFile: markdownPath, encoding: .utf8)
        #expect(text.contains("# Moorland \\*partnership\\*"), "the team's text is escaped")
        #expect(text.contains("Out of hours &lt;b&gt;line&lt;/b&gt;") && !text.contains("<b>"))
        #expect(text.contains("- [x] Publish the rota (J. Smith, by 2027-01)"))
        #expect(text.contains("## 10. ") && text.contains("(not answered yet)"), "--all-foundations keeps every foundation")
        #expect(text.contains("Your local contact is:") && text.contains("CC BY 4.0"))
        #expect(shown.stdout.hasPrefix("# Moorland \\*partnership\\*") && !shown.stdout.contains("## 10. "), "show prints the filled foundations")
        #expect(again.status == 0, "\(again.stderr)")
        let newID = String(try #require(try CLIHarness.json(again)["id"] as? Int))
        let first = try CLIHarness.json(try cli.run(["guide", "show", id, "--format", "json"]))
        let second = try CLIHarness.json(try cli.run(["guide", "show", newID, "--format", "json"]))
        let foundations = try #require(first["foundations"] as? NSArray)
        #expect(foundations == second["foundations"] as? NSArray, "the JSON export reads back as the same guide")
        #expect(docx.status != 0 && docx.stderr.contains("markdown"), "an unsupported format is named with the choices")
        #expect(html.status == 0 && word.status == 0, "\(html.stderr) \(word.stderr)")
        let page = try String(contentsOfFile: htmlPath, encoding: .utf8)
        #expect(page.contains("<h1>Moorland *partnership*</h1>") && page.contains("Out of hours &lt;b&gt;line&lt;/b&gt;"), "HTML escapes the team's text")
        #expect(
            page.contains("Your local contact is:") && page.contains("CC BY 4.0") && !page.contains("9. "),
            "only the filled foundation without --all-foundations")
        let wordBytes = try Data(contentsOf: URL(fileURLWithPath: wordPath))
        #expect(wordBytes.prefix(2) == Data([0x50, 0x4B]), "a Word document is a zip package")
    }
}
