import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ModerationScaleTests {
    /// A submission whose summary holds a UK mobile number.
    static func flagged(_ summary: String = "Call the team on 07700 900123 for night sitting at home.") -> [String: Any] {
        var object = Fixture.submission(title: "Night sitters for families in a coastal town")
        object["summary"] = summary
        return object
    }

    @Test func approvingFlaggedTextIsAConflictUntilAcknowledged() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let response = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true),
                body: Fixture.body(Self.flagged()))
            let receipt = try Fixture.json(response)
            let id = try #require(receipt["id"] as? Int)
            // exercise
            let refused = try await client.decide(id, "approve", token: server.moderatorToken)
            let badFlag = try await client.execute(
                uri: "/api/v1/moderation/\(id)/decision", method: .post, headers: .bearer(server.moderatorToken, json: true),
                body: Fixture.body(["action": "approve", "acknowledge_flags": "yes"]))
            let approved = try await client.execute(
                uri: "/api/v1/moderation/\(id)/decision", method: .post, headers: .bearer(server.moderatorToken, json: true),
                body: Fixture.body(["action": "approve", "acknowledge_flags": true]))
            let history = try Fixture.json(
                try await client.execute(uri: "/api/v1/examples/\(id)/history", method: .get, headers: .bearer(server.moderatorToken)))
            // validate
            #expect(response.status == .created)
            #expect((receipt["flags"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["phone"])
            let problem = try expectProblem(refused, .conflict)
            #expect((problem["detail"] as? String)?.contains("07700 900123") == true)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "summary")
            #expect(fieldNames(try expectProblem(badFlag, .unprocessableContent)) == ["acknowledge_flags"])
            #expect(try Fixture.json(approved)["status"] as? String == "published")
            let events = try #require(history["events"] as? [[String: Any]])
            #expect(events.map { $0["action"] as? String } == ["submit", "acknowledge-flags", "approve"])
            #expect(events[1]["actor"] as? String == "mod")
        }
    }

    @Test func aModeratorEditKeepsBothVersionsAndScreensAgain() async throws {
        let server = try TestServer()
        try await server.test { client in
            // setup
            let submitted = try await client.submit(Self.flagged())
            var redacted = Self.flagged("Call the hospice switchboard for night sitting at home.")
            redacted["title"] = "Night sitters for families in a coastal town"
            // exercise
            let anonymous = try await client.execute(
                uri: "/api/v1/moderation/\(submitted.id)/example", method: .put,
                headers: .bearer(nil, json: true), body: Fixture.body(redacted))
            let asSubmitter = try await client.execute(
                uri: "/api/v1/moderation/\(submitted.id)/example", method: .put,
                headers: .bearer(submitted.token, json: true), body: Fixture.body(redacted))
            let edited = try await client.execute(
                uri: "/api/v1/moderation/\(submitted.id)/example", method: .put,
                headers: .bearer(server.moderatorToken, json: true), body: Fixture.body(redacted))
            let invalid = try await client.execute(
                uri: "/api/v1/moderation/\(submitted.id)/example", method: .put,
                headers: .bearer(server.moderatorToken, json: true), body: Fixture.body(["title": "x"]))
            let bySubmitter = try await client.execute(uri: "/api/v1/submissions/\(submitted.id)/versions", method: .get, headers: .bearer(submitted.token))
            let byModerator = try await client.execute(
                uri: "/api/v1/submissions/\(submitted.id)/versions", method: .get, headers: .bearer(server.moderatorToken))
            let byNobody = try await client.execute(uri: "/api/v1/submissions/\(submitted.id)/versions", method: .get)
            let other = try await client.submit(Fixture.submission(title: "Singing group for carers in the evening"))
            let byOtherSubmitter = try await client.execute(uri: "/api/v1/submissions/\(submitted.id)/versions", method: .get, headers: .bearer(other.token))
            let history = try Fixture.json(
                try await client.execute(uri: "/api/v1/examples/\(submitted.id)/history", method: .get, headers: .bearer(server.moderatorToken)))
            let approved = try await client.decide(submitted.id, "approve", token: server.moderatorToken)
            // validate
            try expectProblem(anonymous, .unauthorized)
            try expectProblem(asSubmitter, .forbidden)
            #expect(edited.status == .ok)
            #expect(try Fixture.json(edited)["summary"] as? String == "Call the hospice switchboard for night sitting at home.")
            try expectProblem(invalid, .unprocessableContent)
            #expect(bySubmitter.status == .ok && byModerator.status == .ok)
            try expectProblem(byNobody, .unauthorized)
            try expectProblem(byOtherSubmitter, .forbidden)
            let versions = try #require(try Fixture.json(bySubmitter)["versions"] as? [[String: Any]])
            #expect(versions.map { $0["number"] as? Int } == [1, 2])
            #expect(versions.map { $0["action"] as? String } == ["submit", "edit"])
            #expect(versions.allSatisfy { $0["actor"] == nil }, "a submitter never sees a moderator's name")
            #expect(((versions[0]["example"] as? [String: Any])?["summary"] as? String)?.contains("07700 900123") == true)
            #expect(!(((versions[1]["example"] as? [String: Any])?["summary"] as? String)?.contains("07700") ?? true))
            #expect((history["events"] as? [[String: Any]])?.map { $0["action"] as? String } == ["submit", "edit"])
            #expect(approved.status == .ok, "screening ran again, so the redacted text needs no acknowledgement")
        }
    }

    @Test func theQueueIsWorkedInSectionsWithCountsAndPaging() async throws {
        // setup: 20 seeds and 280 more published examples, 40 of them past review, then 5 new submissions
        let server = try TestServer()
        let more = (1...280).map { number in
            Example(
                title: "Library example \(number) of shared care", summary: "Example \(number) of what a team tried and learnt locally.",
                foundations: ["shared-records"], organisation: Organisation(name: "Trust \(number)", type: .acuteTrust),
                status: .published, publishedAt: "2022-01-01T00:00:00Z",
                reviewDue: number <= 40 ? String(format: "2024-%02d-%02d", 1 + number % 12, 1 + number / 12) : "2099-01-01")
        }
        try server.database.importExamples(more)
        let published = try server.database.allExamples(status: .published)
        let overdue = published.filter { ($0.example.reviewDue ?? "9999") < Timestamp.today() }.count
        #expect(published.count == 300 && overdue >= 40)
        try await server.test { client in
            var submitted: [Int] = []
            for number in 1...5 {
                submitted.append(try await client.submit(Fixture.submission(title: "Zebra \(number) befriending for people living alone")).id)
            }
            let changed = try await client.submit(Fixture.submission(title: "Quilting circle for bereaved partners"))
            _ = try await client.decide(changed.id, "request-changes", note: "Say what happened", token: server.moderatorToken)
            // exercise
            let get = { (query: String) in
                try await client.execute(uri: "/api/v1/moderation/queue?" + query, method: .get, headers: .bearer(server.moderatorToken))
            }
            let new = try Fixture.json(try await get("section=new&limit=20&offset=0"))
            let dueFirst = try Fixture.json(try await get("section=review-due&limit=15&offset=0"))
            let dueLast = try Fixture.json(try await get("section=review-due&limit=15&offset=\(overdue - 10)"))
            let waiting = try Fixture.json(try await get("section=changes-requested"))
            let badSection = try await get("section=old")
            let badLimit = try await get("section=new&limit=0")
            let anonymous = try await client.execute(uri: "/api/v1/moderation/queue?section=new", method: .get)
            // validate
            let counts = try #require(new["counts"] as? [String: Int])
            #expect(counts == ["new": 5, "resubmitted": 0, "changes-requested": 1, "review-due": overdue, "adoptions": 0])
            #expect(new["total"] as? Int == 5)
            let items = try #require(new["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["id"] as? Int } == submitted, "page 1 of new holds exactly the 5, oldest first")
            #expect(items.allSatisfy { $0["section"] as? String == "new" })
            let firstDue = try #require(dueFirst["items"] as? [[String: Any]])
            let lastDue = try #require(dueLast["items"] as? [[String: Any]])
            #expect(firstDue.count == 15 && lastDue.count == 10 && dueLast["total"] as? Int == overdue)
            let dates = (firstDue + lastDue).compactMap { $0["review_due"] as? String }
            #expect(dates == dates.sorted(), "most overdue first")
            #expect(firstDue.allSatisfy { ($0["days_overdue"] as? Int ?? 0) > 0 })
            #expect(Set(firstDue.compactMap { $0["id"] as? Int }).isDisjoint(with: lastDue.compactMap { $0["id"] as? Int }))
            #expect((waiting["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [changed.id])
            #expect(fieldNames(try expectProblem(badSection, .badRequest)) == ["section"])
            try expectProblem(badLimit, .badRequest)
            try expectProblem(anonymous, .unauthorized)
        }
    }

    @Test func aResubmissionHasItsOwnSectionAndStillCurrentSetsTheNextReview() async throws {
        let server = try TestServer()
        let seedsDue = try await server.database.moderationQueue(section: .reviewDue, limit: 100, offset: 0).total
        try server.database.importExamples([
            Example(
                title: "An overdue example of shared care", summary: "What a team tried and learnt locally.",
                foundations: ["shared-records"], organisation: Organisation(name: "Trust", type: .acuteTrust),
                status: .published, publishedAt: "2020-01-01T00:00:00Z", reviewDue: "2022-01-01")
        ])
        try await server.test { client in
            let submitted = try await client.submit()
            _ = try await client.decide(submitted.id, "request-changes", note: "Add the outcomes", token: server.moderatorToken)
            _ = try await client.execute(
                uri: "/api/v1/submissions/\(submitted.id)", method: .put, headers: .bearer(submitted.token, json: true),
                body: Fixture.body(Fixture.submission(title: "Bereavement cafe, with outcomes")))
            let queue = try Fixture.json(
                try await client.execute(
                    uri: "/api/v1/moderation/queue?section=resubmitted", method: .get,
                    headers: .bearer(server.moderatorToken)))
            #expect((queue["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [submitted.id])
            let due = try #require(try await server.database.moderationQueue(section: .reviewDue, limit: 10, offset: 0).items.first)
            #expect(due.title == "An overdue example of shared care", "the most overdue comes first")
            let confirmed = try server.database.confirmCurrent(.id(due.id), actor: "mod")
            #expect(confirmed.example.lastConfirmed != nil)
            #expect((confirmed.example.reviewDue ?? "") > Timestamp.today())
            #expect(try await server.database.moderationQueue(section: .reviewDue, limit: 10, offset: 0).total == seedsDue)
            let shown = try Fixture.json(try await client.execute(uri: "/api/v1/examples/\(due.id)", method: .get))
            #expect(shown["last_confirmed"] as? String == confirmed.example.lastConfirmed)
        }
    }
}
