import CasebookKit
import Foundation
import Logging
import ServiceLifecycle

/// Writes the mail that falls due with time into the outbox: review reminders and alert digests, every
/// `interval` (ten minutes by default), the first one interval after start. Runs inside `casebook serve` when there is a relay;
/// `casebook reviews run` and `casebook alerts run` do the same once.
struct MailScheduleService: Service {
    let database: AppDatabase
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                await writeDue()
            }
        }
    }

    private func writeDue() async {
        do {
            let reminders = try await database.writeDueReviewReminders()
            let digests = try await database.writeDueAlertDigests()
            if reminders + digests > 0 {
                logger.info("mail written", metadata: ["review-reminders": "\(reminders)", "alert-digests": "\(digests)"])
            }
        } catch {
            logger.warning("due mail could not be written", metadata: ["error": "\(error)"])
        }
    }
}
