import CasebookKit
import CasebookServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Facet counts that keep each filter's alternatives, the coverage grid's filters and totals, and the
/// search page's tags, page numbers, way back and no-results help, through the real router on a
/// written library whose counts are worked out here independently.
@Suite struct FacetRouteTests {
    static let regions: [Region] = [.northWest, .london, .southWest, .wales, .midlands]
    static let kinds: [OrganisationType] = [.hospice, .careHome, .acuteTrust, .vcse]
    static let foundationKeys = ["shared-records", "leadership", "education-and-training", "personalised-care-planning"]
    static let ambitionKeys = ["fair-access-to-care", "comfort-and-wellbeing", "care-is-coordinated"]

    /// One written example, with the facts the expected counts are worked out from.
    struct Written {
        var example: Example
        var aboutSitting: Bool
        var published: Bool
    }

    /// 60 published examples spread over regions, organisation types, foundations and ambitions, every
    /// third about night sitting; and 6 submitted ones in the North West about night sitting, which
    /// must count nowhere.
    static func library() -> [Written] {
        var written: [Written] = []
        for index in 0..<66 {
            let published = index < 60
            let aboutSitting = !published || index % 3 == 0
            let topic = aboutSitting ? "Night sitting volunteers" : "Bereavement support group"
            let example = Example(
                title: "\(topic) number \(index)", summary: "What the team tried and learnt, case \(index).",
                foundations: [foundationKeys[index % 4], foundationKeys[(index % 4 + 1 + (index / 4) % 3) % 4]],
                ambitions: [ambitionKeys[index % 3]],
                organisation: Organisation(name: "Organisation \(index)", type: kinds[(index / 2) % 4]),
                region: published ? regions[index % 5] : .northWest,
                status: published ? .published : .submitted,
                publishedAt: published ? String(format: "2024-01-%02dT10:00:00Z", 1 + index % 28) : nil)
            written.append(Written(example: example, aboutSitting: aboutSitting, published: published))
        }
        return written
    }

    static func server() throws -> (TestServer, [Written]) {
        let database = try AppDatabase.inMemory(seedExamples: false)
        let written = library()
        try database.importExamples(written.map(\.example))
        return (try TestServer(database: database), written)
    }

