import Foundation
import GRDB
import GRDBSQLite

/// `casebook_rank(example_ft, idf...)`: FTS5's bm25 with the same column weights, k1 and b, but with
/// each phrase's inverse document frequency passed in rather than counted. The built-in bm25 counts
/// it by reading every example a phrase matches, which for a phrase of common words costs more than
/// ranking the page; search already knows these counts from its common-word sets and word list.
enum RankFunction {
    static let name = "casebook_rank"
    /// Column weights in index order (`SearchIndex.columns`): title over keywords over summary over
    /// organisation over body. `SearchIndex.rankFunction` is made from these.
    static let weights: [Double] = [10, 4, 1, 2, 6]
    static let k1 = 1.2
    static let b = 0.75

    /// Adds the function to a connection; call as the connection opens.
    static func register(_ db: Database) {
        let api = FTS5.api(db)
        _ = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), name, nil, rank, nil)
    }

    /// The inverse document frequency of a phrase found in `documents` of `total` examples, floored as bm25 does.
    static func inverseFrequency(documents: Int, total: Int) -> Double {
        let idf = log((Double(total) - Double(documents) + 0.5) / (Double(documents) + 0.5))
        return idf > 0 ? idf : 1e-6
    }
}

/// The FTS5 auxiliary function behind `RankFunction`: higher is better, negated so ORDER BY ascending ranks best first.
private let rank: fts5_extension_function = { api, fts, context, argumentCount, arguments in
    guard let api = api?.pointee, let fts else { return }
    let phrases = Int(api.xPhraseCount(fts))
    var frequency = [Double](repeating: 0, count: phrases)
    var instances: Int32 = 0
    guard api.xInstCount(fts, &instances) == SQLITE_OK else { sqlite3_result_error(context, "cannot read matches", -1); return }
    for index in 0..<instances {
        var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
        guard api.xInst(fts, index, &phrase, &column, &offset) == SQLITE_OK else { continue }
        if Int(phrase) < phrases, Int(column) < RankFunction.weights.count { frequency[Int(phrase)] += RankFunction.weights[Int(column)] }
    }
    var rowCount: Int64 = 0, totalTokens: Int64 = 0
    var rowTokens: Int32 = 0
    _ = api.xRowCount(fts, &rowCount)
    _ = api.xColumnTotalSize(fts, -1, &totalTokens)
    _ = api.xColumnSize(fts, -1, &rowTokens)
    let averageLength = rowCount > 0 ? max(Double(totalTokens) / Double(rowCount), 1) : 1
    let lengthFactor = RankFunction.k1 * (1 - RankFunction.b + RankFunction.b * Double(rowTokens) / averageLength)
    var score = 0.0
    for index in 0..<phrases where frequency[index] > 0 {
        let idf = index < Int(argumentCount) ? sqlite3_value_double(arguments![index]) : 1
        score += idf * frequency[index] * (RankFunction.k1 + 1) / (frequency[index] + lengthFactor)
    }
    sqlite3_result_double(context, -score)
}
