import CasebookKit
import Logging
import ServiceLifecycle

/// Keeps the write-ahead log bounded while the server runs: every `interval`, a PASSIVE checkpoint,
/// and TRUNCATE when the library is idle (decision 007). A failed checkpoint is logged and retried.
struct CheckpointService: Service {
    let database: AppDatabase
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                do {
                    let result = try await database.checkpointWAL()
                    logger.debug("checkpoint", metadata: ["frames": "\(result.logFrames)", "blocked": "\(result.wasBlocked)"])
                } catch {
                    logger.warning("checkpoint failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
