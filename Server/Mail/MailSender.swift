import CasebookKit
import Foundation
import Logging
import ServiceLifecycle

/// What the sender needs: the relay, and how often to try each message.
public struct MailSettings: Sendable {
    public var smtp: SMTPSettings
    public var policy: RetryPolicy
    /// The name in the From header.
    public var fromName: String
    /// How often `serve` writes the review reminders and alert digests that have fallen due.
    public var scheduleInterval: Duration

    /// The relay, the retries (8 attempts from 30 s apart by default), the sender's name, and due mail
    /// written every ten minutes.
    public init(smtp: SMTPSettings, policy: RetryPolicy = RetryPolicy(), fromName: String = "Casebook", scheduleInterval: Duration = .seconds(600)) {
        (self.smtp, self.policy, self.fromName, self.scheduleInterval) = (smtp, policy, fromName, scheduleInterval)
    }
}

/// Delivers outbox messages over SMTP, one at a time: each is claimed (its attempt counted and its next
/// try moved on) before it goes out and marked sent as soon as the relay accepts it, so at most one
/// message is in flight when the process dies, and it goes out again later with the same Message-ID.
public struct MailSender: Sendable {
    public let database: AppDatabase
    public let settings: MailSettings
    public let logger: Logger

    /// A sender of this library's outbox to the relay in `settings`.
    public init(database: AppDatabase, settings: MailSettings, logger: Logger) {
        (self.database, self.settings, self.logger) = (database, settings, logger)
    }

    /// How a run ended.
    public struct Outcome: Sendable, Equatable {
        public var sent = 0
        public var failedAttempts = 0
        /// Whether the relay could not be reached or broke off, so the rest should wait.
        public var relayDown = false
    }

    /// Delivers every message that is due now, on one connection.
    public func deliverDue() async -> Outcome {
        await deliver { try await database.claimDueMail(policy: settings.policy) }
    }

    /// Delivers these messages once each whatever their next attempt time (for `casebook mail send`).
    public func deliver(ids: [Int64]) async -> Outcome {
        var remaining = ids[...]
        return await deliver {
            while let id = remaining.popFirst() {
                if let mail = try await database.claimMail(id: id, policy: settings.policy) { return mail }
            }
            return nil
        }
    }

    private func deliver(next: () async throws -> ClaimedMail?) async -> Outcome {
        var outcome = Outcome()
        var session: SMTPSession?
        while !outcome.relayDown, let mail = await claimed(next) {
            do {
                if session == nil { session = try await SMTPSession.open(settings.smtp) }
                try await session!.send(envelope(mail))
                try await database.markSent(mail)
                outcome.sent += 1
                logger.info("mail sent", metadata: ["id": "\(mail.id)", "message-id": "\(mail.messageID)"])
            } catch {
                outcome.failedAttempts += 1
                outcome.relayDown = !((error as? SMTPError)?.isPermanent ?? false)
                session?.close()
                session = nil
                await recordFailure(mail, error)
            }
        }
        await session?.quit()
        return outcome
    }

    private func claimed(_ next: () async throws -> ClaimedMail?) async -> ClaimedMail? {
        do { return try await next() } catch {
            logger.warning("the outbox could not be read", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func recordFailure(_ mail: ClaimedMail, _ error: any Error) async {
        let permanent = (error as? SMTPError)?.isPermanent ?? false
        logger.warning("mail not sent", metadata: ["id": "\(mail.id)", "attempt": "\(mail.attempt)", "error": "\(error)"])
        do {
            try await database.markAttemptFailed(mail, error: "\(error)", policy: settings.policy, permanent: permanent)
        } catch {
            logger.warning("a failed attempt could not be recorded", metadata: ["id": "\(mail.id)", "error": "\(error)"])
        }
    }

    /// The claimed message as it goes on the wire; its Date is when it was written, so a resent copy is the same.
    private func envelope(_ mail: ClaimedMail) throws -> MailEnvelope {
        guard let to = MailAddress(mail.to) else {
            throw SMTPError(step: "RCPT TO", message: "'\(mail.to)' is not an address mail can be sent to", isPermanent: true)
        }
        let date = (try? Date(mail.createdAt, strategy: Date.ISO8601FormatStyle(timeZone: .gmt))) ?? Date()
        return MailEnvelope(
            messageID: mail.messageID, date: date, fromName: settings.fromName, from: settings.smtp.from,
            to: to, subject: mail.subject, body: mail.body, replyTo: mail.replyTo.flatMap(MailAddress.init),
            listUnsubscribe: mail.listUnsubscribe)
    }
}

/// The sender inside `casebook serve`: every second it delivers what is due; while the relay is down it
/// waits twice as long each time, up to a minute, and messages wait in the outbox.
struct MailSenderService: Service, CustomStringConvertible {
    let sender: MailSender

    /// The relay only: the service list is logged at start, and must never show the password.
    var description: String { "MailSenderService(\(sender.settings.smtp))" }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var pause = Duration.seconds(1)
            while (try? await Task.sleep(for: pause)) != nil {
                let outcome = await sender.deliverDue()
                pause = outcome.relayDown ? min(pause * 2, .seconds(60)) : .seconds(1)
            }
        }
    }
}
