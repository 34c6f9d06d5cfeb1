/// Why a message was written (contract section 9).
public enum MailKind: String, Codable, Sendable, CaseIterable {
    case receipt
    case decision
    case newSubmission = "new-submission"
    case reviewReminder = "review-reminder"
    case alertConfirm = "alert-confirm"
    case alert
    case contact
}

/// Where a message is in its delivery.
public enum MailStatus: String, Codable, Sendable, CaseIterable {
    case pending, sent, failed
}

/// A message to write into the outbox: who it is for, and what it says.
public struct MailDraft: Sendable, Equatable {
    public var kind: MailKind
    public var to: MailAddress
    public var subject: String
    public var body: String
    public var exampleID: Int64?
    /// Where replies go instead of the From address (the sender of a relayed contact message).
    public var replyTo: MailAddress?
    /// The one-click unsubscribe address of alert mail (RFC 8058).
    public var listUnsubscribe: String?

    /// A message of `kind` to `to`; a reply address and an unsubscribe link only where the kind has them.
    public init(
        kind: MailKind, to: MailAddress, subject: String, body: String, exampleID: Int64? = nil,
        replyTo: MailAddress? = nil, listUnsubscribe: String? = nil
    ) {
        (self.kind, self.to, self.subject, self.body, self.exampleID) = (kind, to, subject, body, exampleID)
        (self.replyTo, self.listUnsubscribe) = (replyTo, listUnsubscribe)
    }
}

/// A message in the outbox, as `casebook mail list` shows it.
public struct OutboxEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var to: String
    public var subject: String
    public var kind: String
    public var status: MailStatus
    public var attempts: Int
    public var createdAt: String
    public var sentAt: String?

    enum CodingKeys: String, CodingKey {
        case id, to, subject, kind, status, attempts
        case createdAt = "created_at"
        case sentAt = "sent_at"
    }

    /// Every key, `sent_at` as null until the message is sent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(to, forKey: .to)
        try container.encode(subject, forKey: .subject)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(sentAt, forKey: .sentAt)
    }
}

/// A message claimed for one delivery attempt: everything the sender needs to put it on the wire.
public struct ClaimedMail: Sendable, Equatable {
    public var id: Int64
    public var messageID: String
    public var to: String
    public var subject: String
    public var body: String
    public var createdAt: String
    /// Which attempt this is, from 1.
    public var attempt: Int
    public var replyTo: String?
    public var listUnsubscribe: String?
}

/// How often, and how long apart, the sender tries a message.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts before a message is marked failed.
    public var maxAttempts: Int
    /// Seconds before the second attempt; each later one waits twice as long as the one before.
    public var firstDelay: Int
    /// The longest wait between two attempts, in seconds.
    public var longestDelay: Int

    /// 8 attempts, 30 s before the second, at most an hour apart, unless told otherwise.
    public init(maxAttempts: Int = 8, firstDelay: Int = 30, longestDelay: Int = 3_600) {
        (self.maxAttempts, self.firstDelay, self.longestDelay) = (maxAttempts, firstDelay, longestDelay)
    }

    /// Seconds to wait after attempt `number` (from 1) before the next one.
    public func delay(after number: Int) -> Int {
        let doubled = Double(firstDelay) * pow(2, Double(max(0, number - 1)))
        return Int(min(doubled, Double(longestDelay)))
    }
}

import Foundation
