import Foundation
import Testing
@testable import CasebookKit

@Suite("Search limits and doc values")
struct SearchLimitTests {
    @Test func aSearchPastItsTimeLimitSaysSo() throws {
        // setup
        let database = try AppDatabase.inMemory(seedExamples: true)
        // exercise, validate
        #expect(throws: SearchError.self) {
            _ = try database.search(SearchQuery(text: "care"), timeLimit: .nanoseconds(1))
        }
        let message = SearchError.tooExpensive(.milliseconds(250)).description
        #expect(message.contains("250"))
        #expect(try database.search(SearchQuery(text: "care"), timeLimit: .seconds(5)).total > 0)
    }

    @Test func docValuesFollowEveryChangeToTheLibrary() throws {
        // setup
        let database = try AppDatabase.inMemory(seedExamples: true)
        let before = try database.search(SearchQuery(regions: [.london])).total
        // exercise: a new published example in London, then withdraw it
        let example = Example(
            title: "A London example", summary: "A summary long enough to pass.", foundations: ["leadership"],
            organisation: Organisation(name: "Test Trust"), region: .london)
        let counts = try database.importExamples([example])
        let during = try database.search(SearchQuery(regions: [.london]))
        let added = try #require(try database.allExamples().last)
        _ = try database.decide(.id(added.id), action: .withdraw, note: "test", actor: "tester")
        let after = try database.search(SearchQuery(regions: [.london])).total
        // validate
        #expect(counts.inserted == 1)
        #expect(during.total == before + 1)
        #expect(during.facets.foundation["leadership", default: 0] >= 1)
        #expect(after == before)
    }

    @Test func largeResultsPageThroughEveryMatch() throws {
        // setup: hundreds of examples, all matching one word
        let database = try AppDatabase.inMemory()
        let count = 540
        let examples: [Example] = (1...count).map(Self.numberedExample)
        try database.importExamples(examples)
        // exercise
        let all = try database.search(SearchQuery(text: "hospice", limit: 100))
        let london = try database.search(SearchQuery(text: "hospice", regions: [.london], limit: 100, offset: 50))
        // validate
        #expect(all.total == examples.count)
        #expect(all.results.count == 100)
        #expect(london.total == examples.count / 2)
        #expect(london.results.count == 100)
        #expect(london.results.allSatisfy { $0.region == .london })
        #expect(Set(london.results.map(\.id)).count == 100)
    }

    private static func numberedExample(_ index: Int) -> Example {
        let region: Region = index % 2 == 0 ? .london : .wales
        let published = String(format: "2024-01-01T%02d:%02d:%02dZ", index / 3600, (index / 60) % 60, index % 60)
        return Example(
            title: "Hospice example number \(index)", summary: "Every one of these mentions hospice care.",
            foundations: ["leadership"], organisation: Organisation(name: "Trust \(index)"), region: region,
            publishedAt: published)
    }
}

@Suite("Suggestions keep unpublished text private")
struct SuggestionPrivacyTests {
    @Test func aWordOnlyInAnUnmoderatedSubmissionIsNeverSuggested() throws {
        // setup: a submission (not published) holds a rare surname
        let database = try AppDatabase.inMemory(seedExamples: true)
        let draft = Example(
            title: "Care for Mr Quintavalle at home", summary: "Mr Quintavalle was supported at home by the team.",
            foundations: ["leadership"], organisation: Organisation(name: "Test Trust"))
        let receipt = try database.submit(draft)
        // exercise
        let before = try database.search(SearchQuery(text: "quintavale"))
        _ = try database.decide(.id(receipt.id), action: .approve, note: nil, actor: "moderator")
        let after = try database.search(SearchQuery(text: "quintavale"))
        // validate
        #expect(before.suggestion == nil)
        #expect(before.total == 0)
        #expect(after.suggestion == "quintavalle")
    }
}

@Suite("Doc values follow the change log")
struct DocValuesChangeTests {
    @Test func followingChangesGivesWhatReadingAgainGives() throws {
        // setup: the seed library, its doc values read once
        let database = try AppDatabase.inMemory(seedExamples: true)
        _ = try database.search(SearchQuery())
        // exercise: add, revise, withdraw and submit, searching between changes so the values follow each one
        let added = Example(
            title: "A London night service", summary: "A summary long enough to pass.", foundations: ["leadership"],
            organisation: Organisation(name: "Test Trust"), region: .london, publishedAt: "2031-01-01T00:00:00Z")
        try database.importExamples([added])
        _ = try database.search(SearchQuery())
        var moved = try #require(try database.allExamples(status: .published).first).example
        moved.region = .wales
        moved.foundations = ["co-design"]
        try database.importExamples([moved])
        _ = try database.search(SearchQuery())
        let second = try database.allExamples(status: .published)[1]
        _ = try database.decide(.id(second.id), action: .withdraw, note: "test", actor: "tester")
        _ = try database.submit(
            Example(
                title: "A waiting submission", summary: "Not published, so never counted.",
                foundations: ["leadership"], organisation: Organisation(name: "Test Trust")))
        let followed = try database.search(SearchQuery(limit: 100))
        // validate: the same as a library opened afresh on the same data
        let fresh = try database.reader.read { db in
            try DocValues.build(version: -1, reference: database.reference, in: db)
        }
        let followedValues = try database.reader.read { db in try database.docValues.values(reference: database.reference, in: db) }
        #expect(followedValues.newestFirst == fresh.newestFirst)
        #expect(followedValues.publishedSet == fresh.publishedSet)
        #expect(
            followedValues.facets(of: followedValues.publishedSet, reference: database.reference)
                == fresh.facets(of: fresh.publishedSet, reference: database.reference))
        #expect(followed.results.first?.title == "A London night service")
        #expect(followed.total == fresh.newestFirst.count)
        #expect(followed.facets.region["wales", default: 0] >= 1)
    }
}
