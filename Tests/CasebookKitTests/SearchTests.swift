import Foundation
import GRDB
import Testing
@testable import CasebookKit

/// A small written corpus; each example is there to be found by one kind of query.
struct SearchCorpus {
    enum Key: String, CaseIterable {
        case acpLong, acpShort, carer, bereavement, palliative, nightSitting, dementiaHomes, dementiaCafe
    }

    let database: AppDatabase
    let ids: [Key: Int64]

    static func uid(_ n: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", n) }

    static let examples: [(Key, Example)] = [
        (
            .acpLong,
            .mock(
                uid: uid(1), title: "Advance care planning conversations in general practice",
                summary: "Practices held advance care planning conversations with older patients at annual reviews.",
                body: "We trained reception teams to offer longer appointments.",
                foundations: ["personalised-care-planning"], ambitions: ["seen-as-an-individual"],
                organisation: "Northfield Practice", organisationType: .primaryCare, region: .northWest, evidence: .baselineMeasured,
                keywords: ["conversations"], publishedAt: "2023-01-01T10:00:00Z")
        ),
        (
            .acpShort,
            .mock(
                uid: uid(2), title: "Future wishes clinics in libraries",
                summary: "Nurses ran drop-in clinics in libraries and leisure centres.",
                body: "Each clinic offered ACP with a nurse and a follow-up letter to the practice.",
                foundations: ["personalised-care-planning", "co-design"], ambitions: ["fair-access-to-care"],
                organisation: "Riverside Community Trust", organisationType: .communityTrust, region: .london,
                keywords: ["libraries"], publishedAt: "2023-02-01T10:00:00Z")
        ),
        (
            .carer,
            .mock(
                uid: uid(3), title: "A weekly support group for each carer",
                summary: "A hospice opened a weekly group where a carer could rest and talk with others.",
                body: "Tea, a quiet room and a volunteer to listen.",
                foundations: ["involving-those-important"], ambitions: ["comfort-and-wellbeing"],
                organisation: "Meadow Hospice", organisationType: .hospice, region: .midlands,
                keywords: ["support group"], publishedAt: "2023-03-01T10:00:00Z")
        ),
        (
            .bereavement,
            .mock(
                uid: uid(4), title: "Bereavement follow-up after a death in hospital",
                summary: "Ward staff phoned families six weeks after a death to offer bereavement follow-up.",
                body: "Calls were logged and families could ask questions about the last days.",
                foundations: ["involving-those-important", "education-and-training"], ambitions: ["staff-prepared-to-care"],
                organisation: "City General Hospital", organisationType: .acuteTrust, region: .midlands, evidence: .evaluated,
                keywords: ["telephone"], publishedAt: "2023-04-01T10:00:00Z")
        ),
        (
            .palliative,
            .mock(
                uid: uid(5), title: "Palliative skills for paramedics",
                summary: "Paramedics learnt palliative skills for calls to people in their last weeks.",
                body: "Short simulation sessions at the station.",
                foundations: ["education-and-training"], ambitions: ["staff-prepared-to-care"],
                organisation: "Western Ambulance Service", organisationType: .ambulanceTrust, region: .southWest,
                keywords: ["simulation"], publishedAt: "2023-05-01T10:00:00Z")
        ),
        (
            .nightSitting,
            .mock(
                uid: uid(6), title: "Night sitting service for people dying at home",
                summary: "Trained volunteers offer night sitting so that families can sleep.",
                body: "Volunteers arrive at ten and leave at six.",
                foundations: ["24-7-access"], ambitions: ["comfort-and-wellbeing", "community-prepared-to-help"],
                organisation: "Valley Hospice", organisationType: .hospice, region: .northWest,
                keywords: ["volunteers"], publishedAt: "2023-06-01T10:00:00Z")
        ),
        (
            .dementiaHomes,
            .mock(
                uid: uid(7), title: "Dementia champions in care homes",
                summary: "Staff in care homes trained as dementia champions, sitting with residents through the night.",
                body: "Champions met monthly to share what worked.",
                foundations: ["education-and-training", "leadership"], ambitions: ["staff-prepared-to-care"],
                organisation: "Oak Care Group", organisationType: .careHome, region: .london, evidence: .evaluated,
                keywords: ["champions"], publishedAt: "2023-07-01T10:00:00Z")
        ),
        (
            .dementiaCafe,
            .mock(
                uid: uid(8), title: "A dementia cafe in a market town",
                summary: "A monthly cafe for people living with dementia and the families who support them.",
                body: "Run with the town council and a local charity.",
                foundations: ["collaboration-and-partnership"], ambitions: ["community-prepared-to-help"],
                organisation: "Market Town Council", organisationType: .localAuthority, region: .eastOfEngland,
                keywords: ["cafe"], publishedAt: "2023-08-01T10:00:00Z")
        )
    ]

    init() throws {
        database = try AppDatabase.inMemory(seedExamples: false)
        try database.importExamples(Self.examples.map(\.1))
        var ids: [Key: Int64] = [:]
        for (key, example) in Self.examples {
            ids[key] = try database.requireExample(.uid(example.uid!)).id
        }
        self.ids = ids
    }

    func search(_ text: String = "", foundations: [String] = [], regions: [Region] = [], limit: Int = 20, offset: Int = 0) throws -> SearchResults {
        try database.search(SearchQuery(text: text, foundations: foundations, regions: regions, limit: limit, offset: offset), synonyms: try .shipped())
    }

    func keys(_ results: SearchResults) -> [Key] {
        results.results.map { hit in ids.first { $0.value == hit.id }!.key }
    }
}

@Suite("Search")
struct SearchTests {
    @Test func abbreviationFindsTheLongForm() throws {
        // setup
        let corpus = try SearchCorpus()
        // exercise
        let results = try corpus.search("acp")
        // validate: the example that only says "advance care planning" comes first
        #expect(corpus.keys(results).first == .acpLong)
        #expect(Set(corpus.keys(results)) == [.acpLong, .acpShort])
        #expect(results.suggestion == nil)
        #expect(results.corrected == false)
    }

