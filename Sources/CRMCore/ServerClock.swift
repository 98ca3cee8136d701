/// A server's clock as one answer showed it: its `Date` header against the local clock around the
/// request. `crm doctor` reports the skew; the read-back after an ambiguous send compares the
/// server's message times with the local time of the send, so a skewed clock misleads it.
///
/// The header has whole seconds, and a server may stamp it from a clock cached for up to a second
/// (Hummingbird, nginx), so one reading only bounds the skew: the server's time when it answered
/// lies in `[server, server + resolution)`, and the local time then lies in `[sent, received]`.
public struct ServerClock: Sendable, Equatable {
    /// The `Date` header's time in seconds since 1970 (whole seconds).
    public let server: Double
    /// The local time in seconds since 1970 when the request left.
    public let sent: Double
    /// The local time in seconds since 1970 when the answer arrived.
    public let received: Double
    /// How far the header may lag the server's true time: its whole seconds plus a cached stamp.
    public static let resolution = 2.0

    /// A reading of the header `server` for a request sent at `sent` and answered at `received`.
    public init(server: Double, sent: Double, received: Double) {
        self.server = server
        self.sent = min(sent, received)
        self.received = received
    }

    /// The skew the reading cannot rule out that is nearest to none, in seconds (server minus
    /// local, positive when the server's clock is ahead): 0 when the reading fits a true clock.
    public var skew: Double {
        let lowest = server - received
        let highest = server + Self.resolution - sent
        if lowest > 0 { return lowest }
        if highest < 0 { return highest }
        return 0
    }
}

extension APIService {
    /// No clock readings (fakes and services that do not see headers).
    public func serverClock(_ api: API) -> ServerClock? { nil }
}
