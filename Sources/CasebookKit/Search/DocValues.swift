import Foundation
import GRDB
import Synchronization

/// Per-example values that filters, facets and recency need, held in compact arrays indexed by
/// example id, so that a search counts facets over every match without reading example rows.
/// It is derived data, kept current with `library_version` (from the change log, or read again),
/// not a cache of results.
struct DocValues: Sendable {
    /// The `library_version` these values reflect.
    private(set) var version: Int64
    /// 0 when the id is not a published example, else 1.
    private(set) var published: [Bool]
    private(set) var region: [UInt8]
    private(set) var organisationType: [UInt8]
    private(set) var evidence: [UInt8]
    private(set) var foundations: [UInt16]
    private(set) var ambitions: [UInt8]
    private(set) var workStatus: [UInt8]
    private(set) var outcomeMeasures: [UInt16]
    /// When each published example was published, to keep `newestFirst` in order as examples change.
    private(set) var publishedAt: [String?]
    /// Published example ids, newest first.
    private(set) var newestFirst: [Int64]
    /// The published examples, and those of each filter value, as sets: filters and facet counts
    /// over a result become a few bitwise operations.
    private(set) var publishedSet = ExampleSet(capacity: 0)
    private(set) var regionSets: [ExampleSet] = []
    private(set) var organisationTypeSets: [ExampleSet] = []
    private(set) var evidenceSets: [ExampleSet] = []
    private(set) var foundationSets: [ExampleSet] = []
    private(set) var ambitionSets: [ExampleSet] = []
    private(set) var workStatusSets: [ExampleSet] = []
    private(set) var outcomeMeasureSets: [ExampleSet] = []

    static let regions = Region.allCases
    static let organisationTypes = OrganisationType.allCases
    static let evidenceLevels = EvidenceLevel.allCases
    static let workStatuses = WorkStatus.allCases
    static let outcomeMeasureKeys = OutcomeMeasure.allCases
    /// The columns `read(_:)` takes, in its order.
    static let columns = "id, region, organisation_type, evidence, published_at, work_status, outcome_measures"

    /// Reads every published example's values inside the caller's read transaction.
    static func build(version: Int64, reference: ReferenceData, in db: Database) throws -> DocValues {
        let maxID = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM example") ?? 0
        var values = DocValues(
            version: version, published: Array(repeating: false, count: maxID + 1), region: Array(repeating: 0, count: maxID + 1),
            organisationType: Array(repeating: 0, count: maxID + 1), evidence: Array(repeating: 0, count: maxID + 1),
            foundations: Array(repeating: 0, count: maxID + 1), ambitions: Array(repeating: 0, count: maxID + 1),
            workStatus: Array(repeating: 0, count: maxID + 1), outcomeMeasures: Array(repeating: 0, count: maxID + 1),
            publishedAt: Array(repeating: nil, count: maxID + 1), newestFirst: [])
        try values.readExamples(in: db)
        try values.readTags(table: "example_foundation", column: "foundation", keys: reference.foundations.map(\.key), in: db) {
            $0.foundations[$1] |= UInt16(1) << $2
        }
        try values.readTags(table: "example_ambition", column: "ambition", keys: reference.ambitions.map(\.key), in: db) { $0.ambitions[$1] |= UInt8(1) << $2 }
        values.makeSets(foundationCount: reference.foundations.count, ambitionCount: reference.ambitions.count)
        return values
    }

    private mutating func makeSets(foundationCount: Int, ambitionCount: Int) {
        let capacity = published.count
        func empty(_ count: Int) -> [ExampleSet] { Array(repeating: ExampleSet(capacity: capacity), count: count) }
        publishedSet = ExampleSet(newestFirst, capacity: capacity)
        regionSets = empty(Self.regions.count + 1)
        organisationTypeSets = empty(Self.organisationTypes.count + 1)
        evidenceSets = empty(Self.evidenceLevels.count + 1)
        foundationSets = empty(foundationCount)
        ambitionSets = empty(ambitionCount)
        workStatusSets = empty(Self.workStatuses.count + 1)
        outcomeMeasureSets = empty(Self.outcomeMeasureKeys.count)
        for id in newestFirst {
            let i = Int(id)
            regionSets[Int(region[i])].insert(id)
            organisationTypeSets[Int(organisationType[i])].insert(id)
            evidenceSets[Int(evidence[i])].insert(id)
            for bit in Self.bits(Int(foundations[i])) where bit < foundationCount { foundationSets[bit].insert(id) }
            for bit in Self.bits(Int(ambitions[i])) where bit < ambitionCount { ambitionSets[bit].insert(id) }
            workStatusSets[Int(workStatus[i])].insert(id)
            for bit in Self.bits(Int(outcomeMeasures[i])) { outcomeMeasureSets[bit].insert(id) }
        }
    }

