import CRMCore
import Foundation
import Synchronization

/// The rate-limit scheduler of one profile and API, shared by every service, stream and loop
/// that profile sends through (one static registry keyed by profile name and API).
///
/// Every request gets a start time from the pace (see `RateLimitState`) before it is sent. A
/// request whose slot is due goes at once; the others wait in line, and a dispatcher hands out
/// one slot at a time as the pace allows, follow-ups first (retries, read-backs: see
/// `RequestUrgency`), otherwise in arrival order. So at most one slot is ever promised ahead, and
/// a follow-up never waits behind a queue of fresh sends. After a 429 everyone waits until
/// `Retry-After` has elapsed; a pause is reported through the notice handler once, not per
/// request, and waiting is cancellable: cancellation ends it with `CRMError.interrupted`.
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

    /// A waiting request.
    private struct Waiter {
        let id: UInt64
        let urgent: Bool
        let notice: NoticeHandler
        /// Resumed with the seconds still to wait once granted, or nil when cancelled.
        let continuation: CheckedContinuation<Double?, Never>
    }

    /// The line of waiting requests.
    private struct Line {
        var urgent: [Waiter] = []
        var normal: [Waiter] = []
        var nextID: UInt64 = 0
        /// Ids handed out and not yet granted (cancellation may arrive before the waiter is in line).
        var open: Set<UInt64> = []
        var cancelledEarly: Set<UInt64> = []
        var dispatching = false

        var isEmpty: Bool { urgent.isEmpty && normal.isEmpty }

        mutating func popFirst() -> Waiter? {
            if !urgent.isEmpty { return urgent.removeFirst() }
            if !normal.isEmpty { return normal.removeFirst() }
            return nil
        }

        mutating func remove(_ id: UInt64) -> Waiter? {
            if let i = urgent.firstIndex(where: { $0.id == id }) { return urgent.remove(at: i) }
            if let i = normal.firstIndex(where: { $0.id == id }) { return normal.remove(at: i) }
            return nil
        }
    }

    private let line = Mutex(Line())

    /// A slot due within this many seconds is taken at once instead of queueing.
    static let dueSoon = 0.001

    /// Waits until this request may start; reports a new pause through `notice`. `urgent`
    /// requests (follow-ups) are let through before the others that wait.
    public func acquire(notice: @escaping NoticeHandler, urgent: Bool = false)
        async throws
    {
        let now = clock()
        // Lock order: the line, then the state.
        let immediate: (wait: Double, announce: Double?)? = line.withLock { l in
            guard l.isEmpty else { return nil }
            return state.withLock { s in s.peekWait(now: now) <= Self.dueSoon ? s.reserve(now: now) : nil }
        }
        if let immediate {
            if let a = immediate.announce { announcePause(a, notice) }
            try await pause(immediate.wait)
            return
        }
        let (id, announce) = line.withLock { l in
            defer { l.nextID += 1 }
            l.open.insert(l.nextID)
            return (l.nextID, state.withLock { $0.pauseToAnnounce(now: now) })
        }
        if let announce { announcePause(announce, notice) }
        let remaining: Double? = await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Double?, Never>) in
                let (cancelled, start) = line.withLock { l -> (Bool, Bool) in
                    if l.cancelledEarly.remove(id) != nil {
                        l.open.remove(id)
                        return (true, false)
                    }
                    let w = Waiter(id: id, urgent: urgent, notice: notice, continuation: c)
                    if urgent { l.urgent.append(w) } else { l.normal.append(w) }
                    defer { l.dispatching = true }
                    return (false, !l.dispatching)
                }
                if cancelled { c.resume(returning: nil) }
                if start { Task.detached { await self.dispatch() } }
            }
        } onCancel: {
            let w = line.withLock { l -> Waiter? in
                if let w = l.remove(id) {
                    l.open.remove(id)
                    return w
                }
                if l.open.contains(id) { l.cancelledEarly.insert(id) }
                return nil
            }
            w?.continuation.resume(returning: nil)
        }
        guard let remaining else { throw CRMError.interrupted }
        try await pause(remaining)
    }

    /// How many requests wait in line (for tests).
    var waiting: Int { line.withLock { $0.urgent.count + $0.normal.count } }

    /// Hands out slots to the line, one as each comes due, until the line is empty.
    private func dispatch() async {
        while true {
            let wait = state.withLock { $0.peekWait(now: clock()) }
            if wait > Self.dueSoon { try? await sleep(wait) }
            let granted: (Waiter, wait: Double, announce: Double?)? = line.withLock { l in
                guard let w = l.popFirst() else {
                    l.dispatching = false
                    return nil
                }
                l.open.remove(w.id)
                let r = state.withLock { $0.reserve(now: clock()) }
                return (w, r.wait, r.announce)
            }
            guard let (w, left, announce) = granted else { return }
            if let announce { announcePause(announce, w.notice) }
            w.continuation.resume(returning: left > Self.dueSoon ? left : 0)
        }
    }

    private func announcePause(_ seconds: Double, _ notice: NoticeHandler) {
        notice("\(label) rate limit: waiting \(Self.format(seconds)) s (Retry-After)")
    }

    private func pause(_ seconds: Double) async throws {
        guard seconds > 0 else { return }
        do {
            try await sleep(seconds)
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
        guard let header, let remaining = Int(header.trimmingCharacters(in: .whitespaces)), remaining >= 0 else {
            return
        }
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
