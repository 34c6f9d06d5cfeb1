import Mustache

// The search page renders about a hundred small values (results, their foundations, every filter
// option), so they answer the template's lookups by name instead of by swift-mustache's reflection, as the
// example article does (decision 018). A name that is not here falls through to the enclosing value, as
// with reflection; `SearchPageLookupTests` checks that every stored property is answered.

extension SearchPageView: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "query": query
        case "total": total
        case "heading": heading
        case "suggestion": suggestion
        case "results": results
        case "filterGroups": filterGroups
        case "paging": paging
        case "clearFiltersHref": clearFiltersHref
        case "appliedFilters": appliedFilters
        case "hasAppliedFilters": hasAppliedFilters
        case "filtersSummary": filtersSummary
        case "curate": curate
        case "sortOptions": sortOptions
        case "hasSortOptions": hasSortOptions
        case "sort": sort
        case "noResults": noResults
        case "updatesHref": updatesHref
        default: nil
        }
    }
}

extension ResultView: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "href": href
        case "title": title
        case "snippet": snippet
        case "summary": summary
        case "organisation": organisation
        case "details": details
        case "foundations": foundations
        default: nil
        }
    }
}

extension TagLink: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "label": label
        default: nil
        }
    }
}

extension SearchPageView.FilterGroup: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "legend": legend
        case "options": options
        default: nil
        }
    }
}

extension SearchPageView.FilterOption: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "value": value
        case "label": label
        case "count": count
        case "checked": checked
        default: nil
        }
    }
}

extension SearchPageView.AppliedFilter: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "group": group
        case "label": label
        case "removeHref": removeHref
        case "countWithout": countWithout
        default: nil
        }
    }
}

extension SearchPageView.SortOption: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "href": href
        case "current": current
        default: nil
        }
    }
}

extension SearchPageView.PageLink: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "href": href
        case "current": current
        case "gap": gap
        case "label": label
        default: nil
        }
    }
}

extension SearchPageView.Paging: MustacheParent {
    /// The value the template names, or nil.
    func child(named name: String) -> Any? {
        switch name {
        case "position": position
        case "previous": previous
        case "next": next
        case "pages": pages
        default: nil
        }
    }
}
