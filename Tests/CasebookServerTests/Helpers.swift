import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Arguments that serve a seeded in-memory library with chosen limits.
struct TestArguments: AppArguments {
    let hostname = "127.0.0.1"
    let port = 0
    var limits = ServerLimits()
    let logLevel = Logger.Level.critical
    let database: AppDatabase
    var resourceFolder: URL? = nil
    var secureCookies = false

    func openDatabase() throws -> AppDatabase { database }
}

/// A seeded library, its app, and a moderator's token.
struct TestServer {
    let database: AppDatabase
    let moderatorToken: String
    var limits = ServerLimits()
    /// Whether the server marks every cookie Secure (`--secure-cookies`).
    var secureCookies = false

    init(limits: ServerLimits = ServerLimits()) throws {
        try self.init(database: AppDatabase.inMemory(seedExamples: true), limits: limits)
    }

    /// A server over a given library.
    init(database: AppDatabase, limits: ServerLimits = ServerLimits()) throws {
        self.database = database
        moderatorToken = try database.addAccount(name: "mod", role: .moderator).token
        self.limits = limits
    }

    /// Runs a test against the router, without a socket.
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = try buildApplication(TestArguments(limits: limits, database: database, secureCookies: secureCookies))
        return try await app.test(.router, body)
    }
}

extension HTTPFields {
    /// Headers carrying a bearer token, and JSON content when there is a body.
    static func bearer(_ token: String?, json: Bool = false) -> HTTPFields {
        var fields: HTTPFields = [:]
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json { fields[.contentType] = "application/json" }
        return fields
    }
}

/// Request bodies and response decoding.
enum Fixture {
    /// A valid submission, with fields a client may not set.
    static func submission(title: String = "Bereavement cafe run by volunteers in a market town") -> [String: Any] {
        [
            "title": title,
            "summary": "A weekly drop-in cafe for bereaved people, run with the local hospice.",
            "foundations": ["involving-those-important", "7"],
            "organisation": ["name": "Market Town Hospice", "type": "hospice"],
            "contact": ["name": "A. Person", "email": "a.person@example.org", "public": false],
            "status": "published", "published_at": "2020-01-01T00:00:00Z",
            "uid": "0b7c5c1e-6a53-4d59-9a0e-2f1f3e6c1a11"
        ]
    }

    static func body(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }
}

/// Checks that a response is a problem+json error with a status, and returns its body.
@discardableResult
func expectProblem(_ response: TestResponse, _ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let problem = try Fixture.json(response)
    #expect(problem["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    #expect(problem["title"] is String && problem["type"] is String && problem["detail"] is String, sourceLocation: sourceLocation)
    return problem
}

/// The fields named by a validation problem.
func fieldNames(_ problem: [String: Any]) -> [String] {
    (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
}

extension TestClientProtocol {
    /// Submits an example and returns its id and edit token.
    func submit(_ object: [String: Any] = Fixture.submission()) async throws -> (id: Int, token: String) {
        let response = try await execute(uri: "/api/v1/submissions", method: .post, headers: .bearer(nil, json: true), body: Fixture.body(object))
        #expect(response.status == .created)
        let receipt = try Fixture.json(response)
        return (try #require(receipt["id"] as? Int), try #require(receipt["edit_token"] as? String))
    }

    /// A moderator's decision.
    func decide(_ id: Int, _ action: String, note: String? = nil, token: String) async throws -> TestResponse {
        var body: [String: Any] = ["action": action]
        if let note { body["note"] = note }
        return try await execute(uri: "/api/v1/moderation/\(id)/decision", method: .post, headers: .bearer(token, json: true), body: Fixture.body(body))
    }
}
