/// A moderation decision, or a submitter's revision.
public enum ModerationAction: String, Codable, Sendable, CaseIterable {
    case approve
    case reject
    case requestChanges = "request-changes"
    case withdraw
    case revise

    /// Whether the decision must carry a note explaining it.
    public var needsNote: Bool { self == .reject || self == .requestChanges || self == .withdraw }

    /// The actions a moderator takes (a revision is the submitter's).
    public static let decisions: [ModerationAction] = [.approve, .reject, .requestChanges, .withdraw]
}

/// The legal moves between statuses; the schema's `status_transition` table holds the same list.
public enum StatusMachine {
    /// Every legal transition: from a status, by an action, to a status.
    public static let transitions: [(from: ExampleStatus, action: ModerationAction, to: ExampleStatus)] = [
        (.submitted, .approve, .published),
        (.submitted, .reject, .rejected),
        (.submitted, .requestChanges, .changesRequested),
        (.changesRequested, .revise, .submitted),
        (.published, .withdraw, .withdrawn)
    ]

    /// The status an action leads to, or an error naming the current status.
    public static func next(from status: ExampleStatus, by action: ModerationAction) throws(LibraryError) -> ExampleStatus {
        guard let move = transitions.first(where: { $0.from == status && $0.action == action }) else {
            throw LibraryError.illegalTransition(action: action.rawValue, status: status)
        }
        return move.to
    }
}
