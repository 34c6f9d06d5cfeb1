import Foundation

/// A chosen example as a guide shows it: the library's uid, id and title, and the team's note.
public struct ChosenExample: Codable, Sendable, Equatable {
    public var uid: String
    public var id: Int64
    public var title: String
    public var organisation: String
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case uid = "example"
        case id, title, organisation, note
    }
}

/// One foundation of a guide as every view and export shows it: the guide's own text (*What* and *Ask*)
/// beside the team's rating, answers, notes, actions and chosen examples.
public struct GuideFoundationView: Encodable, Sendable, Equatable {
    public var foundation: Foundation
    public var entry: GuideFoundationEntry
    /// The chosen examples still published, in the team's order.
    public var examples: [ChosenExample]
    /// How many chosen examples were withdrawn from the library since, and so dropped out.
    public var withdrawn: Int

    enum CodingKeys: String, CodingKey {
        case foundation, name, what, prompts, rating, answers, notes, actions, examples, withdrawn
    }

    /// Whether the team has written nothing here (no rating, answer, note, action or example).
    public var isBlank: Bool { entry.isBlank && withdrawn == 0 }

    /// The foundation's prompts, each with the team's answer.
    public var prompts: [(prompt: String, answer: String)] {
        foundation.prompts.enumerated().map { ($0.element, entry.answer($0.offset)) }
    }

    /// Output: the document's fields, with the foundation's name, *What* and prompts from the reference data.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(foundation.key, forKey: .foundation)
        try container.encode(foundation.name, forKey: .name)
        try container.encode(foundation.description, forKey: .what)
        try container.encode(foundation.prompts, forKey: .prompts)
        try container.encode(entry.rating, forKey: .rating)
        try container.encode(foundation.prompts.indices.map(entry.answer), forKey: .answers)
        try container.encode(entry.notes, forKey: .notes)
        try container.encode(entry.actions, forKey: .actions)
        try container.encode(examples, forKey: .examples)
        try container.encode(withdrawn, forKey: .withdrawn)
    }
}

/// A guide, or one of its editions, as it is shown and exported: the content with output fields and every
/// foundation in the guide's order, examples resolved against the library.
public struct GuideView: Encodable, Sendable, Equatable {
    public var id: Int64
    public var uid: String
    public var createdAt: String
    public var updatedAt: String
    /// The edition shown, or nil for the current content.
    public var edition: GuideEditionEntry?
    public var content: GuideContent
    /// All ten foundations, in the guide's order.
    public var foundations: [GuideFoundationView]
    /// Possible identifiers in the team's own text, for its editors.
    public var warnings: [GuideWarning]

    enum CodingKeys: String, CodingKey {
        case id, uid, title, area, introduction, contact, region, foundations, edition, warnings
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case meetingDate = "meeting_date"
        case organisationTypes = "organisation_types"
    }

    /// The foundations the team has written something for.
    public var filledFoundations: [GuideFoundationView] { foundations.filter { !$0.isBlank } }

    /// How many chosen examples were withdrawn, across the guide.
    public var withdrawn: Int { foundations.reduce(0) { $0 + $1.withdrawn } }

    /// Output: `guide show --format json` and the API's guide document; `guide create` reads it back.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(uid, forKey: .uid)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(edition, forKey: .edition)
        try container.encode(content.title, forKey: .title)
        try container.encode(content.area, forKey: .area)
        try container.encode(content.introduction, forKey: .introduction)
        try container.encode(content.meetingDate, forKey: .meetingDate)
        try container.encode(content.contact ?? GuideContact(), forKey: .contact)
        try container.encode(content.region, forKey: .region)
        try container.encode(content.organisationTypes, forKey: .organisationTypes)
        try container.encode(foundations, forKey: .foundations)
        try container.encode(warnings, forKey: .warnings)
    }

    /// The content as `guide create` takes it: no output fields, examples by uid with the team's notes.
    public var document: GuideContent {
        var document = content
        document.foundations = foundations.filter { !$0.isBlank }.map { view in
            var entry = view.entry
            entry.examples = view.examples.map { GuideExampleChoice(example: $0.uid, note: $0.note) }
            return entry
        }
        return document
    }
}

/// Warnings about a guide's own text: screening for patient identifiers and contact details, never an error.
enum GuideScreening {
    static func warnings(_ content: GuideContent, reference: ReferenceData) -> [GuideWarning] {
        let screener = Screener()
        var fields: [(String, String)] = [("title", content.title), ("area", content.area), ("introduction", content.introduction)]
        for (index, entry) in content.foundations.enumerated() {
            let path = "foundations[\(index)]"
            fields += entry.answers.enumerated().map { ("\(path).answers[\($0.offset)]", $0.element) }
            fields.append(("\(path).notes", entry.notes))
            fields += entry.actions.enumerated().map { ("\(path).actions[\($0.offset)].what", $0.element.what) }
            fields += entry.examples.enumerated().compactMap { item in item.element.note.map { ("\(path).examples[\(item.offset)].note", $0) } }
        }
        return fields.flatMap { screener.screen(text: $0.1, field: $0.0) }
            .filter { $0.kind != .possibleDuplicate }
            .map { GuideWarning(field: $0.field, message: "may hold \($0.kind.words): \($0.detail); a guide must never identify a patient") }
    }
}
