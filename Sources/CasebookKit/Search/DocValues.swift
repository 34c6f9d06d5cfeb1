import Foundation
import GRDB
import Synchronization

/// Per-example values that filters, facets and recency need, held in compact arrays indexed by
/// example id, so that a search counts facets over every match without reading example rows.
/// It is derived data, rebuilt whenever `library_version` changes, not a cache of results.
struct DocValues: Sendable {
    /// The `library_version` this snapshot was built at.
    let version: Int64
    /// 0 when the id is not a published example, else 1.
    private(set) var published: [Bool]
    private(set) var region: [UInt8]
    private(set) var organisationType: [UInt8]
    private(set) var evidence: [UInt8]
    private(set) var foundations: [UInt16]
    private(set) var ambitions: [UInt8]
    /// Position in newest-first order (0 is the newest published example).
    private(set) var recency: [Int32]
    /// Published example ids, newest first.
    private(set) var newestFirst: [Int64]

    static let regions = Region.allCases
    static let organisationTypes = OrganisationType.allCases
    static let evidenceLevels = EvidenceLevel.allCases

    /// Reads every published example's values inside the caller's read transaction.
    static func build(version: Int64, reference: ReferenceData, in db: Database) throws -> DocValues {
        let maxID = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM example") ?? 0
        var values = DocValues(
            version: version, published: Array(repeating: false, count: maxID + 1), region: Array(repeating: 0, count: maxID + 1),
            organisationType: Array(repeating: 0, count: maxID + 1), evidence: Array(repeating: 0, count: maxID + 1),
            foundations: Array(repeating: 0, count: maxID + 1), ambitions: Array(repeating: 0, count: maxID + 1),
            recency: Array(repeating: Int32.max, count: maxID + 1), newestFirst: [])
        try values.readExamples(in: db)
        try values.readTags(table: "example_foundation", column: "foundation", keys: reference.foundations.map(\.key), in: db) { $0.foundations[$1] |= UInt16(1) << $2 }
        try values.readTags(table: "example_ambition", column: "ambition", keys: reference.ambitions.map(\.key), in: db) { $0.ambitions[$1] |= UInt8(1) << $2 }
        return values
    }

