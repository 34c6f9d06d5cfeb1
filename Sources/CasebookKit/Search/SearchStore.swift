import GRDB
import GRDBSQLite

/// The SQL of search, in one place: what search reads from the full-text indexes and the example
/// table. Every user word reaches `MATCH` only as a quoted FTS5 string (`FTSExpression`), bound as
/// an argument.
enum SearchStore {
    /// One more than the largest example id: the capacity of a set of example ids.
    static func idCapacity(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM example") ?? 1
    }

    /// The version of the full-text indexes, which moves whenever an example enters, leaves or changes in them.
    static func indexVersion(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT index_version FROM library_version")) ?? 0
    }

    /// Ids of the published examples an FTS5 expression matches, ascending, stepped without per-row allocation.
    static func matchingIDs(_ expression: String, in db: Database) throws -> [Int64] {
        var result: [Int64] = []
        try step(db, sql: "SELECT rowid FROM example_ft WHERE example_ft MATCH ?", arguments: [expression]) { statement in
            result.append(sqlite3_column_int64(statement, 0))
        }
        return result
    }

    /// The published examples an FTS5 expression matches, with each one's column-weighted count of its matches.
    static func postings(matching expression: String, capacity: Int, in db: Database) throws -> TermPostings {
        var ids: [Int64] = [], weights: [UInt32] = []
        try step(
            db, sql: "SELECT rowid, \(RankFunction.weightName)(example_ft) FROM example_ft WHERE example_ft MATCH ?",
            arguments: [expression]
        ) { statement in
            let weight = sqlite3_column_int64(statement, 1)
            guard weight > 0 else { return }
            ids.append(sqlite3_column_int64(statement, 0))
            weights.append(UInt32(clamping: weight))
        }
        return TermPostings(ids: ids, counts: weights, capacity: capacity)
    }

    /// Every published example's length in tokens, from the index's own record of each row's
    /// column sizes (`example_ft_docsize`: one SQLite varint per column).
    static func documentLengths(capacity: Int, in db: Database) throws -> DocumentLengths {
        var lengths = DocumentLengths(capacity: capacity)
        try step(db, sql: "SELECT id, sz FROM example_ft_docsize") { statement in
            guard let bytes = sqlite3_column_blob(statement, 1)?.assumingMemoryBound(to: UInt8.self) else { return }
            let buffer = UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, 1)))
            lengths.set(UInt32(clamping: sumOfVarints(buffer)), of: sqlite3_column_int64(statement, 0))
        }
        return lengths
    }

    /// The sum of the SQLite varints in a buffer (each up to nine bytes, seven bits a byte, high bit first).
    static func sumOfVarints(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var total = 0, index = 0
        while index < bytes.count {
            var value = 0
            var used = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                used += 1
                if used == 9 { value = (value << 8) | Int(byte); break }
                value = (value << 7) | Int(byte & 0x7F)
                if byte & 0x80 == 0 { break }
            }
            total += value
        }
        return total
    }

    /// The indexed text of those of `ids` that are published, in index column order.
    static func publishedTexts(of ids: [Int64], in db: Database) throws -> [(id: Int64, columns: [String])] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, title, summary, body, organisation_name, keywords FROM published_example_text
                    WHERE id IN (SELECT value FROM json_each(?))
                    """), arguments: [ExampleRow.encodeJSON(ids)]
        )
        .map { row in (row[0], (1...5).map { (row[$0] as String?) ?? "" }) }
    }

    /// Runs a statement, calling `row` for each result row with the raw statement.
    private static func step(
        _ db: Database, sql: String, arguments: StatementArguments = [], row: (OpaquePointer) throws -> Void
    ) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        // Reset at once, even after an error (an interrupted search), so the cached statement is ready for its next use.
        defer { sqlite3_reset(statement.sqliteStatement) }
        while true {
            let code = sqlite3_step(statement.sqliteStatement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage) }
            try row(statement.sqliteStatement)
        }
    }
}