    /// Published examples passing a test, counted by a key of each.
    static func count(_ written: [Written], by key: (Example) -> [String], where test: (Written) -> Bool) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in written where item.published && test(item) {
            for value in Set(key(item.example)) { counts[value, default: 0] += 1 }
        }
        return counts
    }

    static func facets(_ document: [String: Any], _ kind: String, _ field: String) -> [String: Int] {
        ((document[kind] as? [String: Any])?[field] as? [String: Int]) ?? [:]
    }

    @Test func aFilteredFacetCountsEachValueWithTheOtherFiltersOnly() async throws {
        let (server, written) = try Self.server()
        try await server.test { client in
            let document = try Fixture.json(
                try await client.execute(
                    uri: "/api/v1/examples?q=sitting&region=north-west&organisation_type=hospice", method: .get))
            let region: (Example) -> [String] = { [$0.region?.rawValue ?? ""] }
            let kind: (Example) -> [String] = { [$0.organisation.type.rawValue] }
            let expectedRegions = Self.count(written, by: region) { $0.aboutSitting && $0.example.organisation.type == .hospice }
            let expectedKinds = Self.count(written, by: kind) { $0.aboutSitting && $0.example.region == .northWest }
            let expectedFoundations = Self.count(written, by: \.foundations) {
                $0.aboutSitting && $0.example.region == .northWest && $0.example.organisation.type == .hospice
            }
            #expect(expectedRegions.count > 2, "the written library gives other regions to keep")
            #expect(Self.facets(document, "disjunctive_facets", "region") == expectedRegions)
            #expect(Self.facets(document, "disjunctive_facets", "organisation_type") == expectedKinds)
            #expect(Self.facets(document, "disjunctive_facets", "foundation") == expectedFoundations, "an unfiltered facet is as before")
            #expect(
                Self.facets(document, "facets", "region") == ["north-west": expectedRegions["north-west"] ?? -1],
                "facets still count the filtered result")
            #expect(document["total"] as? Int == expectedRegions["north-west"])
        }
    }

    @Test func aMultiValuedFacetLeavesOutOnlyItsOwnFilter() async throws {
        let (server, written) = try Self.server()
        try await server.test { client in
            let document = try Fixture.json(
                try await client.execute(
                    uri: "/api/v1/examples?foundation=shared-records&foundation=leadership&region=london", method: .get))
            let chosen: Set<String> = ["shared-records", "leadership"]
            let expectedFoundations = Self.count(written, by: \.foundations) { $0.example.region == .london }
            let expectedRegions = Self.count(written, by: { [$0.region?.rawValue ?? ""] }) {
                !chosen.isDisjoint(with: $0.example.foundations)
            }
            #expect(Self.facets(document, "disjunctive_facets", "foundation") == expectedFoundations)
            #expect(Self.facets(document, "disjunctive_facets", "region") == expectedRegions)
            #expect(document["total"] as? Int == expectedRegions["london"])
        }
    }

    @Test func theSearchPageKeepsOtherRegionsAndShowsRemovableTags() async throws {
        let (server, written) = try Self.server()
        try await server.test { client in
            let html = String(buffer: try await client.execute(uri: "/search?q=sitting&region=north-west", method: .get).body)
            let london = Self.count(written, by: { [$0.region?.rawValue ?? ""] }) { $0.aboutSitting }["london"] ?? 0
            #expect(html.contains("id=\"region-london\""))
            #expect(html.contains("for=\"region-london\">London <span class=\"count\">(\(london))</span>"))
            #expect(html.contains("<a class=\"applied-tag\" href=\"/search?q=sitting\">"), "the tag links to the search without it")
            #expect(html.contains("<details class=\"filters\" id=\"filters\" open>"))
            #expect(
                html.range(of: "id=\"results-heading\"")!.lowerBound < html.range(of: "<details class=\"filters\"")!.lowerBound,
                "results come before the filters")
        }
    }

    @Test func pageNumbersAndTheWayBackFromAnExample() async throws {
        let (server, _) = try Self.server()
        try await server.test { client in
            let html = String(buffer: try await client.execute(uri: "/search?offset=20", method: .get).body)
            #expect(html.contains("aria-current=\"page\"><span class=\"visually-hidden\">Page </span>3</a>"))
            #expect(html.contains("href=\"/search?q=&amp;offset=50\"><span class=\"visually-hidden\">Page </span>6</a>"), "the last page")
            #expect(html.contains("href=\"/search?q=\"><span class=\"visually-hidden\">Page </span>1</a>"), "the first page")
            #expect(html.contains("?back=q%3D%26offset%3D20\""))
            for offset in [59, 60, 100_000] {
                let beyond = try await client.execute(uri: "/search?offset=\(offset)", method: .get)
                #expect(beyond.status == .ok, "offset \(offset)")
                #expect(String(buffer: beyond.body).contains("<span class=\"visually-hidden\">Page </span>6</a>"), "offset \(offset)")
            }
            let example = String(buffer: try await client.execute(uri: "/examples/1?back=q%3Dsitting%26region%3Dwales%26offset%3D10", method: .get).body)
            #expect(example.contains("<a href=\"/search?q=sitting&amp;region=wales&amp;offset=10\">Back to search results</a>"))
            for hostile in ["back=region%3Dmars", "back=q%3D%25zz", "back=a&back=b", "back="] {
                let response = try await client.execute(uri: "/examples/1?\(hostile)", method: .get)
                #expect(response.status == .ok, "\(hostile)")
                #expect(String(buffer: response.body).contains("<a href=\"/search\">Search all examples</a>"), "\(hostile)")
            }
            let elsewhere = String(buffer: try await client.execute(uri: "/examples/1?back=%2F%2Fevil.example%2F", method: .get).body)
            #expect(!elsewhere.contains("evil.example"), "the way back is always written as a /search address")
        }
    }

    @Test func aSearchWithNoResultsOffersToDropEachFilter() async throws {
        let (server, written) = try Self.server()
        try await server.test { client in
            let html = String(
                buffer: try await client.execute(
                    uri: "/search?q=bereavement&region=london&organisation_type=acute-trust",
                    method: .get
                ).body)
            let withoutRegion =
                Self.count(written, by: { _ in ["all"] }) {
                    !$0.aboutSitting && $0.example.organisation.type == .acuteTrust
                }["all"] ?? 0
            #expect(html.contains("0 examples found"))
            #expect(html.contains("Without Region: London</a> <span class=\"count\">(\(withoutRegion) examples)</span>"))
            #expect(html.contains("Without Organisation type: Acute trust"))
            #expect(html.contains("href=\"/foundations/"), "foundations whose words match")
            #expect(html.contains("<a href=\"/submit\">Submit an example</a>"))
        }
    }

    @Test func theCoverageGridTakesTheSameFiltersWithTotals() async throws {
        let (server, written) = try Self.server()
        try await server.test { client in
            let document = try Fixture.json(
                try await client.execute(
                    uri: "/api/v1/stats/coverage?region=north-west&organisation_type=hospice",
                    method: .get))
            let inScope: (Written) -> Bool = { $0.example.region == .northWest && $0.example.organisation.type == .hospice }
            let grid = try #require(document["coverage"] as? [String: [String: Int]])
            for foundation in Self.foundationKeys {
                for ambition in Self.ambitionKeys {
                    let expected = written.filter {
                        $0.published && inScope($0) && $0.example.foundations.contains(foundation)
                            && $0.example.ambitions.contains(ambition)
                    }.count
                    #expect(grid[foundation]?[ambition] == expected, "\(foundation) × \(ambition)")
                }
            }
            let totals = try #require(document["totals"] as? [String: Any])
            #expect(totals["examples"] as? Int == written.filter { $0.published && inScope($0) }.count)
            #expect(
                totals["foundation"] as? [String: Int]
                    == Self.count(written, by: \.foundations, where: inScope)
                    .merging(Dictionary(uniqueKeysWithValues: server.database.reference.foundations.map { ($0.key, 0) })) { found, _ in found })
            try expectProblem(try await client.execute(uri: "/api/v1/stats/coverage?region=mars", method: .get), .badRequest)
            let page = try await client.execute(uri: "/coverage?region=north-west&organisation_type=hospice", method: .get)
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            #expect(html.contains("Published examples of Hospice in North West by foundation"))
            #expect(html.contains("<td class=\"numeric coverage-total\" data-label=\"All ambitions\">\(totals["examples"] as? Int ?? -1)</td>"))
            #expect(html.contains("region=north-west&amp;organisation_type=hospice"), "a cell's search keeps the filters")
            #expect(try await client.execute(uri: "/coverage?region=mars", method: .get).status == .badRequest)
            #expect(
                try await client.execute(uri: "/coverage?region=&organisation_type=hospice", method: .get).status == .ok,
                "the form's \"all regions\" choice is no filter")
        }
    }
}
