import Foundation
import GRDB
import Testing
@testable import CasebookKit

@Suite("Mail")
struct MailTests {
    func library() throws -> AppDatabase {
        var database = try AppDatabase.inMemory(seedExamples: false)
        database.publicURL = "https://casebook.example.org/"
        return database
    }

    func envelope(subject: String, name: String = "Casebook", body: String = "Hello.\n.\nBye.") -> MailEnvelope {
        MailEnvelope(
            messageID: "abc@casebook.example.org", date: Date(timeIntervalSince1970: 1_700_000_000), fromName: name,
            from: MailAddress("casebook@example.org")!, to: MailAddress("someone@example.org")!, subject: subject, body: body)
    }

    func headers(_ message: String) -> [String] {
        let head = message.components(separatedBy: "\r\n\r\n")[0]
        return head.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n")
    }

    /// Decodes RFC 2047 B-encoded words the way a mail reader joins them.
    func decodeWords(_ value: String) -> String {
        value.split(separator: " ").map { word -> String in
            guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?=") else { return String(word) }
            let base64 = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64))!, as: UTF8.self)
        }.joined()
    }

    @Test func injectedHeadersInSubjectAndNameStayPlainText() throws {
        let message = MailFormat.render(envelope(subject: "Hi\r\nBcc: victim@example.org", name: "Eve\r\nBcc: other@example.org"))
        let lines = headers(message)
        #expect(!lines.contains { $0.lowercased().hasPrefix("bcc:") })
        #expect(lines.contains("Subject: Hi Bcc: victim@example.org"))
        let from = try #require(lines.first { $0.hasPrefix("From: ") })
        #expect(decodeWords(String(from.dropFirst(6)).replacingOccurrences(of: " <casebook@example.org>", with: "")) == "Eve Bcc: other@example.org")
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func nonASCIISubjectsAreEncodedWordsThatDecodeBack() throws {
        let subject = "Casebook: we received \u{201C}Soins palliatifs à domicile — une équipe de nuit pour les aidants\u{201D}"
        let lines = headers(MailFormat.render(envelope(subject: subject)))
        let header = try #require(lines.first { $0.hasPrefix("Subject: ") })
        #expect(header.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(header.contains("=?utf-8?B?"))
        #expect(decodeWords(String(header.dropFirst(9))) == subject)
    }

    @Test func messageHasTheHeadersAndShortCRLFLines() throws {
        let message = MailFormat.render(envelope(subject: String(repeating: "word ", count: 60)))
        for name in [
            "Date: Tue, 14 Nov 2023 22:13:20 +0000", "Message-ID: <abc@casebook.example.org>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "To: <someone@example.org>"
        ] {
            #expect(headers(message).contains(name))
        }
        for line in message.components(separatedBy: "\r\n") { #expect(line.count <= 78) }
        let body = message.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "\r\n", with: "")
        #expect(String(decoding: Data(base64Encoded: body)!, as: UTF8.self) == "Hello.\r\n.\r\nBye.")
    }

    @Test func addressesWithHeaderCharactersAreRefused() {
        #expect(MailAddress("a@example.org\r\nBcc: b@example.org") == nil)
        #expect(MailAddress("a@example.org, b@example.org") == nil)
        #expect(MailAddress("<a@example.org>") == nil)
        #expect(MailAddress("ä@example.org") == nil)
        #expect(MailAddress("a.person@example.org")?.email == "a.person@example.org")
    }

    @Test func submissionWritesReceiptAndModeratorNoticesWithIt() throws {
        let database = try library()
        _ = try database.addAccount(name: "mod", role: .moderator, email: MailAddress("mod@example.org"))
        _ = try database.addAccount(name: "quiet", role: .moderator)
        let receipt = try database.submit(.mock(contact: Contact(email: "contact@example.org")), submitterEmail: MailAddress("me@example.org"))
        let mail = try database.outbox().sorted { $0.id < $1.id }
        #expect(mail.map(\.kind) == ["receipt", "new-submission"])
        #expect(mail.map(\.to) == ["me@example.org", "mod@example.org"])
        #expect(mail.allSatisfy { $0.status == .pending && $0.attempts == 0 })
        let body = try database.writer.read { db in try String.fetchOne(db, sql: "SELECT body FROM mail_message WHERE kind = 'receipt'") }
        #expect(body?.contains("https://casebook.example.org/submissions/\(receipt.id)/\(receipt.editToken)") == true)
    }

    @Test func receiptFallsBackToTheContactEmail() throws {
        let database = try library()
        _ = try database.submit(.mock(contact: Contact(email: "contact@example.org")))
        #expect(try database.outbox().map(\.to) == ["contact@example.org"])
    }

    @Test func aFailedSubmissionWritesNoMailAndMailThatCannotBeWrittenUndoesTheSubmission() throws {
        let database = try library()
        #expect(throws: (any Error).self) { try database.submit(.mock(title: "ab"), submitterEmail: MailAddress("me@example.org")) }
        #expect(try database.outbox().isEmpty)
        try database.writer.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER refuse_mail BEFORE INSERT ON mail_message BEGIN SELECT RAISE(ABORT, 'no mail'); END")
        }
        #expect(throws: (any Error).self) { try database.submit(.mock(), submitterEmail: MailAddress("me@example.org")) }
        let examples = try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM example") }
        #expect(examples == 0)
    }

    @Test func decisionsMailTheSubmitterWithTheNote() throws {
        let database = try library()
        let id = try database.submit(.mock(), submitterEmail: MailAddress("me@example.org")).id
        _ = try database.decide(.id(id), action: .requestChanges, note: "Please remove the ward name.", actor: "mod")
        let decision = try #require(try database.outbox().first { $0.kind == "decision" })
        #expect(decision.to == "me@example.org")
        #expect(decision.subject.contains("changes requested"))
        let body = try database.writer.read { db in try String.fetchOne(db, sql: "SELECT body FROM mail_message WHERE kind = 'decision'") }
        #expect(body?.contains("Please remove the ward name.") == true)
    }

    @Test func failedAttemptsBackOffAndEndAsFailed() async throws {
        let database = try library()
        _ = try await database.submit(.mock(), submitterEmail: MailAddress("me@example.org"))
        let policy = RetryPolicy(maxAttempts: 3, firstDelay: 30, longestDelay: 3_600)
        var now = Date()
        for attempt in 1...3 {
            let mail = try #require(try await database.claimDueMail(now: now, policy: policy))
            #expect(mail.attempt == attempt)
            try await database.markAttemptFailed(mail, error: "451 try later", policy: policy)
            let wait = TimeInterval(policy.delay(after: attempt))
            #expect(try await database.claimDueMail(now: now.addingTimeInterval(wait - 2), policy: policy) == nil)
            now = now.addingTimeInterval(wait + 1)
        }
        #expect(try database.outbox(status: .failed).count == 1)
        #expect(policy.delay(after: 1) == 30 && policy.delay(after: 2) == 60 && policy.delay(after: 8) == 3_600)
        let outcomes = try await database.writer.read { db in try String.fetchAll(db, sql: "SELECT outcome FROM mail_attempt ORDER BY number") }
        #expect(outcomes == ["retry", "retry", "failed"])
    }

    @Test func aClaimedMessageThatWasNeverMarkedIsSentAgainWithTheSameMessageID() async throws {
        let database = try library()
        _ = try await database.submit(.mock(), submitterEmail: MailAddress("me@example.org"))
        let policy = RetryPolicy(firstDelay: 5)
        let first = try #require(try await database.claimDueMail(policy: policy))
        let again = try #require(try await database.claimDueMail(now: Date().addingTimeInterval(6), policy: policy))
        #expect(again.messageID == first.messageID && again.attempt == 2)
        try await database.markSent(again)
        #expect(try database.outbox(status: .sent).count == 1)
        #expect(try await database.claimDueMail(now: Date().addingTimeInterval(600), policy: policy) == nil)
    }

    @Test func purgeDeletesOnlySentMailOlderThanTheDays() async throws {
        let database = try library()
        _ = try await database.submit(.mock(), submitterEmail: MailAddress("old@example.org"))
        _ = try await database.submit(.mock(), submitterEmail: MailAddress("new@example.org"))
        _ = try await database.submit(.mock(), submitterEmail: MailAddress("waiting@example.org"))
        let policy = RetryPolicy()
        let old = try #require(try await database.claimDueMail(policy: policy))
        try await database.markSent(old, at: Date().addingTimeInterval(-10 * 86_400))
        let new = try #require(try await database.claimDueMail(policy: policy))
        try await database.markSent(new, at: Date().addingTimeInterval(-2 * 86_400))
        #expect(try database.purgeSentMail(olderThanDays: 7) == 1)
        #expect(try database.outbox().map(\.to).sorted() == ["new@example.org", "waiting@example.org"])
    }
}
