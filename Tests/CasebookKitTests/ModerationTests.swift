import Foundation
import GRDB
import Testing
@testable import CasebookKit

@Suite("Moderation")
struct ModerationTests {
    func library() throws -> AppDatabase { try AppDatabase.inMemory(seedExamples: false) }

    /// An example in the given status, reached only through legal moves.
    func example(in status: ExampleStatus, database: AppDatabase, title: String = "A submission about hospice volunteers") throws -> Int64 {
        let id = try database.submit(.mock(title: title)).id
        switch status {
        case .submitted: break
        case .changesRequested: _ = try database.decide(.id(id), action: .requestChanges, note: "more detail", actor: "mod")
        case .published: _ = try database.decide(.id(id), action: .approve, note: nil, actor: "mod", acknowledgeFlags: true)
        case .rejected: _ = try database.decide(.id(id), action: .reject, note: "off topic", actor: "mod")
        case .withdrawn:
            _ = try database.decide(.id(id), action: .approve, note: nil, actor: "mod", acknowledgeFlags: true)
            _ = try database.decide(.id(id), action: .withdraw, note: "out of date", actor: "mod")
        }
        #expect(try database.requireExample(.id(id)).status == status)
        return id
    }

    func expectLast(
        _ history: [ModerationEvent], action: String, from: ExampleStatus?, to: ExampleStatus, actor: String, note: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let last = history.last else {
            Issue.record("empty history", sourceLocation: sourceLocation)
            return
        }
        #expect(last.action == action, sourceLocation: sourceLocation)
        #expect(last.from == from, sourceLocation: sourceLocation)
        #expect(last.to == to, sourceLocation: sourceLocation)
        #expect(last.actor == actor, sourceLocation: sourceLocation)
        #expect(last.note == note, sourceLocation: sourceLocation)
        #expect(!last.at.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func submitThenApproveThenWithdraw() throws {
        // setup
        let database = try library()
        let receipt = try database.submit(.mock(title: "Hospice volunteers at the front door"), actor: "web")
        #expect(receipt.status == .submitted)
        var history = try database.history(.id(receipt.id))
        #expect(history.count == 1)
        expectLast(history, action: "submit", from: nil, to: .submitted, actor: "web", note: nil)
        // exercise: approve
        let approved = try database.decide(.id(receipt.id), action: .approve, note: "Lovely", actor: "alice")
        // validate
        #expect(approved.status == .published)
        history = try database.history(.uid(receipt.uid))
        #expect(history.count == 2)
        expectLast(history, action: "approve", from: .submitted, to: .published, actor: "alice", note: "Lovely")
        // exercise: withdraw
        let withdrawn = try database.decide(.id(receipt.id), action: .withdraw, note: "  Superseded  ", actor: "bob")
        #expect(withdrawn.status == .withdrawn)
        history = try database.history(.id(receipt.id))
        #expect(history.count == 3)
        expectLast(history, action: "withdraw", from: .published, to: .withdrawn, actor: "bob", note: "Superseded")
        #expect(history.map(\.action) == ["submit", "approve", "withdraw"])
    }

    @Test func submitThenReject() throws {
        let database = try library()
        let id = try database.submit(.mock()).id
        let rejected = try database.decide(.id(id), action: .reject, note: "Not about end of life care", actor: "alice")
        #expect(rejected.status == .rejected)
        let history = try database.history(.id(id))
        #expect(history.count == 2)
        expectLast(history, action: "reject", from: .submitted, to: .rejected, actor: "alice", note: "Not about end of life care")
    }

    @Test func requestChangesThenReviseThenApprove() throws {
        // setup
        let database = try library()
        let id = try database.submit(.mock(title: "First draft title")).id
        // exercise: request changes
        let changes = try database.decide(.id(id), action: .requestChanges, note: "Please add outcomes", actor: "alice")
        #expect(changes.status == .changesRequested)
        expectLast(
            try database.history(.id(id)), action: "request-changes", from: .submitted, to: .changesRequested, actor: "alice", note: "Please add outcomes")
        // exercise: revise
        let revised = try database.revise(.id(id), with: .mock(title: "Second draft title", body: "Now with outcomes."), actor: "submitter")
        #expect(revised.status == .submitted)
        #expect(revised.example.title == "Second draft title")
        #expect(revised.example.body == "Now with outcomes.")
        expectLast(try database.history(.id(id)), action: "revise", from: .changesRequested, to: .submitted, actor: "submitter", note: nil)
        // exercise: approve
        let approved = try database.decide(.id(id), action: .approve, note: nil, actor: "bob")
        #expect(approved.status == .published)
        let history = try database.history(.id(id))
        expectLast(history, action: "approve", from: .submitted, to: .published, actor: "bob", note: nil)
        #expect(history.map(\.action) == ["submit", "request-changes", "revise", "approve"])
        #expect(history.map(\.to) == [.submitted, .changesRequested, .submitted, .published])
    }

