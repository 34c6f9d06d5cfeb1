import Foundation
import GRDB
import Testing
@testable import CasebookKit

@Suite("Common words searched in memory")
struct CommonTermsTests {
    /// Queries of every kind: words, plurals, synonyms, phrases, exclusions, typos, filters.
    static let queries: [(text: String, regions: [Region])] = [
        ("acp", []), ("advance care planning", []), ("carers", []), ("dementia", []), ("dementia -cafe", []),
        ("\"care homes\"", []), ("care home", []), ("night sitting", []), ("palliative", []), ("bereavment", []),
        ("staff", []), ("volunteer", []), ("families", [.london]), ("", [.midlands]), ("-dementia", []), ("champ", []),
        ("dementia champions", []), ("hospice -night", []), ("support group", [.midlands, .london])
    ]

    @Test(arguments: queries.indices)
    func inMemoryAndIndexAnswersAgree(index: Int) throws {
        // setup: the same library searched with every word held in memory, and with none
        let corpus = try SearchCorpus()
        var inMemory = corpus.database
        inMemory.commonWordMinimum = 1
        var indexOnly = try AppDatabase.inMemory(seedExamples: false)
        indexOnly.commonWordMinimum = .max
        try indexOnly.importExamples(SearchCorpus.examples.map(\.1))
        let (text, regions) = Self.queries[index]
        let query = SearchQuery(text: text, regions: regions, limit: 100)
        // exercise
        let held = try inMemory.search(query)
        let indexed = try indexOnly.search(query)
        // validate
        #expect(held.total == indexed.total, "total for \(text)")
        #expect(held.facets == indexed.facets, "facets for \(text)")
        #expect(Set(held.results.map(\.uid)) == Set(indexed.results.map(\.uid)), "results for \(text)")
        #expect(held.suggestion == indexed.suggestion)
    }

    @Test func mergedSynonymGroupsFollowEditsToTheLibrary() throws {
        // setup: a synonym group searched once, so its merged postings are held for this version
        let corpus = try SearchCorpus()
        var database = corpus.database
        database.commonWordMinimum = 1
        let before = try database.search(SearchQuery(text: "acp "))
        var cafe = try #require(SearchCorpus.examples.first { $0.0 == .dementiaCafe }?.1)
        #expect(!before.results.contains { $0.uid == cafe.uid })
        // exercise: the cafe now offers advance care planning
        cafe.body += " Advance care planning conversations are offered at every cafe."
        try database.importExamples([cafe])
        let after = try database.search(SearchQuery(text: "acp "))
        // validate: the group is merged again at the new version, as a library read afresh would say
        #expect(after.total == before.total + 1)
        #expect(after.results.contains { $0.uid == cafe.uid })
        var fresh = try AppDatabase.inMemory(seedExamples: false)
        fresh.commonWordMinimum = .max
        try fresh.importExamples(SearchCorpus.examples.map { $0.1.uid == cafe.uid ? cafe : $0.1 })
        let indexed = try fresh.search(SearchQuery(text: "acp "))
        #expect(after.total == indexed.total)
        #expect(Set(after.results.map(\.uid)) == Set(indexed.results.map(\.uid)))
    }

    @Test func heldWordsFollowEditsToTheLibrary() throws {
        // setup
        let corpus = try SearchCorpus()
        var database = corpus.database
        database.commonWordMinimum = 1
        #expect(try database.search(SearchQuery(text: "champions ")).total == 1)
        #expect(try database.search(SearchQuery(text: "\"care homes\"")).total == 1)
        // exercise: the cafe now has champions too, and the care home example loses its champions and care homes
        var cafe = try #require(SearchCorpus.examples.first { $0.0 == .dementiaCafe }?.1)
        cafe.body += " Dementia champions from local care homes help each month."
        var homes = try #require(SearchCorpus.examples.first { $0.0 == .dementiaHomes }?.1)
        homes.title = "Dementia leads in nursing settings"
        homes.summary = "Staff trained as dementia leads, sitting with residents through the night."
        homes.body = "Leads met monthly to share what worked."
        homes.keywords = ["leads"]
        try database.importExamples([cafe, homes])
        // validate
        let champions = try database.search(SearchQuery(text: "champions "))
        #expect(champions.results.map(\.uid) == [cafe.uid])
        let careHomes = try database.search(SearchQuery(text: "\"care homes\""))
        #expect(careHomes.results.map(\.uid) == [cafe.uid])
        #expect(try database.search(SearchQuery(text: "leads ")).results.map(\.uid) == [homes.uid])
    }

