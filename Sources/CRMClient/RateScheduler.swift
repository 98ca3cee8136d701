import CRMCore
import Foundation
import Synchronization

/// The rate-limit scheduler of one profile and API, shared by every service, stream and loop
/// that profile sends through (one static registry keyed by profile name and API).
///
/// Every request reserves a start time before it is sent; after a 429 everyone waits until
/// `Retry-After` has elapsed and then runs at the reduced rate, which creeps back up (see
/// `RateLimitState`). A pause is reported through the notice handler once, not per request, and
/// waiting is cancellable: cancellation ends it with `CRMError.interrupted`.
public final class RateScheduler: Sendable {
    private let state = Mutex(RateLimitState())
    private let label: String
    private let clock: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void

    /// A scheduler reporting waits as `"<label> rate limit: …"`, with an injectable clock and sleep.
    public init(
        label: String, clock: @escaping @Sendable () -> Double = RateScheduler.monotonicSeconds,
        sleep: @escaping @Sendable (Double) async throws -> Void = RateScheduler.taskSleep
    ) {
        self.label = label
        self.clock = clock
        self.sleep = sleep
    }

    private static let registry = Mutex<[String: RateScheduler]>([:])

    /// The one scheduler for `profile` and `api` (and base URL: the same profile name pointed
    /// at another server, as parallel sandboxes in tests are, gets its own).
    public static func shared(profile: String, api: API, baseURL: String = "") -> RateScheduler {
        registry.withLock { map in
            let key = profile + "\u{0}" + api.rawValue + "\u{0}" + baseURL
            if let s = map[key] { return s }
            let s = RateScheduler(label: api == .leeloo ? "leeloo" : "chattonic")
            map[key] = s
            return s
        }
    }

    /// Waits until this request may start; reports a new pause through `notice`.
    public func acquire(notice: NoticeHandler) async throws {
        let now = clock()
        let (wait, announce) = state.withLock { $0.reserve(now: now) }
        if let announce { notice("\(label) rate limit: waiting \(Self.format(announce)) s (Retry-After)") }
        guard wait > 0 else { return }
        do {
            try await sleep(wait)
        } catch {
            throw CRMError.interrupted
        }
    }

    /// Records a 429 with its `Retry-After` seconds (already capped), if any.
    public func record429(retryAfter: Double?, fallback: Double = 1) {
        let now = clock()
        state.withLock { $0.on429(now: now, retryAfter: retryAfter, fallback: fallback) }
    }

    /// Reads a `RateLimit-Policy` header (`200;w=1`: 200 requests per 1-second window).
    public func learnPolicy(_ header: String?) {
        guard let header, let (limit, window) = Self.parsePolicy(header) else { return }
        state.withLock { $0.announce(limit: limit, window: window) }
    }

    /// `(limit, window seconds)` of a `RateLimit-Policy` value; the first policy wins.
    static func parsePolicy(_ header: String) -> (Double, Double)? {
        let first = header.split(separator: ",").first ?? ""
        let parts = first.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let limit = parts.first.flatMap({ Double($0) }) else { return nil }
        var window = 1.0
        for p in parts.dropFirst() where p.hasPrefix("w=") { window = Double(p.dropFirst(2)) ?? 1 }
        return (limit, window)
    }

    /// Reads a `RateLimit-Remaining` header: what is left of the announced quota.
    public func learnRemaining(_ header: String?) {
        guard let header, let remaining = Int(header.trimmingCharacters(in: .whitespaces)), remaining >= 0 else { return }
        let now = clock()
        state.withLock { $0.learnRemaining(remaining, now: now) }
    }

    /// Records a successful request.
    public func recordSuccess() {
        let now = clock()
        state.withLock { $0.onSuccess(now: now) }
    }

    /// The allowed rate in requests per second, nil while unlimited (for `--dry-run` estimates).
    public var currentRate: Double? { state.withLock { $0.rate } }

    /// Seconds on a monotonic clock.
    public static let monotonicSeconds: @Sendable () -> Double = {
        let d = ContinuousClock.now - processStart
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// `Task.sleep` for `seconds`.
    public static let taskSleep: @Sendable (Double) async throws -> Void = { seconds in
        try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }

    private static let processStart = ContinuousClock.now

    /// `2`, `0.3`, `12`: whole seconds when at least 10 or whole, else one decimal (at least 0.1).
    static func format(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds >= 10 || (seconds >= 1 && seconds == seconds.rounded()) { return String(Int(seconds.rounded())) }
        let tenths = max(1, Int((seconds * 10).rounded()))
        return "\(tenths / 10).\(tenths % 10)"
    }
}
