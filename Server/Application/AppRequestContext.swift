import CasebookKit
import Foundation
import Hummingbird
import NIOCore

/// The context of one request: Hummingbird's core storage, the body limit and the client's address.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The body limit; `BodyLimitMiddleware` sets it from the server's limits.
    public var maxUploadSize: Int
    /// The peer the request came from, the key of per-client rate limits.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.maxUploadSize = ServerLimits().maxBodyBytes
        self.remoteAddress = source.channel.remoteAddress
    }

    /// JSON written the way the CLI writes it: sorted keys, unescaped slashes.
    public var responseEncoder: JSONEncoder { Interchange.encoder(pretty: false) }

    /// The rate-limit key of the client: its IP address.
    var clientKey: String { remoteAddress?.ipAddress ?? "local" }
}