    @Test func longFormFindsTheAbbreviation() throws {
        let corpus = try SearchCorpus()
        let results = try corpus.search("advance care planning")
        #expect(results.total == 2)
        #expect(corpus.keys(results).contains(.acpShort))
        // the abbreviation alone, narrowed to its region, is the first hit
        let london = try corpus.search("advance care planning", regions: [.london])
        #expect(corpus.keys(london) == [.acpShort])
    }

    @Test func withoutSynonymsTheAbbreviationIsNotExpanded() throws {
        let corpus = try SearchCorpus()
        let results = try corpus.database.search(SearchQuery(text: "acp"), synonyms: SynonymDictionary(groups: []))
        #expect(corpus.keys(results) == [.acpShort])
        let custom = try corpus.database.search(SearchQuery(text: "acp"), synonyms: SynonymDictionary(groups: [["acp", "advance care planning"]]))
        #expect(Set(corpus.keys(custom)) == [.acpLong, .acpShort])
    }

    @Test func pluralFindsSingular() throws {
        let corpus = try SearchCorpus()
        let results = try corpus.search("carers")
        #expect(corpus.keys(results).first == .carer)
        #expect(results.total == 1)
        // and with a trailing space (no prefix matching) too
        #expect(corpus.keys(try corpus.search("carers ")).first == .carer)
    }

    @Test func verbFormFindsNoun() throws {
        let corpus = try SearchCorpus()
        #expect(corpus.keys(try corpus.search("champion")).first == .dementiaHomes)
        #expect(corpus.keys(try corpus.search("trained volunteer ")).first == .nightSitting)
    }

    @Test(arguments: [("bereav", SearchCorpus.Key.bereavement), ("palliat", .palliative), ("palliativ", .palliative), ("champ", .dementiaHomes)])
    func prefixOfTheLastWordMatches(text: String, expected: SearchCorpus.Key) throws {
        // setup
        let corpus = try SearchCorpus()
        // exercise
        let results = try corpus.search(text)
        // validate
        #expect(corpus.keys(results).first == expected, "\(text) should find \(expected) first")
    }

