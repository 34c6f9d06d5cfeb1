import Foundation

/// How far a team says it has come on one foundation (contract section 6), lowest first.
public enum GuideRating: String, Codable, Sendable, CaseIterable, Comparable {
    case notStarted = "not-started"
    case emerging, developing, established, embedded

    /// 0 for not started up to 4 for embedded; the numbers are accepted as synonyms.
    public var level: Int { Self.allCases.firstIndex(of: self)! }

    /// The rating in words, as the pages show it.
    public var label: String {
        switch self {
        case .notStarted: "Not started"
        case .emerging: "Emerging"
        case .developing: "Developing"
        case .established: "Established"
        case .embedded: "Embedded"
        }
    }

    /// Every rating's key, lowest first.
    public static var keys: [String] { allCases.map(\.rawValue) }

    /// The rating for a key or its number ("2"), else nil.
    public init?(key text: String) {
        let trimmed = text.trimmed
        if let number = Int(trimmed), Self.allCases.indices.contains(number) {
            self = Self.allCases[number]
        } else {
            self.init(rawValue: trimmed)
        }
    }

    public static func < (lhs: GuideRating, rhs: GuideRating) -> Bool { lhs.level < rhs.level }
}

/// The local contact printed in the guide ("Your local contact is:").
public struct GuideContact: Codable, Sendable, Equatable {
    public var name: String?
    public var role: String?
    public var email: String?
    public var phone: String?

    /// Makes a contact.
    public init(name: String? = nil, role: String? = nil, email: String? = nil, phone: String? = nil) {
        (self.name, self.role, self.email, self.phone) = (name, role, email, phone)
    }

    /// Whether no part is given.
    public var isEmpty: Bool { [name, role, email, phone].allSatisfy { ($0 ?? "").isEmpty } }
}

/// Something the team means to do: what, who, by when, and whether it is done.
public struct GuideAction: Codable, Sendable, Equatable {
    public var what: String
    public var owner: String?
    /// `YYYY-MM` or `YYYY-MM-DD`.
    public var due: String?
    public var done: Bool

    /// Makes an action.
    public init(what: String, owner: String? = nil, due: String? = nil, done: Bool = false) {
        (self.what, self.owner, self.due, self.done) = (what, owner, due, done)
    }
}

/// An example in action chosen from the library, with what the team would adapt.
public struct GuideExampleChoice: Codable, Sendable, Equatable {
    /// The example's uid (input may name it by id; it is stored by uid).
    public var example: String
    public var note: String?

    /// Makes a choice.
    public init(example: String, note: String? = nil) {
        (self.example, self.note) = (example, note)
    }
}

/// The team's work on one foundation.
public struct GuideFoundationEntry: Codable, Sendable, Equatable {
    /// The foundation's key.
    public var foundation: String
    public var rating: GuideRating?
    /// `answers[i]` answers the foundation's i-th prompt.
    public var answers: [String] = []
    public var notes: String = ""
    public var actions: [GuideAction] = []
    public var examples: [GuideExampleChoice] = []

    /// An empty entry for a foundation.
    public init(foundation: String) {
        self.foundation = foundation
    }

    /// Whether the team has written nothing here.
    public var isBlank: Bool {
        rating == nil && answers.allSatisfy { $0.trimmed.isEmpty } && notes.trimmed.isEmpty && actions.isEmpty && examples.isEmpty
    }

    /// The answer to prompt `index`, or "".
    public func answer(_ index: Int) -> String { answers.indices.contains(index) ? answers[index] : "" }
}

/// A local guide's content: what `guide create` reads and the JSON export writes (contract section 6).
public struct GuideContent: Codable, Sendable, Equatable {
    public var title: String
    public var area: String = ""
    public var introduction: String = ""
    /// `YYYY-MM-DD`.
    public var meetingDate: String?
    public var contact: GuideContact?
    /// The area's region, which the gap list prefers examples from.
    public var region: Region?
    /// The kinds of organisation in the partnership, which the gap list prefers examples from.
    public var organisationTypes: [OrganisationType] = []
    /// At most one entry per foundation, in the reference data's order.
    public var foundations: [GuideFoundationEntry] = []

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, area, introduction, contact, region, foundations
        case meetingDate = "meeting_date"
        case organisationTypes = "organisation_types"
    }

    /// A guide with a title and nothing else.
    public init(title: String) {
        self.title = title
    }

    /// The entry for a foundation, blank when the team has written nothing for it.
    public func entry(_ key: String) -> GuideFoundationEntry {
        foundations.first { $0.foundation == key } ?? GuideFoundationEntry(foundation: key)
    }

    /// Replaces (or adds) a foundation's entry, keeping the reference data's order.
    public mutating func setEntry(_ entry: GuideFoundationEntry, order: [String]) {
        foundations.removeAll { $0.foundation == entry.foundation }
        foundations.append(entry)
        sortFoundations(order)
    }

    /// Puts the entries in the order of `order` (the reference data's foundation keys).
    mutating func sortFoundations(_ order: [String]) {
        foundations.sort { (order.firstIndex(of: $0.foundation) ?? 99) < (order.firstIndex(of: $1.foundation) ?? 99) }
    }

    /// Every example uid the guide names, once each.
    var exampleUIDs: [String] {
        var seen: Set<String> = []
        return foundations.flatMap(\.examples).map(\.example).filter { seen.insert($0).inserted }
    }
}

/// What creating a guide returns: its keys and its two secret links' tokens, shown this once.
public struct GuideCreated: Codable, Sendable, Equatable {
    public var id: Int64
    public var uid: String
    public var editToken: String
    public var shareToken: String

    enum CodingKeys: String, CodingKey {
        case id, uid
        case editToken = "edit_token"
        case shareToken = "share_token"
    }
}

/// What a token opens: a guide to read and change, or only to read.
public enum GuideAccess: String, Sendable, Equatable {
    case edit
    case share
}

/// A stored guide: its keys, dates and content.
public struct StoredGuide: Sendable, Equatable {
    public var id: Int64
    public var uid: String
    public var createdAt: String
    public var updatedAt: String
    public var content: GuideContent
    /// How many editions have been saved.
    public var editions: Int
}

/// A guide as `guide list` shows it (the trusted local tool only; there is no public listing).
public struct GuideListEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var uid: String
    public var title: String
    public var updatedAt: String
    public var editions: Int

    enum CodingKeys: String, CodingKey {
        case id, uid, title, editions
        case updatedAt = "updated_at"
    }
}

/// A saved edition's number, label and date.
public struct GuideEditionEntry: Codable, Sendable, Equatable {
    public var number: Int
    public var label: String?
    public var savedAt: String

    enum CodingKeys: String, CodingKey {
        case number, label
        case savedAt = "saved_at"
    }

    /// Every key, `label` as null when none was given.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(label, forKey: .label)
        try container.encode(savedAt, forKey: .savedAt)
    }
}

/// A possible patient identifier or contact detail in a guide's own text, shown to its editors only.
public struct GuideWarning: Codable, Sendable, Equatable {
    public var field: String
    public var message: String
}
