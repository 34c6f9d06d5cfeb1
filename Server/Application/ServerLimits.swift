/// The limits the server enforces on every client; each one is a `casebook serve` option.
public struct ServerLimits: Sendable, Equatable {
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Submissions per client per minute; 0 turns the limit off.
    public var submissionsPerMinute: Int
    /// Searches per client per minute; 0 turns the limit off.
    public var searchesPerMinute: Int
    /// The longest search text accepted, in characters.
    public var maxQueryLength: Int
    /// How long one search may run before it is refused as too expensive.
    public var searchTimeLimit: Duration

    /// The defaults of contract section 3: 1 MiB bodies, 10 submissions and 600 searches per client per minute.
    public init(
        maxBodyBytes: Int = 1 << 20, submissionsPerMinute: Int = 10, searchesPerMinute: Int = 600,
        maxQueryLength: Int = 500, searchTimeLimit: Duration = .seconds(2)
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.submissionsPerMinute = submissionsPerMinute
        self.searchesPerMinute = searchesPerMinute
        self.maxQueryLength = maxQueryLength
        self.searchTimeLimit = searchTimeLimit
    }
}