    /// A corpus in which "bereavement" and "dementia" are common enough to be suggested.
    func typoCorpus() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        var examples: [Example] = []
        for n in 1...12 {
            examples.append(
                .mock(
                    title: "Bereavement story \(n)", summary: "How one team offered bereavement support, part \(n).",
                    foundations: ["involving-those-important"]))
            examples.append(
                .mock(
                    title: "Dementia story \(n)", summary: "How one team supported people with dementia, part \(n).",
                    foundations: ["education-and-training"]))
            examples.append(
                .mock(
                    title: "Other story \(n)", summary: "Something quite different happened here, part \(n).",
                    foundations: ["leadership"]))
        }
        try database.importExamples(examples)
        return database
    }

    @Test func typoThatStemsAlikeGetsASuggestionButKeepsItsResults() throws {
        // setup
        let database = try typoCorpus()
        // exercise
        let results = try database.search(SearchQuery(text: "bereavment"), synonyms: try .shipped())
        // validate
        let suggestion = try #require(results.suggestion)
        #expect(suggestion.contains("bereavement"))
        #expect(results.corrected == false)
        #expect(results.total == 12)
        #expect(results.results.allSatisfy { $0.title.hasPrefix("Bereavement") })
    }

    @Test func typoThatFindsNothingIsCorrected() throws {
        let database = try typoCorpus()
        let results = try database.search(SearchQuery(text: "dementai"), synonyms: try .shipped())
        let suggestion = try #require(results.suggestion)
        #expect(suggestion.contains("dementia"))
        #expect(results.corrected == true)
        #expect(!results.results.isEmpty)
        #expect(results.total == 12)
        #expect(results.results.allSatisfy { $0.title.hasPrefix("Dementia") })
        #expect(results.query == "dementai")
    }

    @Test func correctlySpeltWordsGetNoSuggestion() throws {
        let database = try typoCorpus()
        let results = try database.search(SearchQuery(text: "dementia"), synonyms: try .shipped())
        #expect(results.suggestion == nil)
        #expect(results.corrected == false)
        let nothing = try database.search(SearchQuery(text: "xylophone"), synonyms: try .shipped())
        #expect(nothing.total == 0)
        #expect(nothing.corrected == false)
    }

    @Test func phraseMatchesOnlyAdjacentWords() throws {
        let corpus = try SearchCorpus()
        let phrase = try corpus.search("\"night sitting\"")
        #expect(corpus.keys(phrase) == [.nightSitting])
        // the same words unquoted also find the example that has them apart
        let words = try corpus.search("night sitting")
        #expect(Set(corpus.keys(words)) == [.nightSitting, .dementiaHomes])
    }

    @Test func exclusionRemovesMatches() throws {
        let corpus = try SearchCorpus()
        #expect(Set(corpus.keys(try corpus.search("dementia"))) == [.dementiaHomes, .dementiaCafe])
        let results = try corpus.search("dementia -homes")
        #expect(corpus.keys(results) == [.dementiaCafe])
        #expect(results.total == 1)
        // an exclusion alone returns everything else
        let onlyExcluded = try corpus.search("-dementia")
        #expect(onlyExcluded.total == 6)
        #expect(!corpus.keys(onlyExcluded).contains(.dementiaCafe))
    }

    @Test func valuesOfOneFilterCombineWithOr() throws {
        let corpus = try SearchCorpus()
        let results = try corpus.search(foundations: ["involving-those-important", "24-7-access"])
        #expect(Set(corpus.keys(results)) == [.carer, .bereavement, .nightSitting])
        #expect(results.total == 3)
        let regions = try corpus.search(regions: [.london, .eastOfEngland])
        #expect(Set(corpus.keys(regions)) == [.acpShort, .dementiaHomes, .dementiaCafe])
    }

    @Test func differentFiltersCombineWithAnd() throws {
        let corpus = try SearchCorpus()
        let results = try corpus.search(foundations: ["education-and-training"], regions: [.midlands])
        #expect(corpus.keys(results) == [.bereavement])
        let withText = try corpus.search("dementia", foundations: ["leadership"])
        #expect(corpus.keys(withText) == [.dementiaHomes])
        let none = try corpus.search("dementia", foundations: ["shared-records"])
        #expect(none.total == 0)
        #expect(none.results.isEmpty)
    }

