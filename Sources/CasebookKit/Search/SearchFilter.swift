import GRDB

/// The SQL condition on `e` (an `example` row) for a query's filters: published, and every filter set.
struct SearchFilter {
    var sql: String
    var arguments: StatementArguments

    init(_ query: SearchQuery) {
        var conditions = ["e.status = 'published'"]
        var arguments = StatementArguments()
        func add(_ condition: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            conditions.append(condition)
            _ = arguments.append(contentsOf: [ExampleRow.encodeJSON(values)])
        }
        add("e.id IN (SELECT example_id FROM example_foundation WHERE foundation IN (SELECT value FROM json_each(?)))", query.foundations)
        add("e.id IN (SELECT example_id FROM example_ambition WHERE ambition IN (SELECT value FROM json_each(?)))", query.ambitions)
        add("e.region IN (SELECT value FROM json_each(?))", query.regions.map(\.rawValue))
        add("e.organisation_type IN (SELECT value FROM json_each(?))", query.organisationTypes.map(\.rawValue))
        add("e.evidence IN (SELECT value FROM json_each(?))", query.evidence.map(\.rawValue))
        sql = conditions.joined(separator: " AND ")
        self.arguments = arguments
    }
}