    private static func bits(_ mask: Int) -> [Int] {
        (0..<16).filter { mask & (1 << $0) != 0 }
    }

    /// The published examples that pass every filter.
    func examples(passing filter: CompiledFilter) -> ExampleSet {
        var result = publishedSet
        for allowed in filterSets(filter).values { result.formIntersection(allowed) }
        return result
    }

    /// For each filter that is set, the examples it allows: the union of its values' sets.
    func filterSets(_ filter: CompiledFilter) -> [FacetField: ExampleSet] {
        var sets: [FacetField: ExampleSet] = [:]
        func allow(_ field: FacetField, _ valueSets: [ExampleSet], _ indexes: [Int]) {
            guard !indexes.isEmpty else { return }
            var any = ExampleSet(capacity: published.count)
            for index in indexes where index < valueSets.count { any.formUnion(valueSets[index]) }
            sets[field] = any
        }
        allow(.region, regionSets, filter.regions.map(Int.init))
        allow(.organisationType, organisationTypeSets, filter.organisationTypes.map(Int.init))
        allow(.evidence, evidenceSets, filter.evidence.map(Int.init))
        allow(.foundation, foundationSets, Self.bits(Int(filter.foundations)))
        allow(.ambition, ambitionSets, Self.bits(Int(filter.ambitions)))
        allow(.workStatus, workStatusSets, filter.workStatuses.map(Int.init))
        allow(.outcomeMeasure, outcomeMeasureSets, Self.bits(Int(filter.outcomeMeasures)))
        return sets
    }

    /// Facet counts over a set of examples that already pass the filters.
    func facets(of examples: ExampleSet, reference: ReferenceData) -> Facets {
        var facets = Facets()
        for field in FacetField.allCases { facets[field] = counts(field, of: examples, reference: reference) }
        return facets
    }

    /// Facet counts that keep each filter's alternatives: a facet with a filter set is counted over
    /// the text's matches narrowed by every other filter, its own left out; a facet without one is
    /// counted as in `facets`, which `plain` already holds.
    func disjunctiveFacets(
        of textMatches: ExampleSet, filter: CompiledFilter, plain: Facets, reference: ReferenceData
    ) -> Facets {
        let sets = filterSets(filter)
        var facets = plain
        for field in sets.keys {
            var examples = textMatches
            examples.formIntersection(publishedSet)
            for (other, allowed) in sets where other != field { examples.formIntersection(allowed) }
            facets[field] = counts(field, of: examples, reference: reference)
        }
        return facets
    }

    /// One facet's counts over a set of examples: every value with at least one.
    private func counts(_ field: FacetField, of examples: ExampleSet, reference: ReferenceData) -> [String: Int] {
        let (sets, keys, skipFirst): ([ExampleSet], [String], Bool) =
            switch field {
            case .region: (regionSets, Self.regions.map(\.rawValue), true)
            case .organisationType: (organisationTypeSets, Self.organisationTypes.map(\.rawValue), true)
            case .evidence: (evidenceSets, Self.evidenceLevels.map(\.rawValue), true)
            case .foundation: (foundationSets, reference.foundations.map(\.key), false)
            case .ambition: (ambitionSets, reference.ambitions.map(\.key), false)
            case .workStatus: (workStatusSets, Self.workStatuses.map(\.rawValue), true)
            case .outcomeMeasure: (outcomeMeasureSets, Self.outcomeMeasureKeys.map(\.rawValue), false)
            }
        var result: [String: Int] = [:]
        for (offset, key) in keys.enumerated() {
            let index = skipFirst ? offset + 1 : offset
            guard index < sets.count else { continue }
            let count = examples.intersectionCount(sets[index])
            if count > 0 { result[key] = count }
        }
        return result
    }

