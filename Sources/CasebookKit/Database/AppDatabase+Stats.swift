import GRDB

/// Counts by status and the foundations × ambitions coverage of published examples.
public struct LibraryStats: Codable, Sendable, Equatable {
    public var byStatus: [String: Int]
    /// Published examples tagged with each foundation and ambition: `coverage[foundation][ambition]`.
    public var coverage: [String: [String: Int]]

    enum CodingKeys: String, CodingKey {
        case byStatus = "by_status"
        case coverage
    }
}

extension AppDatabase {
    /// The library's counts; every status, foundation and ambition appears, with zeros.
    public func stats() throws -> LibraryStats {
        try reader.read { db in try stats(in: db) }
    }

    /// The library's counts, read without blocking the caller's executor.
    public func stats() async throws -> LibraryStats {
        try await reader.read { db in try stats(in: db) }
    }

    private func stats(in db: Database) throws -> LibraryStats {
        var byStatus = Dictionary(uniqueKeysWithValues: ExampleStatus.keys.map { ($0, 0) })
        for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM example GROUP BY status") {
            byStatus[row[0]] = row[1]
        }
        let blankRow = Dictionary(uniqueKeysWithValues: reference.ambitions.map { ($0.key, 0) })
        var coverage = Dictionary(uniqueKeysWithValues: reference.foundations.map { ($0.key, blankRow) })
        for row in try Row.fetchAll(db, sql: """
            SELECT f.foundation, a.ambition, count(*) FROM example_foundation f
            JOIN example_ambition a ON a.example_id = f.example_id
            JOIN example e ON e.id = f.example_id AND e.status = 'published'
            GROUP BY f.foundation, a.ambition
            """) {
            coverage[row[0], default: blankRow][row[1]] = row[2]
        }
        return LibraryStats(byStatus: byStatus, coverage: coverage)
    }
}
