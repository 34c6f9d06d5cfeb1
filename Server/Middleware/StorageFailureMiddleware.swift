import CasebookKit
import Hummingbird

/// Turns SQLite's storage failures (full or read-only disk, a damaged file, a lock held too long) into
/// `LibraryError.storage`, which problem+json answers as 503 with `Retry-After` instead of a bare 500.
struct StorageFailureMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            throw LibraryError(storageFailure: error) ?? error
        }
    }
}