    private mutating func readExamples(in db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, region, organisation_type, evidence FROM example INDEXED BY example_by_status
            WHERE status = 'published' ORDER BY published_at DESC, id DESC
            """)
        while let row = try rows.next() {
            let id = Int(row[0] as Int64)
            published[id] = true
            region[id] = Self.code(row[1] as String?, in: Self.regions)
            organisationType[id] = Self.code(row[2] as String?, in: Self.organisationTypes)
            evidence[id] = Self.code(row[3] as String?, in: Self.evidenceLevels)
            recency[id] = Int32(newestFirst.count)
            newestFirst.append(Int64(id))
        }
    }

    private mutating func readTags(
        table: String, column: String, keys: [String], in db: Database, set: (inout DocValues, Int, Int) -> Void
    ) throws {
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        let rows = try Row.fetchCursor(db, sql: "SELECT example_id, \(column) FROM \(table)")
        while let row = try rows.next() {
            let id = Int(row[0] as Int64)
            guard id < published.count, published[id], let bit = index[row[1] as String] else { continue }
            set(&self, id, bit)
        }
    }

    /// 1-based position of a key among a vocabulary's cases; 0 for none.
    private static func code<Key: VocabularyKey>(_ raw: String?, in cases: [Key]) -> UInt8 {
        guard let raw, let index = cases.firstIndex(where: { $0.rawValue == raw }) else { return 0 }
        return UInt8(index + 1)
    }

    /// Whether an id is a published example.
    func isPublished(_ id: Int64) -> Bool {
        id > 0 && Int(id) < published.count && published[Int(id)]
    }

    /// Whether an id is a published example that passes every filter.
    func passes(_ id: Int64, _ filter: CompiledFilter) -> Bool {
        let i = Int(id)
        guard i > 0, i < published.count, published[i] else { return false }
        if !filter.regions.isEmpty, !filter.regions.contains(region[i]) { return false }
        if !filter.organisationTypes.isEmpty, !filter.organisationTypes.contains(organisationType[i]) { return false }
        if !filter.evidence.isEmpty, !filter.evidence.contains(evidence[i]) { return false }
        if filter.foundations != 0, foundations[i] & filter.foundations == 0 { return false }
        if filter.ambitions != 0, ambitions[i] & filter.ambitions == 0 { return false }
        return true
    }

    /// Facet counts over a set of ids that already pass the filters.
    func facets(of ids: [Int64], reference: ReferenceData) -> Facets {
        var regionCounts = [Int](repeating: 0, count: Self.regions.count + 1)
        var typeCounts = [Int](repeating: 0, count: Self.organisationTypes.count + 1)
        var evidenceCounts = [Int](repeating: 0, count: Self.evidenceLevels.count + 1)
        var foundationCounts = [Int](repeating: 0, count: 16)
        var ambitionCounts = [Int](repeating: 0, count: 8)
        for id in ids {
            let i = Int(id)
            regionCounts[Int(region[i])] += 1
            typeCounts[Int(organisationType[i])] += 1
            evidenceCounts[Int(evidence[i])] += 1
            Self.countBits(Int(foundations[i]), into: &foundationCounts)
            Self.countBits(Int(ambitions[i]), into: &ambitionCounts)
        }
        var facets = Facets()
        facets.region = Self.named(regionCounts.dropFirst(), Self.regions.map(\.rawValue))
        facets.organisationType = Self.named(typeCounts.dropFirst(), Self.organisationTypes.map(\.rawValue))
        facets.evidence = Self.named(evidenceCounts.dropFirst(), Self.evidenceLevels.map(\.rawValue))
        facets.foundation = Self.named(foundationCounts[...], reference.foundations.map(\.key))
        facets.ambition = Self.named(ambitionCounts[...], reference.ambitions.map(\.key))
        return facets
    }

    private static func countBits(_ mask: Int, into counts: inout [Int]) {
        var rest = mask
        while rest != 0 {
            counts[rest.trailingZeroBitCount] += 1
            rest &= rest - 1
        }
    }

    private static func named(_ counts: ArraySlice<Int>, _ keys: [String]) -> [String: Int] {
        var result: [String: Int] = [:]
        for (offset, count) in counts.enumerated() where count > 0 && offset < keys.count { result[keys[offset]] = count }
        return result
    }

    /// The `count` newest of a set of ids after skipping `offset`, newest first.
    func newest(_ ids: [Int64], skipping offset: Int, count: Int) -> [Int64] {
        let wanted = offset + count
        guard ids.count * 20 >= newestFirst.count else {
            return Array(ids.sorted { recency[Int($0)] < recency[Int($1)] }.prefix(wanted).dropFirst(offset))
        }
        var member = [Bool](repeating: false, count: published.count)
        for id in ids { member[Int(id)] = true }
        var chosen: [Int64] = []
        for id in newestFirst where member[Int(id)] {
            chosen.append(id)
            if chosen.count == wanted { break }
        }
        return Array(chosen.dropFirst(offset))
    }
}

/// A query's filters as the codes `DocValues` stores.
struct CompiledFilter {
    var regions: Set<UInt8>
    var organisationTypes: Set<UInt8>
    var evidence: Set<UInt8>
    var foundations: UInt16
    var ambitions: UInt8

    init(_ query: SearchQuery, reference: ReferenceData) {
        func codes<Key: VocabularyKey & Equatable>(_ values: [Key], _ cases: [Key]) -> Set<UInt8> {
            Set(values.compactMap { value in cases.firstIndex(of: value).map { UInt8($0 + 1) } })
        }
        regions = codes(query.regions, DocValues.regions)
        organisationTypes = codes(query.organisationTypes, DocValues.organisationTypes)
        evidence = codes(query.evidence, DocValues.evidenceLevels)
        foundations = query.foundations.reduce(0) { mask, key in
            mask | (reference.foundations.firstIndex { $0.key == key }.map { UInt16(1) << $0 } ?? 0)
        }
        ambitions = query.ambitions.reduce(0) { mask, key in
            mask | (reference.ambitions.firstIndex { $0.key == key }.map { UInt8(1) << $0 } ?? 0)
        }
    }
}

/// Holds the newest `DocValues` for a library, rebuilding it when the library's version moves on.
final class DocValuesStore: Sendable {
    private let current = Mutex<DocValues?>(nil)

    /// Doc values matching the database as the caller's transaction sees it.
    func values(reference: ReferenceData, in db: Database) throws -> DocValues {
        let version = try Int64.fetchOne(db, sql: "SELECT version FROM library_version") ?? 0
        if let values = current.withLock({ $0 }), values.version == version { return values }
        let values = try DocValues.build(version: version, reference: reference, in: db)
        current.withLock { stored in
            if (stored?.version ?? -1) < version { stored = values }
        }
        return values
    }
}
