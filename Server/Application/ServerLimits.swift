/// The limits the server enforces on every client; each one is a `casebook serve` option.
public struct ServerLimits: Sendable, Equatable {
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Submissions per client per minute; 0 turns the limit off.
    public var submissionsPerMinute: Int
    /// Searches per client per minute; 0 turns the limit off.
    public var searchesPerMinute: Int
    /// Messages that send mail (the contact relay, requests for email updates) per client per minute; 0 turns the limit off.
    public var messagesPerMinute: Int
    /// The longest search text accepted, in characters.
    public var maxQueryLength: Int
    /// How long one search may run before it is refused as too expensive.
    public var searchTimeLimit: Duration
    /// How long a connection may send nothing, or take to send a whole request header, before it is closed.
    public var idleTimeout: Duration
    /// The most connections open at once; more wait to be accepted until one closes.
    public var maxConnections: Int

    /// The defaults of contract section 3: 1 MiB bodies, 10 submissions, 600 searches and 5 messages per client per minute;
    /// connections idle for 30 s are closed, and at most 512 are open at once.
    public init(
        maxBodyBytes: Int = 1 << 20, submissionsPerMinute: Int = 10, searchesPerMinute: Int = 600,
        maxQueryLength: Int = 500, searchTimeLimit: Duration = .seconds(2),
        idleTimeout: Duration = .seconds(30), maxConnections: Int = 512, messagesPerMinute: Int = 5
    ) {
        self.messagesPerMinute = messagesPerMinute
        self.maxBodyBytes = maxBodyBytes
        self.submissionsPerMinute = submissionsPerMinute
        self.searchesPerMinute = searchesPerMinute
        self.maxQueryLength = maxQueryLength
        self.searchTimeLimit = searchTimeLimit
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}
