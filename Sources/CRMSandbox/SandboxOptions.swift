/// Settings of one sandbox server: where it listens, how much seeded data it holds, and how it
/// misbehaves (latency, rate limit, random faults). Every field has a demo-friendly default.
public struct SandboxOptions: Sendable {
    /// Address to bind; loopback by default so the sandbox is never exposed.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free port (read it back from `SandboxServer.port`).
    public var port = 0
    /// Seed of every random choice: the data set and the fault sequence.
    public var seed: UInt64 = 42
    /// Number of seeded people (Leeloo subscribers).
    public var people = 200
    /// Fraction of people tagged `vip`.
    public var vipFraction = 0.05
    /// Milliseconds to wait before answering each API request.
    public var latencyMs = 0
    /// Up to this many milliseconds more per API request, drawn from `seed` by arrival order, so
    /// answers to requests in flight together come back out of order (the same way every run).
    public var latencyJitterMs = 0
    /// Requests per second allowed over all API routes (token bucket); nil means unlimited.
    public var rateLimit: Double? = nil
    /// Probability that an API request answers 500, 502, 503 or 504; on a write, half of them after
    /// the write was applied (the live API promises nothing about a 5xx, so no code means "not applied").
    public var fault5xx = 0.0
    /// Probability that an API request answers 429 with `Retry-After`.
    public var fault429 = 0.0
    /// Probability that an API request has its connection dropped without a complete response.
    public var faultReset = 0.0
    /// The token Leeloo routes accept in the `X-Leeloo-AuthToken` header.
    public var leelooToken = "sandbox-leeloo-token"
    /// The Bearer token that Chat-Tonic login returns and its routes accept.
    public var chattonicToken = "sandbox-chattonic-token"
    /// The Chat-Tonic app token the archive routes accept in their `token` query parameter.
    public var chattonicAppToken = "sandbox-app-token"
    /// The Chat-Tonic application codename used in paths and returned by login.
    public var codename = "demo"
    /// The Chat-Tonic login user name.
    public var username = "demo"
    /// The Chat-Tonic login password.
    public var password = "demo"
    /// Live mode: new people, chat messages and leads per second (see `SandboxWorld+Live`); nil is off.
    public var liveRate: Double? = nil
    /// Probability that a send attempt's channel also receives, in the same seconds, a message crm did
    /// not send (an auto-reply or tunnel step as a `BOT_MESSAGE`, or the client's answer); drawn from
    /// `seed` per channel. 0 (the default here, so tests stay exact) is off; `crm sandbox` and
    /// `crm --demo` start with `defaultNoise`.
    public var noise = 0.0
    /// The noise of `crm sandbox` and `crm --demo` unless `--noise` says otherwise.
    public static let defaultNoise = 0.1
    /// Serve the fields the vendor pages do not document (`template_id` on sent messages, tunnel
    /// `links.blocks`, …); off by default so answers carry documented fields only (docs/sandbox.md).
    public var extensions = false
    /// Answer some list endpoints with a drifted shape (a renamed field, a missing key, an id as a
    /// number), so `crm doctor` can be shown naming each difference; off by default.
    public var drift = false

    // Breaking the read-back's premises (docs/sandbox.md, "Breaking the read-back's premises").
    // All off by default, so every other test stays exact; see `SandboxPremises`.

    /// Milliseconds between a send being applied and its message appearing in the chat history
    /// (its `createdAt` stays the send time); 0 is at once.
    public var historyLagMs = 0
    /// The order of chat message lists; the page's is newest first.
    public var historyOrder = SandboxPremises.HistoryOrder.newestFirst
    /// The message `type` API sends are stored with; nil keeps the defaults (template: `BOT_MESSAGE`,
    /// text: `YOUR_MESSAGE`).
    public var sendType: String? = nil
    /// Orders in `included.orders` and the order detail carry no `updatedAt`.
    public var ordersWithoutUpdatedAt = false
    /// Probability that an applied write is answered 502, 503 or 504, or (one case in four) answered
    /// only after `faultAfterWriteDelayMs`.
    public var faultAfterWrite = 0.0
    /// The delay of `faultAfterWrite`'s slow case: longer than a client's deadline.
    public var faultAfterWriteDelayMs = 65_000
    /// Seconds the server's clock is ahead of real time (negative: behind): the dates it stamps on
    /// new records and its `Date` header.
    public var clockSkewSeconds = 0
    /// How an API send's text is stored in the chat history.
    public var storedText = SandboxPremises.StoredText.exact

    /// Creates options with the defaults above.
    public init() {}
}
