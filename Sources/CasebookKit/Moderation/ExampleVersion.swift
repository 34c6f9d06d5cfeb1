/// One version of an example's text: what was submitted, revised or edited, and when.
public struct ExampleVersion: Codable, Sendable, Equatable {
    /// 1 for the first text, counting up with each change.
    public var number: Int
    public var at: String
    public var actor: String
    /// What made this version: `submit`, `revise`, `edit` or `import`.
    public var action: String
    public var example: Example
}

/// Approving was refused because the example has screening flags nobody acknowledged.
public struct UnacknowledgedFlags: Error, Sendable, Equatable, CustomStringConvertible {
    public var flags: [ScreeningFlag]

    public var description: String {
        let count = flags.count == 1 ? "1 screening flag" : "\(flags.count) screening flags"
        return "the example has \(count) to acknowledge before approving: "
            + flags.map { "\($0.kind.rawValue) in \($0.field): \($0.detail)" }.joined(separator: "; ")
    }
}

/// The sections of the moderation queue, each worked oldest first.
public enum QueueSection: String, Codable, Sendable, CaseIterable {
    /// Submitted and never revised.
    case new
    /// Submitted again after changes were requested.
    case resubmitted
    /// Waiting for the submitter's changes.
    case changesRequested = "changes-requested"
    /// Published examples past their review date.
    case reviewDue = "review-due"
    /// Reports from other teams that tried a published example ("we tried this too").
    case adoptions
}

/// One page of one queue section, with the count of every section.
public struct QueuePage: Codable, Sendable, Equatable {
    public var counts: [String: Int]
    public var total: Int
    public var items: [QueueItem]
}

extension UnacknowledgedFlags {
    /// The flags as one line, for the audit trail.
    var flagList: String {
        "acknowledged: " + flags.map { "\($0.kind.rawValue) in \($0.field): \($0.detail)" }.joined(separator: "; ")
    }
}
