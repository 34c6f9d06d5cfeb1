/// What a signed-in person may do.
public enum Role: String, Codable, Sendable, CaseIterable {
    case moderator
    case admin
}

/// A moderator's or admin's account. Its token is never stored, only its hash.
public struct Account: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var createdAt: String
    public var revokedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, role
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}

/// One entry of an example's audit trail.
public struct ModerationEvent: Codable, Sendable, Equatable {
    public var at: String
    public var actor: String
    public var action: String
    public var from: ExampleStatus?
    public var to: ExampleStatus
    public var note: String?
}

/// What a submitter gets back: the new example's identity and its private edit token.
public struct SubmissionReceipt: Codable, Sendable, Equatable {
    public var id: Int64
    public var uid: String
    public var status: ExampleStatus
    public var editToken: String
    /// What screening found in the text, so the submitter can remove an identifier at once.
    public var flags: [ScreeningFlag]

    enum CodingKeys: String, CodingKey {
        case id, uid, status, flags
        case editToken = "edit_token"
    }
}

/// A submission or an adoption report waiting for a moderator, with its screening flags.
public struct QueueItem: Codable, Sendable, Equatable {
    /// The example's id, or the adoption report's (`kind` says which).
    public var id: Int64
    /// The example's uid; an adoption report has none.
    public var uid: String?
    public var title: String
    public var status: ExampleStatus
    public var submittedAt: String
    public var reviewDue: String?
    public var flags: [ScreeningFlag]
    /// The queue section it belongs to.
    public var section: QueueSection?
    /// For a review past its date: how many days overdue.
    public var daysOverdue: Int?
    public var lastConfirmed: String?
    public var kind: Kind
    /// The example the item is about: itself, or the example an adoption report tried.
    public var exampleID: Int64

    /// What a queue item is: a submitted example, or another team's report of trying one.
    public enum Kind: String, Codable, Sendable {
        case example
        case adoption
    }

    enum CodingKeys: String, CodingKey {
        case id, uid, title, status, flags, section, kind
        case exampleID = "example_id"
        case submittedAt = "submitted_at"
        case reviewDue = "review_due"
        case daysOverdue = "days_overdue"
        case lastConfirmed = "last_confirmed"
    }
}
