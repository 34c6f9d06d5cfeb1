import Foundation
import GRDB
import Testing
@testable import CasebookKit

@Suite("Accounts and tokens")
struct AccountTests {
    @Test func tokenIsShownOnceAndStoredOnlyAsItsHash() throws {
        // setup
        let database = try AppDatabase.inMemory()
        // exercise
        let (account, token) = try database.addAccount(name: "alice", role: .moderator)
        // validate
        #expect(account.name == "alice")
        #expect(account.role == .moderator)
        #expect(account.revokedAt == nil)
        #expect(token.count >= 40)
        let stored = try database.reader.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM account") }
        #expect(stored == [Token.hash(token)])
        #expect(stored.allSatisfy { !$0.contains(token) })
        #expect(Token.hash(token).count == 64)
        let dump = try database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account").map { "\($0)" }.joined()
        }
        #expect(!dump.contains(token))
    }

    @Test func tokensDifferAndHashIsStable() {
        let first = Token.generate().secret
        let second = Token.generate().secret
        #expect(first != second)
        #expect(Token.hash(first) == Token.hash(first))
        #expect(Token.hash(first) != Token.hash(second))
        #expect(Token.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(first.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test func tokenAuthenticatesItsAccountOnly() throws {
        let database = try AppDatabase.inMemory()
        let (alice, aliceToken) = try database.addAccount(name: "alice", role: .moderator)
        let (bob, bobToken) = try database.addAccount(name: "bob", role: .admin)
        #expect(try database.account(forToken: aliceToken) == alice)
        #expect(try database.account(forToken: bobToken)?.role == .admin)
        #expect(try database.account(forToken: bobToken)?.id == bob.id)
        #expect(try database.account(forToken: "wrong") == nil)
        #expect(try database.account(forToken: "") == nil)
        #expect(try database.account(forToken: aliceToken + "x") == nil)
        #expect(try database.account(forToken: Token.hash(aliceToken)) == nil)
    }

    @Test func revokedTokenNoLongerAuthenticates() throws {
        let database = try AppDatabase.inMemory()
        let (_, token) = try database.addAccount(name: "alice", role: .moderator)
        let (_, other) = try database.addAccount(name: "bob", role: .moderator)
        try database.revokeAccount(name: "alice")
        #expect(try database.account(forToken: token) == nil)
        #expect(try database.account(forToken: other)?.name == "bob")
        #expect(try database.accounts().first { $0.name == "alice" }?.revokedAt != nil)
        #expect(throws: LibraryError.self) { try database.revokeAccount(name: "alice") }
        #expect(throws: LibraryError.self) { try database.revokeAccount(name: "nobody") }
    }

    @Test func duplicateNameIsRefused() throws {
        let database = try AppDatabase.inMemory()
        _ = try database.addAccount(name: "alice", role: .moderator)
        #expect(throws: LibraryError.self) { _ = try database.addAccount(name: "alice", role: .admin) }
        #expect(throws: LibraryError.self) { _ = try database.addAccount(name: "  alice  ", role: .admin) }
        #expect(try database.accounts().map(\.name) == ["alice"])
        #expect(try database.accounts().first?.role == .moderator)
    }

    @Test func badNamesAreRefused() throws {
        let database = try AppDatabase.inMemory()
        #expect(throws: InvalidInput.self) { _ = try database.addAccount(name: "   ", role: .moderator) }
        #expect(throws: InvalidInput.self) { _ = try database.addAccount(name: String(repeating: "n", count: 101), role: .moderator) }
        #expect(try database.accounts().isEmpty)
    }

    @Test func editTokenMatchesOnlyItsOwnSubmission() throws {
        // setup
        let database = try AppDatabase.inMemory()
        let first = try database.submit(.mock(title: "First submission here"))
        let second = try database.submit(.mock(title: "Second submission here"))
        // validate
        #expect(first.editToken != second.editToken)
        #expect(try database.editTokenMatches(first.editToken, exampleID: first.id))
        #expect(try database.editTokenMatches(second.editToken, exampleID: second.id))
        #expect(try !database.editTokenMatches(first.editToken, exampleID: second.id))
        #expect(try !database.editTokenMatches(second.editToken, exampleID: first.id))
        #expect(try !database.editTokenMatches("guess", exampleID: first.id))
        #expect(try !database.editTokenMatches(first.editToken, exampleID: 999))
        let stored = try database.reader.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM submission_token ORDER BY example_id") }
        #expect(stored == [Token.hash(first.editToken), Token.hash(second.editToken)])
        // an edit token is not a moderator's token
        #expect(try database.account(forToken: first.editToken) == nil)
    }

    @Test func submitMakesANewUIDWhateverTheDraftSays() throws {
        let database = try AppDatabase.inMemory()
        let uid = "33333333-3333-4333-8333-333333333333"
        let receipt = try database.submit(.mock(uid: uid, status: .published, publishedAt: "2020-01-01T00:00:00Z"))
        #expect(receipt.uid != uid)
        #expect(UUID(uuidString: receipt.uid) != nil)
        #expect(receipt.status == .submitted)
        let stored = try database.requireExample(.uid(receipt.uid))
        #expect(stored.status == .submitted)
        #expect(stored.example.publishedAt == nil)
    }
}