    @Test func facetsCountTheWholeResultNotThePage() throws {
        // setup
        let corpus = try SearchCorpus()
        // exercise
        let results = try corpus.search("dementia", limit: 1)
        // validate
        #expect(results.results.count == 1)
        #expect(results.total == 2)
        #expect(results.facets.foundation == ["education-and-training": 1, "leadership": 1, "collaboration-and-partnership": 1])
        #expect(results.facets.region == ["london": 1, "east-of-england": 1])
        #expect(results.facets.organisationType.values.reduce(0, +) == 2)
        #expect(results.facets.evidence.values.reduce(0, +) == 2)
        #expect(results.facets.ambition.values.reduce(0, +) > 1)
        let all = try corpus.search(limit: 1)
        #expect(all.facets.region.values.reduce(0, +) == 8)
    }

    @Test func pagingWithOffset() throws {
        let corpus = try SearchCorpus()
        let all = try corpus.search(limit: 100)
        let page = try corpus.search(limit: 3, offset: 3)
        #expect(page.total == 8)
        #expect(page.limit == 3)
        #expect(page.offset == 3)
        #expect(page.results.map(\.id) == Array(all.results.map(\.id)[3..<6]))
        let beyond = try corpus.search(limit: 3, offset: 50)
        #expect(beyond.results.isEmpty)
        #expect(beyond.total == 8)
        // ranked text search pages too
        let ranked = try corpus.search("dementia", limit: 1, offset: 1)
        let rankedAll = try corpus.search("dementia")
        #expect(ranked.results.map(\.id) == [rankedAll.results[1].id])
    }

    @Test func limitIsClamped() {
        #expect(SearchQuery(limit: 0).limit == 1)
        #expect(SearchQuery(limit: 1000).limit == 100)
        #expect(SearchQuery(offset: -5).offset == 0)
    }

    @Test func noTextReturnsNewestFirst() throws {
        let corpus = try SearchCorpus()
        let results = try corpus.search()
        #expect(results.total == 8)
        #expect(corpus.keys(results) == SearchCorpus.Key.allCases.reversed())
        let dates = results.results.compactMap(\.publishedAt)
        #expect(dates == dates.sorted(by: >))
    }

    @Test func unpublishedExamplesNeverAppear() throws {
        // setup
        let corpus = try SearchCorpus()
        let receipt = try corpus.database.submit(.mock(title: "Zebrafish therapy pilot", summary: "A zebrafish aquarium in the day unit for patients."))
        try corpus.database.importExamples([
            .mock(title: "Zebrafish withdrawn", summary: "A withdrawn zebrafish example here.", status: .withdrawn),
            .mock(title: "Zebrafish rejected", summary: "A rejected zebrafish example here.", status: .rejected),
            .mock(title: "Zebrafish changes", summary: "A zebrafish example awaiting changes.", status: .changesRequested)
        ])
        // exercise
        let text = try corpus.search("zebrafish")
        let noText = try corpus.search(limit: 100)
        let excluded = try corpus.search("-dementia")
        // validate
        #expect(text.total == 0)
        #expect(text.results.isEmpty)
        #expect(noText.total == 8)
        #expect(!noText.results.contains { $0.id == receipt.id })
        #expect(excluded.total == 6)
        #expect(noText.facets.foundation.values.reduce(0, +) == 11)
    }

    @Test func hitsCarryFieldsAndMarkedSnippets() throws {
        let corpus = try SearchCorpus()
        let results = try corpus.search("paramedics")
        let hit = try #require(results.results.first)
        #expect(hit.uid == SearchCorpus.uid(5))
        #expect(hit.region == .southWest)
        #expect(hit.organisation.type == .ambulanceTrust)
        #expect(hit.snippet.contains("<mark>"))
        #expect(hit.score > 0)
    }

    @Test func snippetEscapesHTML() throws {
        let database = try AppDatabase.inMemory()
        try database.importExamples([.mock(title: "Script test example", summary: "A summary with <script>alert(1)</script> inside it.")])
        let hit = try #require(try database.search(SearchQuery(text: "alert")).results.first)
        #expect(!hit.snippet.contains("<script>"))
        #expect(hit.snippet.contains("&lt;script&gt;"))
    }