    private mutating func readExamples(in db: Database) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(Self.columns) FROM example INDEXED BY example_by_status
                WHERE status = 'published' ORDER BY published_at DESC, id DESC
                """)
        while let row = try rows.next() {
            read(row)
            newestFirst.append(row[0])
        }
    }

    /// Takes one published example's values from a row of `columns`.
    private mutating func read(_ row: Row) {
        let id = Int(row[0] as Int64)
        published[id] = true
        region[id] = Self.code(row[1] as String?, in: Self.regions)
        organisationType[id] = Self.code(row[2] as String?, in: Self.organisationTypes)
        evidence[id] = Self.code(row[3] as String?, in: Self.evidenceLevels)
        publishedAt[id] = row[4]
        workStatus[id] = Self.code(row[5] as String?, in: Self.workStatuses)
        outcomeMeasures[id] = (ExampleRow.decodeJSON([String].self, row[6]) ?? []).reduce(0) { mask, key in
            mask | (Self.outcomeMeasureKeys.firstIndex { $0.rawValue == key }.map { UInt16(1) << $0 } ?? 0)
        }
    }

    private mutating func readTags(
        table: String, column: String, keys: [String], only ids: [Int64]? = nil, in db: Database, set: (inout DocValues, Int, Int) -> Void
    ) throws {
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT example_id, \(column) FROM \(table)"
                + (ids == nil ? "" : " WHERE example_id IN (SELECT value FROM json_each(?))"),
            arguments: ids.map { [ExampleRow.encodeJSON($0)] } ?? [])
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

    /// Brings the values up to `version` for the examples written since they were read: each is
    /// taken out, then read again if it is published.
    mutating func update(to version: Int64, changed ids: [Int64], reference: ReferenceData, in db: Database) throws {
        for id in ids { remove(id) }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(Self.columns) FROM example
                WHERE status = 'published' AND id IN (SELECT value FROM json_each(?))
                """, arguments: [ExampleRow.encodeJSON(ids)])
        grow(to: Int(ids.max() ?? 0) + 1)
        for row in rows { read(row) }
        try readTags(table: "example_foundation", column: "foundation", keys: reference.foundations.map(\.key), only: ids, in: db) {
            $0.foundations[$1] |= UInt16(1) << $2
        }
        try readTags(table: "example_ambition", column: "ambition", keys: reference.ambitions.map(\.key), only: ids, in: db) {
            $0.ambitions[$1] |= UInt8(1) << $2
        }
        for row in rows { add(row[0]) }
        self.version = version
    }

    /// Takes an example out of every set and of the newest-first order.
    private mutating func remove(_ id: Int64) {
        let i = Int(id)
        guard i < published.count, published[i] else { return }
        setMembership(of: id, to: false)
        if let position = newestFirst.firstIndex(of: id) { newestFirst.remove(at: position) }
        (published[i], region[i], organisationType[i], evidence[i], foundations[i], ambitions[i], publishedAt[i]) = (false, 0, 0, 0, 0, 0, nil)
        (workStatus[i], outcomeMeasures[i]) = (0, 0)
    }

    /// Puts a published example, whose values are read, into every set and into newest-first order.
    private mutating func add(_ id: Int64) {
        let i = Int(id)
        setMembership(of: id, to: true)
        // The first position holding an older example: published earlier, or at the same time with a lower id.
        var low = 0, high = newestFirst.count
        while low < high {
            let middle = (low + high) / 2
            let other = newestFirst[middle]
            let otherDate = publishedAt[Int(other)] ?? "", date = publishedAt[i] ?? ""
            if otherDate > date || (otherDate == date && other > id) { low = middle + 1 } else { high = middle }
        }
        newestFirst.insert(id, at: low)
    }

    /// Puts an example into, or takes it out of, the published set and the sets of its values.
    private mutating func setMembership(of id: Int64, to member: Bool) {
        let i = Int(id)
        func apply(_ set: inout ExampleSet) { if member { set.insert(id) } else { set.remove(id) } }
        apply(&publishedSet)
        apply(&regionSets[Int(region[i])])
        apply(&organisationTypeSets[Int(organisationType[i])])
        apply(&evidenceSets[Int(evidence[i])])
        for bit in Self.bits(Int(foundations[i])) where bit < foundationSets.count { apply(&foundationSets[bit]) }
        for bit in Self.bits(Int(ambitions[i])) where bit < ambitionSets.count { apply(&ambitionSets[bit]) }
        apply(&workStatusSets[Int(workStatus[i])])
        for bit in Self.bits(Int(outcomeMeasures[i])) { apply(&outcomeMeasureSets[bit]) }
    }

    private mutating func grow(to count: Int) {
        guard count > published.count else { return }
        let extra = count - published.count
        published += Array(repeating: false, count: extra)
        region += Array(repeating: 0, count: extra)
        organisationType += Array(repeating: 0, count: extra)
        evidence += Array(repeating: 0, count: extra)
        foundations += Array(repeating: 0, count: extra)
        ambitions += Array(repeating: 0, count: extra)
        workStatus += Array(repeating: 0, count: extra)
        outcomeMeasures += Array(repeating: 0, count: extra)
        publishedAt += Array(repeating: nil, count: extra)
    }

    /// Whether an id is a published example.
    func isPublished(_ id: Int64) -> Bool {
        id > 0 && Int(id) < published.count && published[Int(id)]
    }

    /// The share of example `other`'s foundations and ambitions that example `id` also has, 0 to 1.
    func sharedTags(_ id: Int64, _ other: Int64) -> Double {
        let a = Int(id), b = Int(other)
        guard a >= 0, b >= 0, a < foundations.count, b < foundations.count else { return 0 }
        let mine = (foundations[b] & foundations[a]).nonzeroBitCount + (ambitions[b] & ambitions[a]).nonzeroBitCount
        let theirs = foundations[b].nonzeroBitCount + ambitions[b].nonzeroBitCount
        return theirs > 0 ? Double(mine) / Double(theirs) : 0
    }

    /// The `count` newest examples of a set after skipping `offset`, newest first.
    func newest(in examples: ExampleSet, skipping offset: Int, count: Int) -> [Int64] {
        let wanted = offset + count
        var chosen: [Int64] = []
        for id in newestFirst where examples.contains(id) {
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
    var workStatuses: Set<UInt8>
    var outcomeMeasures: UInt16

    init(_ query: SearchQuery, reference: ReferenceData) {
        func codes<Key: VocabularyKey & Equatable>(_ values: [Key], _ cases: [Key]) -> Set<UInt8> {
            Set(values.compactMap { value in cases.firstIndex(of: value).map { UInt8($0 + 1) } })
        }
        regions = codes(query.regions, DocValues.regions)
        organisationTypes = codes(query.organisationTypes, DocValues.organisationTypes)
        evidence = codes(query.evidence, DocValues.evidenceLevels)
        workStatuses = codes(query.workStatuses, DocValues.workStatuses)
        outcomeMeasures = query.outcomeMeasures.reduce(0) { mask, measure in
            mask | (DocValues.outcomeMeasureKeys.firstIndex(of: measure).map { UInt16(1) << $0 } ?? 0)
        }
        foundations = query.foundations.reduce(0) { mask, key in
            mask | (reference.foundations.firstIndex { $0.key == key }.map { UInt16(1) << $0 } ?? 0)
        }
        ambitions = query.ambitions.reduce(0) { mask, key in
            mask | (reference.ambitions.firstIndex { $0.key == key }.map { UInt8(1) << $0 } ?? 0)
        }
    }
}

/// Holds the two newest `DocValues` for a library (a search may still read the snapshot before the
/// latest write): follows the change log when the library moves on, or reads everything again after
/// a large change. One search at a time brings them up to date; the others wait and reuse its work.
final class DocValuesStore: Sendable {
    private let recent = Mutex<[DocValues]>([])
    private let building = Mutex<Void>(())

    /// Doc values matching the database as the caller's transaction sees it.
    func values(reference: ReferenceData, in db: Database) throws -> DocValues {
        let version = try Int64.fetchOne(db, sql: "SELECT version FROM library_version") ?? 0
        if let values = stored(version) { return values }
        return try building.withLock { _ in
            if let values = stored(version) { return values }
            var values: DocValues
            if var previous = recent.withLock({ $0.first }), previous.version < version,
                let changed = try ChangeLog.changedIDs(since: previous.version, upTo: version, in: db)
            {
                try previous.update(to: version, changed: changed, reference: reference, in: db)
                values = previous
            } else {
                values = try DocValues.build(version: version, reference: reference, in: db)
            }
            recent.withLock { recent in
                recent = (recent + [values]).sorted { $0.version > $1.version }.prefix(2).map { $0 }
            }
            return values
        }
    }

    private func stored(_ version: Int64) -> DocValues? {
        recent.withLock { recent in recent.first { $0.version == version } }
    }
}

/// The `example_change` log: which examples changed after a version.
enum ChangeLog {
    /// More changed examples than this are read again in full rather than one by one.
    static let largestUpdate = 2_000

    /// Examples written after `version` (up to `latest`), or nil when there are too many to follow one by one.
    static func changedIDs(since version: Int64, upTo latest: Int64, in db: Database) throws -> [Int64]? {
        let ids = try Int64.fetchAll(
            db,
            sql: """
                SELECT example_id FROM example_change WHERE version > ? AND version <= ? LIMIT ?
                """, arguments: [version, latest, largestUpdate + 1])
        return ids.count > largestUpdate ? nil : ids
    }
}
