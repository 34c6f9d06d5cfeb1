import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct OpenAPITests {
    @Test func everyRegisteredRouteIsDocumentedAndBack() throws {
        // setup
        let document = try APIDocument.shipped()
        let router = try buildRouter(database: AppDatabase.inMemory(), limits: ServerLimits())
        // exercise
        // The web pages (decision 008) are HTML for people, not part of the API, so the document leaves them out.
        let api = router.routes.filter { APITests.isAPIPath($0.path.description) }
        let registered = Set(api.map { "\($0.method.rawValue) \($0.path.description.replacing(/:(\w+)/) { "{\($0.1)}" })" })
        let documented = Set(document.routes.methodsByTemplate.flatMap { path, methods in methods.map { "\($0.rawValue) \(path)" } })
        // validate
        #expect(registered == documented)
    }

    @Test func everyDocumentedRouteAnswers() async throws {
        let server = try TestServer()
        let document = try APIDocument.shipped()
        try await server.test { client in
            let submitted = try await client.submit()
            _ = try await server.database.createCollection(slug: "guide", draft: CollectionDraft(title: "Guide"), actor: "mod")
            let report = AdoptionReport(organisation: Organisation(name: "Upland Hospice", type: .hospice), whatWeAdapted: "We ran it fortnightly.")
            let adoption = try await server.database.reportAdoption(report, about: .id(1))
            _ = try await server.database.decideAdoption(adoption.id, action: .approve, note: nil, actor: "mod")
            for (template, methods) in document.routes.methodsByTemplate {
                for method in methods {
                    // Published seed example 1 for public example routes; the new submission elsewhere.
                    let id = template.hasPrefix("/api/v1/examples/") ? "1" : String(submitted.id)
                    let uri = template.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{slug}", with: "guide")
                        .replacingOccurrences(of: "{adoption}", with: String(adoption.id))
                    let response = try await client.execute(
                        uri: uri, method: method, headers: .bearer(server.moderatorToken, json: true), body: ByteBuffer(string: "{}"))
                    #expect(![.notFound, .methodNotAllowed].contains(response.status), "\(method) \(uri)")
                }
            }
            let served = try await client.execute(uri: "/openapi.json", method: .get)
            let root = try Fixture.json(served)
            #expect(root["openapi"] as? String == "3.1.0")
        }
    }
}

enum APITests {
    /// The API's paths: everything under /api/, the service routes and the feed.
    static func isAPIPath(_ path: String) -> Bool {
        path.hasPrefix("/api/") || ["/healthz", "/readyz", "/metrics", "/feed.atom", "/openapi.json"].contains(path)
    }
}