    @Test func exampleSetsBehaveLikeSets() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let a = Set((0..<Int.random(in: 0...300, using: &generator)).map { _ in Int64.random(in: 0..<700, using: &generator) })
            let b = Set((0..<Int.random(in: 0...300, using: &generator)).map { _ in Int64.random(in: 0..<900, using: &generator) })
            let setA = ExampleSet(a, capacity: 700), setB = ExampleSet(b, capacity: 900)
            #expect(setA.ids == a.sorted())
            #expect(setA.count == a.count)
            #expect(setA.intersectionCount(setB) == a.intersection(b).count)
            var intersection = setA; intersection.formIntersection(setB)
            #expect(intersection.ids == a.intersection(b).sorted())
            var union = setA; union.formUnion(setB)
            #expect(union.ids == a.union(b).sorted())
            var difference = setA; difference.subtract(setB)
            #expect(difference.ids == a.subtracting(b).sorted())
            let end = Int64.random(in: 0...800, using: &generator)
            #expect(setA.largest(25, below: end) == Array(a.filter { $0 < end }.sorted().suffix(25)))
        }
    }

    @Test func theRankFunctionPutsATitleMatchFirst() throws {
        // setup: three of seven examples hold "simulation": one in its title, one in its keywords, one in its body
        var database = try AppDatabase.inMemory(seedExamples: false)
        database.commonWordMinimum = 1
        let examples: [Example] = [
            .mock(
                uid: SearchCorpus.uid(21), title: "Ward rounds with families", summary: "Families joined rounds each week.",
                body: "A simulation day came first.", organisation: "North Trust", publishedAt: "2024-03-01T10:00:00Z"),
            .mock(
                uid: SearchCorpus.uid(22), title: "Simulation training for care home staff", summary: "Staff practised hard conversations.",
                body: "Actors played relatives.", organisation: "South Trust", publishedAt: "2024-01-01T10:00:00Z"),
            .mock(
                uid: SearchCorpus.uid(23), title: "Breathlessness clinic", summary: "A clinic for breathless patients.",
                body: "Fans and leaflets.", organisation: "East Trust", keywords: ["simulation"], publishedAt: "2024-02-01T10:00:00Z")
        ]
        let others: [Example] = (24...27).map { n in
            .mock(
                uid: SearchCorpus.uid(n), title: "Bereavement support number \(n)", summary: "A service that phones families after a death.",
                organisation: "Trust \(n)", publishedAt: "2024-04-01T10:00:00Z")
        }
        try database.importExamples(examples + others)
        // exercise
        let results = try database.search(SearchQuery(text: "simulation"))
        // validate: title over keywords over body, whatever the dates; scores fall
        #expect(results.results.map(\.uid) == [SearchCorpus.uid(22), SearchCorpus.uid(23), SearchCorpus.uid(21)])
        #expect(zip(results.results, results.results.dropFirst()).allSatisfy { $0.score > $1.score })
    }
}

@Suite("Search results as JSON")
struct SearchResultsJSONTests {
    @Test(arguments: ["acp", "dementia", "<script>\"quoted\"</script>", "bereavment", "", "zzzz"])
    func theDirectWriterAgreesWithJSONEncoder(text: String) throws {
        // setup
        let corpus = try SearchCorpus()
        let results = try corpus.search(text)
        // exercise
        let direct = try JSONSerialization.jsonObject(with: results.json) as? NSDictionary
        let encoded = try JSONSerialization.jsonObject(with: Interchange.encoder(pretty: false).encode(results)) as? NSDictionary
        // validate
        #expect(direct != nil)
        #expect(direct == encoded)
    }
}

@Suite("Index probe")
struct IndexProbeTests {
    @Test func stemsAgreeWithTheIndexAndSeveralTokensHaveNone() throws {
        let probe = try IndexProbe()
        let stems = try probe.stems(of: ["families", "family", "planning", "don't", "", "bereavement"])
        #expect(stems[0] == stems[1])
        #expect(stems[2] == "plan")
        #expect(stems[3] == nil)
        #expect(stems[4] == nil)
        #expect(stems[5] != nil)
    }

    @Test func stemsReadAgainComeFromMemoryAndAgreeWithTheFirstReading() throws {
        let probe = try IndexProbe()
        let first = try probe.stems(of: ["families", "don't", "planning"])
        // Known words, one new, a word twice, and the one without a stem: in the order asked.
        let again = try probe.stems(of: ["planning", "don't", "hospices", "families", "planning"])
        #expect(again == [first[2], nil, "hospic", first[0], first[2]])
        #expect(try probe.stems(of: []) == [])
    }

    @Test func markersInTheTextCannotMarkASnippet() throws {
        let probe = try IndexProbe()
        let text = Snippet.Text(id: 1, columns: ["Title", "A \u{E000}fake\u{E001} mark beside hospice care", "", "Org", ""], summary: "s")
        let snippets = try DatabaseQueue().read { db in try Snippet.make(for: [text], leaves: [.word("hospice", prefix: false)], probe: probe, in: db) }
        let snippet = try #require(snippets[1])
        #expect(snippet.contains("<mark>hospice</mark>"))
        #expect(!snippet.contains("<mark>fake"))
    }
}
