import GRDB

/// Finds published examples whose title and summary are close to a new one.
enum DuplicateFinder {
    /// How alike two examples' title and summary words must be to flag them.
    static let threshold = 0.6

    static func similar(
        to example: Example, excluding exampleID: Int64?, in db: Database
    ) throws
        -> [(id: Int64, title: String, similarity: Double)]
    {
        let words = Words.distinctive(example.title + " " + example.summary)
        guard let expression = FTSExpression.anyOf(words, columns: ["title", "summary"]) else { return [] }
        let candidates = try Row.fetchAll(
            db,
            sql: """
                SELECT e.id, e.title, e.summary FROM example_ft JOIN example e ON e.id = example_ft.rowid
                WHERE example_ft MATCH ? AND e.status = 'published' AND e.id IS NOT ?
                ORDER BY rank LIMIT 5
                """, arguments: [expression, exampleID])
        return candidates.compactMap { row in
            let other = Words.distinctive((row["title"] as String) + " " + (row["summary"] as String))
            let similarity = Words.jaccard(Set(words), Set(other))
            return similarity >= threshold ? (row["id"], row["title"], similarity) : nil
        }
    }
}
