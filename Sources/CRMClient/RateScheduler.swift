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
    /// at another server, as parallel sandboxes in tests are, gets its own), for one `scope`.
    ///
    /// A `RateLimit-Policy` applies to the scope it came from (`RateScheduler.scope(of:)`: the
    /// endpoint family, `/api/v2/people`), so endpoints announcing different policies pace
    /// themselves apart instead of stalling each other.
    public static func shared(profile: String, api: API, baseURL: String = "", scope: String = "") -> RateScheduler {
        registry.withLock { map in
            let key = profile + "\u{0}" + api.rawValue + "\u{0}" + baseURL + "\u{0}" + scope
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
    /// Until when the last announced pace wait lasts: one notice per waiting spell, not per request.
    private let quietUntil = Mutex(0.0)

    /// The endpoint family of a request path: its leading segments up to the first that holds an
    /// id (a version such as `v2` is not one), at most three: `/api/v2/people/42/tags` →
    /// `/api/v2/people`, `/chats/abc1` → `/chats`.
    public static func scope(of path: String) -> String {
        var kept: [Substring] = []
        for seg in path.split(separator: "?", maxSplits: 1).first?.split(separator: "/") ?? [] {
            let isVersion = seg.count <= 3 && seg.first == "v" && seg.dropFirst().allSatisfy(\.isNumber)
            if kept.count == 3 || (!isVersion && seg.contains(where: \.isNumber)) { break }
            kept.append(seg)
        }
        return "/" + kept.joined(separator: "/")
    }

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
            if let a = immediate.announce { announcePause(a, notice) } else { announcePace(immediate.wait, notice) }
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
        if announce == nil { announcePace(clock() - now + remaining, notice) }
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
        let now = clock()
        quietUntil.withLock { $0 = max($0, now + seconds) }
        notice("\(label) rate limit: waiting \(Self.format(seconds)) s (Retry-After)")
    }

    /// Announces a wait for the pace (an announced `RateLimit-Policy`, or one learned from 429s)
    /// when it is longer than a second, once per spell of such waits.
    private func announcePace(_ seconds: Double, _ notice: NoticeHandler) {
        guard seconds > 1 else { return }
        let now = clock()
        let fresh = quietUntil.withLock { until -> Bool in
            guard now >= until else { return false }
            until = now + seconds
            return true
        }
        guard fresh else { return }
        let rate = state.withLock { $0.rate }
        let why = rate.map { "pace of \(Self.format($0)) requests/s" } ?? "pace"
        notice("\(label) rate limit: waiting \(Self.format(seconds)) s (\(why))")
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

    /// `(limit, window seconds)` of a `RateLimit-Policy` value; the first policy wins. Both are
    /// integers (as the draft standard has them) in sane ranges: a limit of 1…1,000,000 requests
    /// per window of 1…86,400 s; anything else (`1e300`, `-1`, `nan`) is ignored.
    static func parsePolicy(_ header: String) -> (Double, Double)? {
        let first = header.split(separator: ",").first ?? ""
        let parts = first.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let limit = parts.first.flatMap({ boundedInt($0, 1...1_000_000) }) else { return nil }
        var window = 1
        for p in parts.dropFirst() where p.hasPrefix("w=") {
            guard let w = boundedInt(p.dropFirst(2), 1...86_400) else { return nil }
            window = w
        }
        return (Double(limit), Double(window))
    }

    /// A `RateLimit-Remaining` value: a count from 0 to 100,000,000, else nil.
    static func parseRemaining(_ header: String?) -> Int? {
        header.flatMap { boundedInt($0.trimmingCharacters(in: .whitespaces), 0...100_000_000) }
    }

    /// The decimal integer `s` when it lies in `range` (at most 9 digits, so nothing overflows).
    static func boundedInt(_ s: some StringProtocol, _ range: ClosedRange<Int>) -> Int? {
        guard !s.isEmpty, s.count <= 9, s.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(s), range.contains(n)
        else { return nil }
        return n
    }

    /// Reads a `RateLimit-Remaining` header: what is left of the announced quota.
    public func learnRemaining(_ header: String?) {
        guard let remaining = Self.parseRemaining(header) else { return }
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
        // Clamped to a day: a wait computed from what a server sent must never trap converting to Int64.
        let ms = seconds.isFinite ? min(max(seconds, 0), 86_400) * 1000 : 0
        try await Task.sleep(for: .milliseconds(Int64(ms.rounded(.up))))
    }

    private static let processStart = ContinuousClock.now

    /// `2`, `0.3`, `12`: whole seconds when at least 10 or whole, else one decimal (at least 0.1).
    static func format(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e12 else { return "?" }
        if seconds >= 10 || (seconds >= 1 && seconds == seconds.rounded()) { return String(Int(seconds.rounded())) }
        let tenths = max(1, Int((seconds * 10).rounded()))
        return "\(tenths / 10).\(tenths % 10)"
    }
}
