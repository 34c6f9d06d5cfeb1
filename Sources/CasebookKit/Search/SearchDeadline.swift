import Foundation
import GRDB
import GRDBSQLite

/// Stops a search that runs past its time limit: its SQL through SQLite's progress handler on the one
/// connection that runs it (so other searches are unaffected), and its in-memory work when it ends.
enum SearchDeadline {
    private final class Clock: @unchecked Sendable {
        let deadline: UInt64
        init(deadline: UInt64) { self.deadline = deadline }
    }

    /// Runs `body` on `db`, interrupting its SQL once `limit` has passed.
    static func run<T>(_ db: Database, limit: Duration?, _ body: () throws -> T) throws -> T {
        guard let limit, let connection = db.sqliteConnection else { return try body() }
        let nanoseconds = UInt64(limit.components.seconds) * 1_000_000_000 + UInt64(limit.components.attoseconds / 1_000_000_000)
        let clock = Unmanaged.passRetained(Clock(deadline: DispatchTime.now().uptimeNanoseconds + nanoseconds))
        sqlite3_progress_handler(
            connection, 2_000,
            { context in
                guard let context else { return 0 }
                let clock = Unmanaged<Clock>.fromOpaque(context).takeUnretainedValue()
                return DispatchTime.now().uptimeNanoseconds > clock.deadline ? 1 : 0
            }, clock.toOpaque())
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            clock.release()
        }
        do {
            let result = try body()
            if DispatchTime.now().uptimeNanoseconds > clock.takeUnretainedValue().deadline { throw SearchError.tooExpensive(limit) }
            return result
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw SearchError.tooExpensive(limit)
        }
    }
}

/// Why a search could not be answered.
public enum SearchError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooExpensive(Duration)

    public var description: String {
        switch self {
        case .tooExpensive(let limit):
            "the search took longer than its limit of \(limit.formatted(.units(allowed: [.milliseconds]))); add a filter or a more specific word"
        }
    }
}
