import Foundation
import GRDB
import GRDBSQLite

/// Casebook's bm25: FTS5's formula, weights, k1 and b, computed by search from postings it holds
/// (`TermPostings`), with exact inverse document frequencies and lengths of published examples only.
/// The FTS5 auxiliary function `casebook_weight` reads a match's column-weighted count from the index;
/// lengths come from the index's own record of each row's size.
enum RankFunction {
    /// Column weights in index order (`SearchIndex.columns`): title over keywords over summary over
    /// organisation over body. `SearchIndex.rankFunction` is made from these.
    static let weights: [Double] = [10, 4, 1, 2, 6]
    static let k1 = 1.2
    static let b = 0.75

    /// `casebook_weight(table)`: the column-weighted count of the row's matches (bm25's term frequency).
    static let weightName = "casebook_weight"

    /// Adds the functions to a connection; call as the connection opens.
    static func register(_ db: Database) {
        let api = FTS5.api(db)
        _ = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), weightName, nil, weight, nil)
    }

    /// One phrase's contribution to an example's score: bm25's saturating term frequency for a
    /// column-weighted count `weight` in an example of `length` tokens, times the phrase's inverse frequency.
    @inline(__always)
    static func contribution(weight: Double, length: Double, averageLength: Double, inverseFrequency: Double) -> Double {
        inverseFrequency * weight * (k1 + 1) / (weight + k1 * (1 - b + b * length / averageLength))
    }

    /// The inverse document frequency of a phrase found in `documents` of `total` examples, floored as bm25 does.
    static func inverseFrequency(documents: Int, total: Int) -> Double {
        let idf = log((Double(total) - Double(documents) + 0.5) / (Double(documents) + 0.5))
        return idf > 0 ? idf : 1e-6
    }
}

/// The FTS5 auxiliary function behind `RankFunction.weightName`: every match of every phrase, weighted by its column.
private let weight: fts5_extension_function = { api, fts, context, _, _ in
    guard let api = api?.pointee, let fts else { return }
    var instances: Int32 = 0
    guard api.xInstCount(fts, &instances) == SQLITE_OK else { sqlite3_result_error(context, "cannot read matches", -1); return }
    var total = 0.0
    for index in 0..<instances {
        var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
        guard api.xInst(fts, index, &phrase, &column, &offset) == SQLITE_OK else { continue }
        if Int(column) < RankFunction.weights.count { total += RankFunction.weights[Int(column)] }
    }
    sqlite3_result_int64(context, Int64(total))
}