    static let hostileInputs: [String] = {
        var generator = SeededGenerator(seed: 42)
        let pieces = ["care", "\"", "(", ")", "*", "-", ":", "^", "AND", "OR", "NOT", "NEAR", "{", "}", "dementia", "'", ";", "+", "night", "\\"]
        var long = ""
        while long.utf8.count < 10_240 {
            long += pieces.randomElement(using: &generator)! + (Bool.random(using: &generator) ? " " : "")
        }
        return [
            "\"", "\"\"", "\"unbalanced", "AND", "OR NOT", "NEAR(a b)", "*", "-", "--", ":", "title:care", "(((", "a) OR (b", "^",
            "{title}: x", "🙂💊", long, "care\u{0}home", "\u{0}", "\u{1}\u{2}\u{7}\u{1B}[31m\t\r\n", "'; DROP TABLE example; --",
            "- -", "-\"\"", "\"-\"", "***care", "care*", "NOT care", "care NOT", "\"night\" \"sitting", "ac*p", "é", "İstanbul",
            "dementia -", "-acp -dementia -night", String(repeating: "a ", count: 2_000), String(repeating: "x", count: 5_000)
        ]
    }()

    @Test func hostileInputNeverThrows() throws {
        // setup
        let corpus = try SearchCorpus()
        for text in Self.hostileInputs {
            // exercise and validate
            #expect(throws: Never.self, "\(text.prefix(40))") { _ = try corpus.search(text) }
            #expect(throws: Never.self, "\(text.prefix(40))") { _ = try corpus.search(text, foundations: ["leadership"], limit: 1) }
        }
        let count = try corpus.database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM example") }
        #expect(count == 8)
        #expect(try corpus.search().total == 8)
    }

    @Test func randomQueriesNeverThrowAndAlwaysMakeValidExpressions() throws {
        // setup
        let corpus = try SearchCorpus()
        var generator = SeededGenerator(seed: 20_240_301)
        let alphabet = Array("\"\"\"()()**--::^^ab cdeilmnrt  AND OR NOT NEAR 0123456789 éßİ🙂中文{}+'\\\t_.,/")
        var expressions = 0
        for _ in 0..<300 {
            let length = Int.random(in: 0...40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            // exercise
            let parsed = ParsedText(text, synonyms: try .shipped())
            // validate: the expressions are accepted by FTS5, and the whole search does not throw
            for expression in [parsed.matchExpression].compactMap({ $0 }) + parsed.excluded.map(\.expression) {
                expressions += 1
                #expect(throws: Never.self, "\(text) -> \(expression)") {
                    try corpus.database.reader.read { db in
                        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM example_ft WHERE example_ft MATCH ?", arguments: [expression])
                    }
                }
            }
            #expect(throws: Never.self, "\(text)") { _ = try corpus.search(text) }
        }
        #expect(expressions > 100)
    }

    @Test func parsedTextQuotesEveryWord() {
        #expect(ParsedText("care", synonyms: .empty).matchExpression == "\"care\"*")
        #expect(ParsedText("care ", synonyms: .empty).matchExpression == "\"care\"")
        #expect(ParsedText("title:care", synonyms: .empty).matchExpression == "\"title care\"")
        #expect(ParsedText("AND", synonyms: .empty).matchExpression == nil) // a stopword, not an operator
        #expect(ParsedText("NEAR(a b)", synonyms: .empty).matchExpression == "\"near a\" AND \"b\"")
        #expect(ParsedText("the", synonyms: .empty).matchExpression == nil)
        #expect(ParsedText("", synonyms: .empty).matchExpression == nil)
        #expect(ParsedText("care -home", synonyms: .empty).matchExpression == "(\"care\"*) NOT (\"home\")")
        #expect(ParsedText("-home", synonyms: .empty).excluded.map(\.expression) == ["\"home\""])
        #expect(
            ParsedText("acp", synonyms: SynonymDictionary(groups: [["acp", "advance care planning"]])).matchExpression
                == "(\"acp\" OR \"advance care planning\")")
    }
}
