import Testing
import GRDB
@testable import CasebookKit
@Test func zzProbe() throws {
    let database = try AppDatabase.inMemory(seedExamples: false)
    print("TRIG", try database.reader.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type='trigger'") })
    for q in ["carers", "bereav", "palliat", "dementai", "\"\"*", "\"\"", "\"🙂\"*", "(\"a\") NOT (\"\")"] {
        let p = ParsedText(q, synonyms: .shipped)
        print("PARSE", q, p.matchExpression ?? "nil")
    }
    try database.importExamples([.mock(title: "Palliative support for each carer", summary: "Bereavement help for the family carer at home.")])
    for q in ["carers", "bereav", "palliat", "pall", "palliativ", "\"\"*", "\"\"", "\"🙂\"*", "(\"a\") NOT (\"\")", "\"a\" AND \"\""] {
        do { print("COUNT", q, try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM example_ft WHERE example_ft MATCH ?", arguments: [ParsedText(q).matchExpression ?? q]) } ?? -1) } catch { print("ERR", q, error) }
    }
}
