import GRDB

/// Counts by status and the foundations × ambitions coverage of published examples.
public struct LibraryStats: Codable, Sendable, Equatable {
    public var byStatus: [String: Int]
    /// Published examples tagged with each foundation and ambition: `coverage[foundation][ambition]`.
    public var coverage: [String: [String: Int]]
    /// The grid's totals: examples of each foundation, of each ambition, and in all.
    public var coverageTotals: CoverageTotals

    enum CodingKeys: String, CodingKey {
        case byStatus = "by_status"
        case coverage
        case coverageTotals = "coverage_totals"
    }
}

/// The totals of a coverage grid. An example tagged with two ambitions counts once in its
/// foundation's total, so a total is the number of examples, not the sum of its cells.
public struct CoverageTotals: Codable, Sendable, Equatable {
    /// Published examples tagged with each foundation.
    public var foundation: [String: Int]
    /// Published examples tagged with each ambition.
    public var ambition: [String: Int]
    /// Published examples the grid counts.
    public var examples: Int
}

/// Which published examples a coverage grid counts: values of one filter combine with OR, the two
/// filters with AND, and an empty filter leaves every example in.
public struct CoverageFilter: Sendable, Equatable {
    public var regions: [Region]
    public var organisationTypes: [OrganisationType]

    /// A filter of regions and organisation types.
    public init(regions: [Region] = [], organisationTypes: [OrganisationType] = []) {
        (self.regions, self.organisationTypes) = (regions, organisationTypes)
    }

    /// SQL conditions on `example e` and their arguments.
    fileprivate var condition: (sql: String, arguments: StatementArguments) {
        var sql = ""
        var arguments: StatementArguments = []
        if !regions.isEmpty {
            sql += " AND e.region IN (SELECT value FROM json_each(?))"
            arguments += [ExampleRow.encodeJSON(regions.map(\.rawValue))]
        }
        if !organisationTypes.isEmpty {
            sql += " AND e.organisation_type IN (SELECT value FROM json_each(?))"
            arguments += [ExampleRow.encodeJSON(organisationTypes.map(\.rawValue))]
        }
        return (sql, arguments)
    }
}

extension AppDatabase {
    /// The library's counts; every status, foundation and ambition appears, with zeros. The grid
    /// counts the published examples that pass `filter`; the counts by status are of the whole library.
    public func stats(_ filter: CoverageFilter = CoverageFilter()) throws -> LibraryStats {
        try reader.read { db in try stats(filter, in: db) }
    }

    /// The library's counts, read without blocking the caller's executor.
    public func stats(_ filter: CoverageFilter = CoverageFilter()) async throws -> LibraryStats {
        try await reader.read { db in try stats(filter, in: db) }
    }

    private func stats(_ filter: CoverageFilter, in db: Database) throws -> LibraryStats {
        var byStatus = Dictionary(uniqueKeysWithValues: ExampleStatus.keys.map { ($0, 0) })
        for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM example GROUP BY status") {
            byStatus[row[0]] = row[1]
        }
        let (condition, arguments) = filter.condition
        let blankRow = Dictionary(uniqueKeysWithValues: reference.ambitions.map { ($0.key, 0) })
        var coverage = Dictionary(uniqueKeysWithValues: reference.foundations.map { ($0.key, blankRow) })
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT f.foundation, a.ambition, count(*) FROM example_foundation f
                JOIN example_ambition a ON a.example_id = f.example_id
                JOIN example e ON e.id = f.example_id AND e.status = 'published'\(condition)
                GROUP BY f.foundation, a.ambition
                """, arguments: arguments)
        {
            coverage[row[0], default: blankRow][row[1]] = row[2]
        }
        return LibraryStats(byStatus: byStatus, coverage: coverage, coverageTotals: try coverageTotals(filter, in: db))
    }

    private func coverageTotals(_ filter: CoverageFilter, in db: Database) throws -> CoverageTotals {
        let (condition, arguments) = filter.condition
        func counts(table: String, column: String, keys: [String]) throws -> [String: Int] {
            var counts = Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) })
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT t.\(column), count(*) FROM \(table) t
                    JOIN example e ON e.id = t.example_id AND e.status = 'published'\(condition)
                    GROUP BY t.\(column)
                    """, arguments: arguments)
            {
                counts[row[0]] = row[1]
            }
            return counts
        }
        let examples =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM example e WHERE e.status = 'published'\(condition)",
                arguments: arguments) ?? 0
        return CoverageTotals(
            foundation: try counts(table: "example_foundation", column: "foundation", keys: reference.foundations.map(\.key)),
            ambition: try counts(table: "example_ambition", column: "ambition", keys: reference.ambitions.map(\.key)),
            examples: examples)
    }
}
