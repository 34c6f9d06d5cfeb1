import Foundation
import Testing

@Suite("casebook moderation at scale", .serialized)
struct ModerationCLITests {
    /// An example whose summary holds a UK mobile number.
    static func flaggedExample(summary: String = "Call the team on 07700 900123 for night sitting.") -> Data {
        let object: [String: Any] = [
            "title": "Night sitters for families in a market town",
            "summary": summary,
            "foundations": ["24-7-access"],
            "organisation": ["name": "Test Hospice", "type": "hospice"]
        ]
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    @Test func approvingFlaggedTextNeedsTheAcknowledgementWhichTheHistoryRecords() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init", "--no-examples"])
        let receipt = try CLIHarness.json(try cli.run(["submit", try cli.write("flagged.json", Self.flaggedExample()), "--format", "json"]))
        let id = String(try #require(receipt["id"] as? Int))
        // exercise
        let refused = try cli.run(["moderate", "approve", id, "--as", "Moderator One"])
        let statusAfterRefusal = try CLIHarness.json(try cli.run(["show", id, "--format", "json"]))["status"] as? String
        let approved = try cli.run(["moderate", "approve", id, "--acknowledge-flags", "--as", "Moderator One"])
        let history = try CLIHarness.json(try cli.run(["history", id, "--format", "json"]))
        // validate
        let flags = try #require(receipt["flags"] as? [[String: Any]])
        #expect(flags.map { $0["kind"] as? String } == ["phone"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("phone in summary") && refused.stderr.contains("07700 900123"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--acknowledge-flags"))
        #expect(statusAfterRefusal == "submitted")
        #expect(approved.status == 0, "\(approved.stderr)")
        let events = try #require(history["events"] as? [[String: Any]])
        #expect(events.map { $0["action"] as? String } == ["submit", "acknowledge-flags", "approve"])
        #expect((events[1]["note"] as? String)?.contains("07700 900123") == true)
        #expect(events[1]["actor"] as? String == "Moderator One")
    }

    @Test func anEditKeepsBothVersionsAndScreensAgain() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init", "--no-examples"])
        let receipt = try CLIHarness.json(try cli.run(["submit", try cli.write("flagged.json", Self.flaggedExample()), "--format", "json"]))
        let id = String(try #require(receipt["id"] as? Int))
        let redacted = try cli.write("redacted.json", Self.flaggedExample(summary: "Call the team on the hospice switchboard for night sitting."))
        // exercise
        let edited = try cli.run(["moderate", "edit", id, redacted, "--as", "Moderator One", "--format", "json"])
        let versions = try CLIHarness.json(try cli.run(["history", id, "--versions", "--format", "json"]))
        let history = try CLIHarness.json(try cli.run(["history", id, "--format", "json"]))
        let approved = try cli.run(["moderate", "approve", id])
        // validate
        #expect(edited.status == 0, "\(edited.stderr)")
        let list = try #require(versions["versions"] as? [[String: Any]])
        #expect(list.map { $0["number"] as? Int } == [1, 2])
        #expect(list.map { $0["action"] as? String } == ["submit", "edit"])
        #expect(((list[0]["example"] as? [String: Any])?["summary"] as? String)?.contains("07700 900123") == true)
        #expect(((list[1]["example"] as? [String: Any])?["summary"] as? String)?.contains("switchboard") == true)
        #expect((history["events"] as? [[String: Any]])?.map { $0["action"] as? String } == ["submit", "edit"])
        #expect(approved.status == 0, "screening ran again and found nothing, so no acknowledgement is needed: \(approved.stderr)")
        #expect(try cli.run(["history", id, "--versions"]).stdout.contains("Version 2: edit by Moderator One"))
        #expect(try cli.run(["moderate", "edit", "999", redacted]).status == 69)
        #expect(try cli.run(["moderate", "reject", id, "--acknowledge-flags", "--note", "no"]).status == 64)
    }
}
