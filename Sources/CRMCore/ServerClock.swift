/// A server's clock as one answer showed it: its `Date` header against the local clock at receipt.
/// `crm doctor` reports the skew; the read-back after an ambiguous send compares the server's
/// message times with the local time of the send, so a skewed clock misleads it.
public struct ServerClock: Sendable, Equatable {
    /// The server's time in seconds since 1970 (the header has whole seconds; half a second is
    /// added so the truncation does not bias the skew).
    public let server: Double
    /// The local time in seconds since 1970 when the answer arrived.
    public let local: Double

    /// A reading.
    public init(server: Double, local: Double) {
        self.server = server
        self.local = local
    }

    /// Server minus local, in seconds: positive when the server's clock is ahead.
    public var skew: Double { server - local }
}

extension APIService {
    /// No clock readings (fakes and services that do not see headers).
    public func serverClock(_ api: API) -> ServerClock? { nil }
}
