import Foundation
import Testing

@Suite("casebook mail")
struct MailCLITests {
    static func submission() -> Data {
        let object: [String: Any] = [
            "title": "Evening sitters for carers in a coastal town",
            "summary": "Volunteers sit with the person in the evening so their carer can rest.",
            "foundations": ["24-7-access"],
            "organisation": ["name": "Test Hospice", "type": "hospice"],
            "submitter_email": "sub@example.org"
        ]
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// A loopback port with nothing listening on it.
    static func closedPort() -> String { "9" }

    @Test func theOutboxListsWhatASubmissionWroteAndSendWaitsForARelay() throws {
        // setup
        let cli = try CLIHarness()
        _ = try cli.run(["init", "--no-examples"])
        let badEmail = try cli.run(["user", "add", "eve", "--role", "moderator", "--email", "eve@example.org\r\nBcc: x@example.org"])
        _ = try cli.run(["user", "add", "mod", "--role", "moderator", "--email", "mod@example.org"])
        _ = try cli.run(["submit", try cli.write("example.json", Self.submission())])
        // exercise
        let listed = try CLIHarness.json(try cli.run(["mail", "list", "--format", "json"]))
        let noRelay = try cli.run(["mail", "send"])
        let down = try cli.run(["mail", "send", "--smtp-host", "127.0.0.1", "--smtp-port", Self.closedPort(), "--mail-from", "casebook@example.org"])
        let pending = try CLIHarness.json(try cli.run(["mail", "list", "--status", "pending", "--format", "json"]))
        let purged = try cli.run(["mail", "purge", "--older-than", "0"])
        // validate
        #expect(badEmail.status == 64)
        let messages = try #require(listed["messages"] as? [[String: Any]])
        #expect(Set(messages.map { $0["kind"] as? String ?? "" }) == ["receipt", "new-submission"])
        #expect(Set(messages.map { $0["to"] as? String ?? "" }) == ["sub@example.org", "mod@example.org"])
        #expect(Set(messages[0].keys) == ["id", "to", "subject", "kind", "status", "attempts", "created_at", "sent_at"])
        #expect(noRelay.status == 64)
        #expect(down.status == 1)
        let waiting = try #require(pending["messages"] as? [[String: Any]])
        #expect(waiting.count == 2 && waiting.contains { $0["attempts"] as? Int == 1 })
        #expect(purged.status == 0 && purged.stdout.contains("Deleted 0"))
    }
}
