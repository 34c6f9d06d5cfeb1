@testable import CasebookKit
@testable import CasebookServer
import Mustache
import Testing

/// The search page's values answer the template's lookups by name (decision 018): each stored property
/// with the same value reflection finds, and nothing for a name they do not have.
@Suite struct SearchPageLookupTests {
    /// The value inside any number of optionals, or nil.
    func unwrapped(_ value: Any?) -> Any? {
        guard let value else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return unwrapped(mirror.children.first?.value)
    }

    func expectAnswersEveryProperty(_ value: some MustacheParent, sourceLocation: SourceLocation = #_sourceLocation) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let reflected = unwrapped(child.value).map { "\($0)" }
            let answered = unwrapped(value.child(named: label)).map { "\($0)" }
            #expect(answered == reflected, "\(type(of: value)).\(label)", sourceLocation: sourceLocation)
        }
        #expect(value.child(named: "notAProperty") == nil, sourceLocation: sourceLocation)
    }

    @Test func theSearchPageAndItsPartsAnswerEveryName() throws {
        let database = try AppDatabase.inMemory(seedExamples: true)
        var query = SearchQuery(text: "care", foundations: ["shared-records"], limit: 2, offset: 2, sort: .newest)
        query.regions = [.southEast]
        let view = SearchPageView(
            query: query, results: try database.search(SearchQuery(text: "care", limit: 2, offset: 2)), reference: database.reference)
        expectAnswersEveryProperty(view)
        expectAnswersEveryProperty(try #require(view.results.first))
        expectAnswersEveryProperty(try #require(view.results.first?.foundations.first))
        expectAnswersEveryProperty(try #require(view.filterGroups.first))
        expectAnswersEveryProperty(try #require(view.filterGroups.first?.options.first))
        expectAnswersEveryProperty(try #require(view.appliedFilters.first))
        expectAnswersEveryProperty(try #require(view.sortOptions.first))
        let paging = try #require(view.paging)
        expectAnswersEveryProperty(paging)
        expectAnswersEveryProperty(try #require(paging.pages.first))
    }

    @Test func searchLinksEncodeAsFormsDo() {
        #expect(SearchLink.encode("end of life & care=“ok”/ü+~") == "end+of+life+%26+care%3D%E2%80%9Cok%E2%80%9D%2F%C3%BC%2B~")
        #expect(SearchLink(text: "a&e", filters: [("foundation", "24-7-access")]).href(offset: 20) == "/search?q=a%26e&foundation=24-7-access&offset=20")
    }
}
