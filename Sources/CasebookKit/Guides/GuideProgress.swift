import Foundation
import GRDB

/// What changed on one foundation between two editions of a guide (contract section 6, `guide compare`).
public struct FoundationChange: Codable, Sendable, Equatable {
    public var foundation: String
    public var name: String
    public var ratingFrom: GuideRating?
    public var ratingTo: GuideRating?
    /// The actions in the later edition that the earlier one did not have, by what they say.
    public var actionsAdded: [String]
    /// The actions done in the later edition that were not done (or not there) in the earlier one.
    public var actionsDone: [String]
    /// Chosen examples, by uid, the later edition added or took out.
    public var examplesAdded: [String]
    public var examplesRemoved: [String]

    enum CodingKeys: String, CodingKey {
        case foundation, name
        case ratingFrom = "rating_from"
        case ratingTo = "rating_to"
        case actionsAdded = "actions_added"
        case actionsDone = "actions_done"
        case examplesAdded = "examples_added"
        case examplesRemoved = "examples_removed"
    }

    /// Every key, the ratings as null when unrated.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(foundation, forKey: .foundation)
        try container.encode(name, forKey: .name)
        try container.encode(ratingFrom, forKey: .ratingFrom)
        try container.encode(ratingTo, forKey: .ratingTo)
        try container.encode(actionsAdded, forKey: .actionsAdded)
        try container.encode(actionsDone, forKey: .actionsDone)
        try container.encode(examplesAdded, forKey: .examplesAdded)
        try container.encode(examplesRemoved, forKey: .examplesRemoved)
    }
}

/// The comparison of two editions, or of an edition with the current content (`to` is nil).
public struct GuideComparison: Encodable, Sendable, Equatable {
    public var from: Int
    /// The later edition's number, or nil for the content not yet saved.
    public var to: Int?
    public var foundations: [FoundationChange]

    enum CodingKeys: String, CodingKey { case from, to, foundations }

    /// `to` is written as `"current"` for the unsaved content.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        if let to { try container.encode(to, forKey: .to) } else { try container.encode("current", forKey: .to) }
        try container.encode(foundations, forKey: .foundations)
    }

    /// Compares two contents foundation by foundation, in the reference data's order.
    static func between(_ earlier: GuideContent, _ later: GuideContent, from: Int, to: Int?, reference: ReferenceData) -> GuideComparison {
        let changes = reference.foundations.map { foundation in
            let (before, after) = (earlier.entry(foundation.key), later.entry(foundation.key))
            let said = Set(before.actions.map { $0.what.trimmed.lowercased() })
            let doneBefore = Set(before.actions.filter(\.done).map { $0.what.trimmed.lowercased() })
            let chosenBefore = before.examples.map(\.example), chosenAfter = after.examples.map(\.example)
            return FoundationChange(
                foundation: foundation.key, name: foundation.name, ratingFrom: before.rating, ratingTo: after.rating,
                actionsAdded: after.actions.filter { !said.contains($0.what.trimmed.lowercased()) }.map(\.what),
                actionsDone: after.actions.filter { $0.done && !doneBefore.contains($0.what.trimmed.lowercased()) }.map(\.what),
                examplesAdded: chosenAfter.filter { !chosenBefore.contains($0) },
                examplesRemoved: chosenBefore.filter { !chosenAfter.contains($0) })
        }
        return GuideComparison(from: from, to: to, foundations: changes)
    }
}

/// One foundation of the gap list: its rating and published examples others made for it.
public struct GuideGap: Encodable, Sendable, Equatable {
    public var foundation: String
    public var name: String
    public var rating: GuideRating?
    public var suggested: [SuggestedExample]

    enum CodingKeys: String, CodingKey { case foundation, name, rating, suggested }

    /// Every key, the rating as null when unrated.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(foundation, forKey: .foundation)
        try container.encode(name, forKey: .name)
        try container.encode(rating, forKey: .rating)
        try container.encode(suggested, forKey: .suggested)
    }
}

/// A published example suggested for a gap, with what makes it like the guide's area.
public struct SuggestedExample: Codable, Sendable, Equatable {
    public var id: Int64
    public var uid: String
    public var title: String
    public var summary: String
    public var organisation: String
    public var organisationType: String
    public var region: String?

    enum CodingKeys: String, CodingKey {
        case id, uid, title, summary, organisation, region
        case organisationType = "organisation_type"
    }
}

extension AppDatabase {
    /// The most examples the gap list suggests for one foundation.
    static let suggestionsPerGap = 5

    /// What changed between editions `from` and `to` of a guide, or from `from` to the content not yet saved
    /// (`toCurrent`). By default the two latest editions, or the only edition and the current content. A
    /// conflict when no edition has been saved; not found for an edition the guide does not have.
    public func compareGuide(_ guide: StoredGuide, from: Int? = nil, to: Int? = nil, toCurrent: Bool = false) async throws -> GuideComparison {
        let editions = try await guideEditions(guide.id).map(\.number)
        guard let latest = editions.last else { throw LibraryError.conflict("this guide has no saved edition yet: save one to compare with it") }
        let later: Int? = toCurrent ? nil : to ?? (editions.count > 1 ? latest : nil)
        let before = editions.last { $0 < (later ?? Int.max) } ?? editions.first!
        let earlier = from ?? before
        func content(_ number: Int?) async throws -> GuideContent {
            guard let number else { return guide.content }
            guard let saved = try await guideEdition(guide.id, number: number) else { throw LibraryError.notFound("edition \(number) of this guide") }
            return saved.content
        }
        return GuideComparison.between(try await content(earlier), try await content(later), from: earlier, to: later, reference: reference)
    }

    /// The foundations from the lowest rating up (unrated first, then in the guide's order), each with up to
    /// five published examples for it that the guide has not chosen there, those from the guide's region and
    /// organisation types first, then the newest.
    public func guideGaps(_ guide: StoredGuide) async throws -> [GuideGap] {
        let content = guide.content
        let types = String(decoding: try JSONEncoder().encode(content.organisationTypes.map(\.rawValue)), as: UTF8.self)
        let ordered = reference.foundations.enumerated().sorted { left, right in
            let (a, b) = (content.entry(left.element.key).rating?.level ?? -1, content.entry(right.element.key).rating?.level ?? -1)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
        return try await reader.read { db in
            try ordered.map { foundation in
                let chosen = String(decoding: try JSONEncoder().encode(content.entry(foundation.key).examples.map(\.example)), as: UTF8.self)
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.id, e.uid, e.title, e.summary, e.organisation_name, e.organisation_type, e.region
                        FROM example_foundation f JOIN example e ON e.id = f.example_id
                        WHERE f.foundation = ? AND e.status = 'published' AND e.uid NOT IN (SELECT value FROM json_each(?))
                        ORDER BY (CASE WHEN e.region = ? THEN 2 ELSE 0 END)
                               + (CASE WHEN e.organisation_type IN (SELECT value FROM json_each(?)) THEN 1 ELSE 0 END) DESC,
                                 e.published_at DESC, e.id DESC
                        LIMIT ?
                        """, arguments: [foundation.key, chosen, content.region?.rawValue, types, Self.suggestionsPerGap])
                let suggested = rows.map { row in
                    SuggestedExample(
                        id: row["id"], uid: row["uid"], title: row["title"], summary: row["summary"], organisation: row["organisation_name"],
                        organisationType: row["organisation_type"], region: row["region"])
                }
                return GuideGap(foundation: foundation.key, name: foundation.name, rating: content.entry(foundation.key).rating, suggested: suggested)
            }
        }
    }
}
