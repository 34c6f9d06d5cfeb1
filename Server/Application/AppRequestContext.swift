import CasebookKit
import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore

/// The context of one request: Hummingbird's core storage, the body limit, the client's address, and
/// who the request is from (`identity`, set by the bearer-token and session authenticators) with the
/// web session (`sessions`, loaded and saved by hummingbird-auth's `SessionMiddleware`).
public struct AppRequestContext: RequestContext, AuthRequestContext, SessionRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The body limit; `BodyLimitMiddleware` sets it from the server's limits.
    public var maxUploadSize: Int
    /// The peer the request came from, the key of per-client rate limits.
    public let remoteAddress: SocketAddress?
    /// Who the request is from, when an authenticator found out.
    public var identity: Caller?
    /// The moderator's web session, when the request has one.
    public let sessions: SessionContext<ModeratorSession>

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.maxUploadSize = ServerLimits().maxBodyBytes
        self.remoteAddress = source.channel.remoteAddress
        self.identity = nil
        self.sessions = SessionContext()
    }

    /// JSON written the way the CLI writes it: sorted keys, unescaped slashes.
    public var responseEncoder: JSONEncoder { Interchange.encoder(pretty: false) }

    /// The rate-limit key of the client: its IP address.
    var clientKey: String { remoteAddress?.ipAddress ?? "local" }
}
