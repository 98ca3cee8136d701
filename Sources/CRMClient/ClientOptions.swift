/// Receives stderr lines from the client: traces, wait messages, curl lines. Never tokens.
public typealias NoticeHandler = @Sendable (String) -> Void

/// Timeouts and retry limits of the client core.
public struct ClientOptions: Sendable, Equatable {
    /// Seconds to establish a TCP connection.
    public var connectTimeout: Double = 5
    /// Seconds to wait for response bytes before giving up.
    public var readTimeout: Double = 30
    /// Seconds one attempt may take in all, from connecting to the last body byte (`--timeout`):
    /// a server trickling its answer cannot hold crm longer than this.
    public var requestTimeout: Double = 60
    /// Attempts per request, the first one included.
    public var maxAttempts = 5
    /// The longest `Retry-After` honoured, in seconds; longer values are cut to this.
    public var retryAfterCap: Double = 30
    /// The first backoff step in seconds (doubled per attempt, full jitter).
    public var baseBackoff: Double = 0.25
    /// The largest backoff step in seconds.
    public var maxBackoff: Double = 8

    /// The defaults: 5 s connect, 30 s read, 5 attempts, `Retry-After` capped at 30 s.
    public init() {}
}
