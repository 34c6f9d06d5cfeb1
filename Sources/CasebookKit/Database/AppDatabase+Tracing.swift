import Foundation
import GRDB
import Synchronization

extension AppDatabase {
    /// Opens a library file on a single connection, runs `body` with it, and returns the SQL of
    /// every statement run, with arguments written in (for benchmarks that replay the same SQL).
    /// `prepare` runs first, untraced (to warm up derived data).
    public static func tracedStatements(
        path: String, prepare: (AppDatabase) throws -> Void = { _ in }, _ body: (AppDatabase) throws -> Void
    ) throws -> [String] {
        let collected = StatementLog()
        var config = configuration()
        config.prepareDatabase { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { collected.append(statement.expandedSQL) }
            }
        }
        let database = try AppDatabase(DatabaseQueue(path: path, configuration: config), seedExamples: false)
        try prepare(database)
        collected.clear()
        try body(database)
        return collected.lines
    }
}

/// Statements collected by a trace, safe to append to from any thread.
private final class StatementLog: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ line: String) { storage.withLock { $0.append(line) } }
    func clear() { storage.withLock { $0.removeAll() } }
    var lines: [String] { storage.withLock { $0 } }
}
