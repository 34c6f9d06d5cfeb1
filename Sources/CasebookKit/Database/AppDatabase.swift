import CasebookSeeds
import Foundation
import GRDB

/// The library's store: the one place where SQL lives.
public struct AppDatabase: Sendable {
    /// The connection, or pool of connections, to the database; only CasebookKit writes SQL.
    let writer: any DatabaseWriter
    /// The reference data the library was opened with.
    public let reference: ReferenceData
    /// The synonyms search expands queries with.
    public let synonyms: SynonymDictionary
    /// How long a published example stays current before it is due for review.
    public var reviewPeriodMonths = 24
    /// The address links in mail start with (`--public-url`), such as `https://casebook.example.org`.
    public var publicURL = "http://localhost:8080"
    /// Search's per-example filter and facet values, rebuilt when the library changes.
    let docValues = DocValuesStore()
    /// The library's words as typed, for spelling and completion.
    let vocabularies = LibraryWordsStore()
    /// In-memory sets of the examples holding each common word, so common words search fast.
    let commonTerms = CommonTermsStore()
    /// A word counts as common, and is searched in memory, when at least this many examples hold it
    /// (and at least 1% of published examples).
    public var commonWordMinimum = 500

    /// Opens a database, migrating it and loading reference data; a new library also gets the seed examples.
    /// Make the writer with `AppDatabase.configuration()`: its connections carry what search needs. Reference
    /// data and synonyms default to the shipped seed files; a `SeedFileError` names one that is missing.
    public init(
        _ writer: any DatabaseWriter, reference: ReferenceData? = nil, synonyms: SynonymDictionary? = nil,
        seedExamples: Bool = true
    ) throws {
        self.writer = writer
        self.reference = try reference ?? .shipped()
        self.synonyms = try synonyms ?? .shipped()
        let isNew = try Self.migrate(writer)
        if isNew {
            try loadReferenceData()
            if seedExamples { try loadSeedExamples() }
        }
    }

    /// A read-only view of the database.
    var reader: any DatabaseReader { writer }

    /// Applies pending migrations; returns whether the library was new.
    private static func migrate(_ writer: any DatabaseWriter) throws -> Bool {
        let migrator = Migrations.migrator
        let applied = try writer.read { db in
            if try migrator.hasBeenSuperseded(db) {
                throw LibraryError.storage("this library was written by a newer version of Casebook; upgrade Casebook to open it")
            }
            return try migrator.appliedMigrations(db)
        }
        try migrator.migrate(writer)
        return applied.isEmpty
    }

    /// Creates or refreshes the foundations and ambitions from the reference data (idempotent).
    public func loadReferenceData() throws {
        try writer.write { db in
            for foundation in reference.foundations {
                let prompts = String(decoding: try JSONEncoder().encode(foundation.prompts), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO foundation (key, number, name, kind, description, prompts) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET number = excluded.number, name = excluded.name, kind = excluded.kind,
                          description = excluded.description, prompts = excluded.prompts
                        """,
                    arguments: [
                        foundation.key, foundation.number, foundation.name, foundation.kind.rawValue,
                        foundation.description, prompts
                    ])
            }
            for ambition in reference.ambitions {
                try db.execute(
                    sql: """
                        INSERT INTO ambition (key, number, name, description) VALUES (?, ?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET number = excluded.number, name = excluded.name, description = excluded.description
                        """, arguments: [ambition.key, ambition.number, ambition.name, ambition.description])
            }
        }
    }

    /// Adds the shipped seed examples that the library does not hold yet; returns how many were added.
    @discardableResult
    public func loadSeedExamples(from seeds: SeedFiles? = nil) throws -> Int {
        let seeds = try seeds ?? SeedFiles.locate()
        let examples = try JSONLines.decode(try seeds.data(.examples), with: ExampleDecoder(reference: reference, source: .importing))
        let known = try reader.read { db in try Set(String.fetchAll(db, sql: "SELECT uid FROM example")) }
        let missing = examples.filter { !known.contains($0.uid ?? "") }
        return try importExamples(missing).inserted
    }
}

/// A failure of the library that is not bad input: storage, or an action the current state forbids.
public enum LibraryError: Error, Sendable, Equatable, CustomStringConvertible {
    case storage(String)
    case notFound(String)
    case illegalTransition(action: String, status: ExampleStatus)
    case conflict(String)

    public var description: String {
        switch self {
        case .storage(let message): message
        case .notFound(let what): "\(what) was not found"
        case .illegalTransition(let action, let status): "cannot \(action): the example is \(status.rawValue)"
        case .conflict(let message): message
        }
    }
}
