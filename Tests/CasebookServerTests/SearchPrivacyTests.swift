import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Text nobody has published must not shape what the public sees: scores, suggestions, completions
/// and facets are read through the public API, before and after submissions that are pending,
/// rejected, or published and then withdrawn, on a library in a temporary file.
@Suite struct SearchPrivacyTests {
    /// A server over a seeded library in a temporary file.
    static func server() throws -> TestServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Fifteen submissions from one client: the submission allowance (shared by the API and the pages) is off here.
        return try TestServer(
            database: AppDatabase.open(path: folder.appendingPathComponent("library.sqlite").path, seedExamples: true),
            limits: ServerLimits(submissionsPerMinute: 0))
    }

    /// What the public sees of a search: every result's id and score, the total, the facets and the suggestion.
    static func publicView(_ client: any TestClientProtocol, _ query: String) async throws -> String {
        let response = try await client.execute(uri: "/api/v1/examples?\(query)", method: .get)
        #expect(response.status == .ok)
        let results = try JSONDecoder().decode(SearchResults.self, from: Data(response.body.readableBytesView))
        let hits = results.results.map { "\($0.id):\($0.score):\($0.snippet)" }.joined(separator: ",")
        // Facets in key order: a dictionary's description lists its keys in no fixed order.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let facets = String(decoding: try encoder.encode(results.facets), as: UTF8.self)
        return "\(results.total)|\(hits)|\(facets)|\(results.suggestion ?? "-")|\(results.corrected)"
    }

    static func submission(title: String, summary: String, body: String = "", region: String = "london") -> [String: Any] {
        [
            "title": title, "summary": summary, "body": body, "foundations": ["shared-records"], "region": region,
            "organisation": ["name": "Anywhere Trust", "type": "acute-trust"]
        ]
    }

    static let queries = ["q=dementia", "q=dementia+care", "q=bereavment", "q=pallia", "q=pal", "q=volunteers&region=london", "q=night"]

    @Test func pendingRejectedAndWithdrawnTextChangesNothingPublic() async throws {
        let server = try Self.server()
        try await server.test { client in
            var before: [String] = []
            for query in Self.queries { before.append(try await Self.publicView(client, query)) }
            // exercise: repeated words, a misspelling held three times, made-up completions, a region's worth of facets
            var ids: [Int] = []
            for n in 0..<5 {
                ids.append(
                    try await client.submit(
                        Self.submission(
                            title: "Dementia dementia dementia \(n)", summary: "dementia dementia dementia dementia bereavment care volunteers night")
                    ).id)
            }
            for n in 0..<10 {
                let made = "pallia" + String(repeating: "x", count: n + 1)
                ids.append(
                    try await client.submit(
                        Self.submission(
                            title: "\(made) \(made) palaver", summary: "\(made) \(made) \(made) pallid bereavment pals")
                    ).id)
            }
            var pending: [String] = []
            for query in Self.queries { pending.append(try await Self.publicView(client, query)) }
            #expect(pending == before, "pending submissions changed the public view")
            for id in ids.prefix(10) {
                #expect(try await client.decide(id, "reject", note: "Not an example", token: server.moderatorToken).status == .ok)
            }
            var rejected: [String] = []
            for query in Self.queries { rejected.append(try await Self.publicView(client, query)) }
            #expect(rejected == before, "rejected submissions changed the public view")
            for id in ids.suffix(5) {
                #expect(try await client.decide(id, "approve", token: server.moderatorToken).status == .ok)
            }
            let published = try await Self.publicView(client, "q=pallia")
            #expect(published != before[3], "once published, the words are learnt from")
            for id in ids.suffix(5) {
                #expect(try await client.decide(id, "withdraw", note: "Ended", token: server.moderatorToken).status == .ok)
            }
            var withdrawn: [String] = []
            for query in Self.queries { withdrawn.append(try await Self.publicView(client, query)) }
            #expect(withdrawn == before, "withdrawn examples changed the public view")
        }
    }

    @Test func similarExamplesAndSortThroughTheAPI() async throws {
        let server = try TestServer()
        try await server.test { client in
            let newest = try Fixture.json(try await client.execute(uri: "/api/v1/examples?q=care&sort=newest&limit=20", method: .get))
            let dates = (newest["results"] as? [[String: Any]] ?? []).compactMap { $0["published_at"] as? String }
            #expect(dates.count > 2)
            #expect(dates == dates.sorted(by: >))
            try expectProblem(try await client.execute(uri: "/api/v1/examples?q=care&sort=oldest", method: .get), .badRequest)
            let first = try #require((newest["results"] as? [[String: Any]])?.first?["id"] as? Int)
            let similar = try Fixture.json(try await client.execute(uri: "/api/v1/examples/\(first)/similar?limit=3", method: .get))
            let ids = (similar["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            #expect(!ids.isEmpty && ids.count <= 3)
            #expect(!ids.contains(first))
            let pending = try await client.submit()
            try expectProblem(try await client.execute(uri: "/api/v1/examples/\(pending.id)/similar", method: .get), .notFound)
            try expectProblem(try await client.execute(uri: "/api/v1/examples/\(first)/similar?limit=21", method: .get), .badRequest)
        }
    }
}
