import Foundation
import GRDB
@testable import CasebookKit

extension Example {
    /// A valid example with sensible defaults; every argument may be overridden.
    static func mock(
        uid: String? = nil,
        title: String = "A community hospice night service",
        summary: String = "A short plain-English summary of what the team did and learnt.",
        body: String = "## Context\n\nWhat we did and what we learnt.",
        foundations: [String] = ["personalised-care-planning"],
        ambitions: [String] = ["seen-as-an-individual"],
        organisation: String = "Example Hospice",
        organisationType: OrganisationType = .hospice,
        region: Region? = .southWest,
        evidence: EvidenceLevel = .notEvaluated,
        keywords: [String] = ["community"],
        links: [Link] = [],
        contact: Contact? = nil,
        started: String? = nil,
        status: ExampleStatus? = nil,
        publishedAt: String? = nil,
        reviewDue: String? = nil
    ) -> Example {
        Example(
            uid: uid, title: title, summary: summary, body: body, foundations: foundations, ambitions: ambitions,
            organisation: Organisation(name: organisation, type: organisationType), region: region,
            keywords: keywords, links: links, contact: contact, evidence: evidence, started: started,
            status: status, publishedAt: publishedAt, reviewDue: reviewDue)
    }
}

/// A fresh, empty temporary folder; the caller removes it.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("casebook-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A JSON document as UTF-8 data.
func jsonData(_ object: [String: Any]) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
}

/// A minimal valid interchange object, to be changed by each test.
func validObject() -> [String: Any] {
    [
        "title": "Advance care planning education across a locality",
        "summary": "One or two plain-English sentences a search result can show.",
        "body": "Markdown body.",
        "foundations": ["personalised-care-planning", "education-and-training"],
        "ambitions": ["seen-as-an-individual"],
        "organisation": ["name": "Example Hospice", "type": "hospice"],
        "region": "south-west",
        "keywords": ["ACP", "learning disabilities"],
        "links": [["title": "Programme page", "url": "https://example.org/acp"]],
        "contact": ["name": "A. Person", "email": "a.person@example.org", "public": false],
        "evidence": "baseline-measured",
        "started": "2022-09"
    ]
}

/// A deterministic random number generator (SplitMix64), for reproducible property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ExampleDecoder {
    /// A decoder over the shipped reference data.
    init(source: Source) throws {
        self.init(reference: try .shipped(), source: source)
    }
}