    @Test func statusMachineMatchesTheSchemaTable() throws {
        let database = try library()
        let rows = try database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT from_status, action, to_status FROM status_transition").map {
                "\($0[0] as String) \($0[1] as String) \($0[2] as String)"
            }
        }
        let machine = StatusMachine.transitions.map { "\($0.from.rawValue) \($0.action.rawValue) \($0.to.rawValue)" }
        #expect(Set(rows) == Set(machine))
        #expect(machine.count == 5)
    }

    @Test func everyIllegalTransitionIsRefused() throws {
        let database = try library()
        var tried = 0
        for status in ExampleStatus.allCases {
            for action in ModerationAction.allCases
            where !StatusMachine.transitions.contains(where: { $0.from == status && $0.action == action }) {
                // setup
                let id = try example(in: status, database: database)
                let before = try database.history(.id(id))
                // exercise
                var caught: (any Error)?
                do {
                    if action == .revise {
                        _ = try database.revise(.id(id), with: .mock(title: "A revision that must not land"))
                    } else {
                        _ = try database.decide(.id(id), action: action, note: "a note", actor: "mod")
                    }
                } catch {
                    caught = error
                }
                // validate
                tried += 1
                #expect(caught as? LibraryError == .illegalTransition(action: action.rawValue, status: status), "\(status) \(action)")
                #expect("\(caught.map { "\($0)" } ?? "")".contains(status.rawValue), "message names \(status.rawValue)")
                #expect(throws: LibraryError.self) { _ = try StatusMachine.next(from: status, by: action) }
                #expect(try database.history(.id(id)) == before, "\(status) \(action) grew the history")
                let stored = try database.requireExample(.id(id))
                #expect(stored.status == status)
                #expect(stored.example.title != "A revision that must not land")
            }
        }
        #expect(tried == ExampleStatus.allCases.count * ModerationAction.allCases.count - StatusMachine.transitions.count)
    }

    @Test(arguments: [ModerationAction.reject, .requestChanges, .withdraw])
    func decisionsThatNeedANoteRefuseWithoutOne(action: ModerationAction) throws {
        let database = try library()
        let status: ExampleStatus = action == .withdraw ? .published : .submitted
        let id = try example(in: status, database: database)
        let before = try database.history(.id(id))
        for note in [nil, "", "   \n"] as [String?] {
            do {
                _ = try database.decide(.id(id), action: action, note: note, actor: "mod")
                Issue.record("\(action) without a note was accepted")
            } catch let error as InvalidInput {
                #expect(error.errors.map(\.field) == ["note"])
            }
        }
        #expect(try database.history(.id(id)) == before)
        #expect(try database.requireExample(.id(id)).status == status)
    }

    @Test func unknownExampleIsNotFound() throws {
        let database = try library()
        #expect(throws: LibraryError.notFound("example 404")) {
            _ = try database.decide(.id(404), action: .approve, note: nil, actor: "mod")
        }
        #expect(throws: LibraryError.self) { _ = try database.history(.uid("no-such-uid")) }
        #expect(throws: LibraryError.self) { _ = try database.revise(.id(404), with: .mock()) }
    }

    @Test func submissionIsSearchableOnlyWhilePublished() throws {
        // setup
        let database = try library()
        let id = try database.submit(.mock(title: "Kingfisher garden for relatives", summary: "A quiet kingfisher garden for relatives to sit in.")).id
        func found() throws -> Bool { try database.search(SearchQuery(text: "kingfisher")).results.contains { $0.id == id } }
        // validate
        #expect(try !found())
        _ = try database.decide(.id(id), action: .approve, note: nil, actor: "mod")
        #expect(try found())
        _ = try database.decide(.id(id), action: .withdraw, note: "asked by the team", actor: "mod")
        #expect(try !found())
        #expect(try database.search(SearchQuery()).total == 0)
    }

    @Test func approvingSetsPublicationAndReviewDates() throws {
        let database = try library()
        let receipt = try database.submit(.mock(publishedAt: "1999-01-01T00:00:00Z", reviewDue: "2000-01-01"))
        let submitted = try database.requireExample(.id(receipt.id))
        #expect(submitted.example.publishedAt == nil)
        #expect(submitted.example.reviewDue == nil)
        let before = Date()
        let approved = try database.decide(.id(receipt.id), action: .approve, note: nil, actor: "mod")
        let published = try #require(approved.example.publishedAt)
        let publishedDate = try Date(published, strategy: .iso8601)
        #expect(abs(publishedDate.timeIntervalSince(before)) < 60)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let expectedDue = calendar.date(byAdding: .year, value: 2, to: publishedDate)!
        let expected = expectedDue.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
        #expect(approved.example.reviewDue == expected)
        #expect(approved.example.reviewDue?.prefix(4) == String(calendar.component(.year, from: publishedDate) + 2).prefix(4))
    }

    @Test func queueListsSubmissionsOldestFirstAndAllAddsMore() throws {
        // setup
        let database = try library()
        let first = try database.submit(.mock(title: "First submission in the queue")).id
        let second = try database.submit(.mock(title: "Second submission in the queue")).id
        let changes = try example(in: .changesRequested, database: database, title: "One awaiting changes")
        let published = try example(in: .published, database: database, title: "One already published")
        _ = try example(in: .rejected, database: database, title: "One rejected")
        _ = try example(in: .withdrawn, database: database, title: "One withdrawn")
        try database.importExamples([.mock(title: "An old import, long overdue", publishedAt: "2001-01-01T00:00:00Z")])
        let overdue = try database.allExamples().last!.id
        let third = try database.submit(.mock(title: "Third submission in the queue")).id
        // exercise
        let queue = try database.moderationQueue()
        let everything = try database.moderationQueue(all: true, today: "2999-01-01")
        let allToday = try database.moderationQueue(all: true)
        // validate
        #expect(queue.map(\.id) == [first, second, third])
        #expect(queue.allSatisfy { $0.status == .submitted })
        #expect(everything.prefix(3).map(\.id) == [first, second, third])
        #expect(Set(everything.map(\.id)) == [first, second, third, changes, published, overdue])
        #expect(everything[3].id == changes)
        #expect(Set(allToday.map(\.id)) == [first, second, third, changes, overdue])
    }

    @Test func queueCarriesScreeningFlags() throws {
        let database = try library()
        _ = try database.submit(.mock(body: "Call Mrs Smith on 07700 900123 or write to smith@example.org."))
        let item = try #require(try database.moderationQueue().first)
        #expect(Set(item.flags.map(\.kind)) == [.phone, .email])
        #expect(item.flags.allSatisfy { $0.field == "body" })
    }

    @Test func nearDuplicateOfAPublishedExampleIsFlagged() throws {
        let database = try library()
        let original = Example.mock(
            title: "Night sitting volunteers for dying patients", summary: "Volunteers sit overnight with dying patients so families can rest.")
        try database.importExamples([original])
        let receipt = try database.submit(original)
        let flags = try database.requireExample(.id(receipt.id)).flags
        #expect(flags.contains { $0.kind == .possibleDuplicate })
        let other = try database.submit(.mock(title: "Completely unrelated pharmacy audit", summary: "An audit of stock levels in community pharmacies."))
        #expect(try database.requireExample(.id(other.id)).flags.isEmpty)
    }

    @Test func schemaRefusesAnUnauditedStatusChange() throws {
        // setup
        let database = try library()
        let id = try database.submit(.mock()).id
        let published = try example(in: .published, database: database)
        // exercise and validate
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "UPDATE example SET status = 'published' WHERE id = ?", arguments: [id])
            }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "UPDATE example SET status = 'published', published_at = '2024-01-01T00:00:00Z' WHERE id = ?", arguments: [id])
            }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "UPDATE example SET status = 'submitted' WHERE id = ?", arguments: [published])
            }
        }
        // an audit event for an illegal move does not make it legal
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO moderation_event (example_id, at, actor, action, from_status, to_status) VALUES (?, 'now', 'x', 'withdraw', 'submitted', 'withdrawn')
                        """, arguments: [id])
                try db.execute(sql: "UPDATE example SET status = 'withdrawn' WHERE id = ?", arguments: [id])
            }
        }
        #expect(try database.requireExample(.id(id)).status == .submitted)
        #expect(try database.requireExample(.id(published)).status == .published)
    }

    @Test func auditEventsCannotBeChangedOrDeleted() throws {
        let database = try library()
        let id = try example(in: .published, database: database)
        let before = try database.history(.id(id))
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "UPDATE moderation_event SET actor = 'someone else' WHERE example_id = ?", arguments: [id])
            }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "DELETE FROM moderation_event WHERE example_id = ?", arguments: [id])
            }
        }
        #expect(try database.history(.id(id)) == before)
    }
}
