/// The arithmetic of the per-profile rate scheduler, with no clock and no IO: every method takes
/// `now` in seconds, so tests drive it with plain numbers.
///
/// AIMD: the rate is unlimited until the first 429. A 429 halves the rate actually observed over
/// the last two seconds (or, with too few samples, derives one request per `Retry-After`), and
/// pauses everyone until `Retry-After` has elapsed. After that, each success window of one second
/// adds to the rate: quickly (10 % of the rate seen at the 429) while below 90 % of that rate, then
/// slowly (2 %, at least 1 request/s) while probing above it.
///
/// When the server announces its limit (`RateLimit-Policy: 200;w=1`), that beats discovery: the
/// rate is pinned to the announced one, 429s only pause (they never lower it), and it never
/// creeps above. The quota also allows a burst (GCRA's tolerance): up to 90 % of one window's
/// quota may start at once after a quiet spell, but never more than the server's last
/// `RateLimit-Remaining`, less the same 10 % reserve, says is left. Pacing at the full rate is
/// safe against a token bucket: requests reach the server no earlier than crm reserved them, so
/// the server's bucket never holds less than the reserve; a quota shared with other clients shows
/// in `RateLimit-Remaining` and holds the burst back, and a server that still answers 429 pauses
/// everyone for its `Retry-After` with no burst after the pause.
struct RateLimitState: Sendable, Equatable {
    /// The rate the server announced, requests per second.
    var announcedRate: Double?
    /// The fraction of an announced rate crm paces at (the burst's reserve absorbs the rest).
    static let announcedShare = 1.0
    /// Allowed requests per second; nil means unlimited.
    var rate: Double?
    /// No request starts before this time.
    var pausedUntil: Double = 0
    /// The start time reserved for the next request when a rate is set (GCRA's theoretical
    /// arrival time): a request may start `burst` seconds before it.
    var nextSlot: Double = 0
    /// Seconds of requests that may start ahead of the pace (0 until a quota is announced).
    var burst: Double = 0
    /// The announced quota of one window, in requests (sets the burst and the margin).
    var announcedQuota: Double = 0
    /// The rate observed when the last 429 arrived.
    var ceiling: Double?
    /// Counts pauses, so each one is announced once.
    var pauseID = 0
    /// The last pause already announced.
    var announcedPauseID = 0
    /// Start times of recent requests (the last `observationWindow` seconds).
    var recentStarts: [Double] = []
    /// Start of the current success window, and its successes.
    var windowStart: Double = 0
    var windowSuccesses = 0

    /// The slowest rate ever set, requests per second.
    static let minRate = 0.5
    /// Seconds over which the request rate is observed.
    static let observationWindow = 2.0
    /// Seconds of successes per additive increase.
    static let successWindow = 1.0
    /// The share of an announced window's quota a burst may use.
    static let burstShare = 0.9

    /// Reserves a start time for one request at `now`: returns how long to wait, and the length
    /// of a pause to announce (only for the first request that meets a new pause).
    mutating func reserve(now: Double) -> (wait: Double, announce: Double?) {
        var start = max(now, pausedUntil)
        if let rate {
            start = max(start, nextSlot - burst)
            nextSlot = max(nextSlot, start) + 1 / rate
        }
        let announce = pauseToAnnounce(now: now)
        noteStart(start)
        return (start - now, announce)
    }

    /// The length of a pause in force at `now` that nobody has announced yet (then it counts as
    /// announced), or nil.
    mutating func pauseToAnnounce(now: Double) -> Double? {
        guard pausedUntil > now, announcedPauseID != pauseID else { return nil }
        announcedPauseID = pauseID
        return pausedUntil - now
    }

    /// How long a request reserved at `now` would wait, without reserving.
    func peekWait(now: Double) -> Double {
        var start = max(now, pausedUntil)
        if rate != nil { start = max(start, nextSlot - burst) }
        return start - now
    }

    /// The request rate over the observation window, or nil with fewer than two samples.
    func observedRate(now: Double) -> Double? {
        let recent = recentStarts.filter { $0 > now - Self.observationWindow && $0 <= now }
        guard recent.count >= 2, let first = recent.first else { return nil }
        return Double(recent.count) / max(now - first, 0.1)
    }

    /// The server announced `limit` requests per `window` seconds.
    mutating func announce(limit: Double, window: Double) {
        guard limit > 0, window > 0 else { return }
        let r = limit / window
        guard announcedRate != r else { return }
        announcedRate = r
        let paced = max(Self.minRate, r * Self.announcedShare)
        rate = paced
        announcedQuota = limit
        // GCRA lets `burst · rate + 1` requests start at once.
        burst = max(0, (limit * Self.burstShare).rounded(.down) - 1) / paced
        ceiling = nil
    }

    /// A response at `now` said `remaining` requests are left in the quota: hold the burst to
    /// what is left, less a margin for requests already on their way. Only ever slows down.
    mutating func learnRemaining(_ remaining: Int, now: Double) {
        guard let rate, burst > 0 else { return }
        let margin = max(2, (announcedQuota * (1 - Self.burstShare)).rounded(.up))
        let credit = max(0, Double(remaining) - margin - 1)
        nextSlot = max(nextSlot, now + burst - credit / rate)
    }

    /// A 429 arrived at `now` with `retryAfter` seconds (already capped), or none (then `fallback`).
    mutating func on429(now: Double, retryAfter: Double?, fallback: Double) {
        let pause = retryAfter ?? fallback
        if announcedRate != nil {
            if pausedUntil <= now { pauseID += 1 }
            pausedUntil = max(pausedUntil, now + pause)
            // The quota ran out although crm paced itself: no burst right after the pause.
            nextSlot = max(nextSlot, pausedUntil + burst)
            return
        }
        if pausedUntil <= now {
            // A new episode: decrease once (concurrent 429s of one burst do not compound).
            let observed = observedRate(now: now)
            let derived = observed.map { $0 * 0.5 } ?? 1 / max(pause, 0.01)
            let current = rate ?? .infinity
            rate = max(Self.minRate, min(derived, current))
            ceiling = observed ?? ceiling
            pauseID += 1
        }
        pausedUntil = max(pausedUntil, now + pause)
        nextSlot = max(nextSlot, pausedUntil)
        windowStart = pausedUntil
        windowSuccesses = 0
    }

    /// A request succeeded at `now`: count it, and raise the rate at the end of a success window.
    mutating func onSuccess(now: Double) {
        guard let current = rate, announcedRate == nil else { return }
        windowSuccesses += 1
        guard now - windowStart >= Self.successWindow else { return }
        let step: Double
        if let ceiling, current < ceiling * 0.9 {
            step = max(1, ceiling * 0.1)
        } else {
            step = max(1, current * 0.02)
        }
        rate = current + step
        windowStart = now
        windowSuccesses = 0
    }

    private mutating func noteStart(_ t: Double) {
        recentStarts.append(t)
        let cutoff = t - Self.observationWindow
        if recentStarts.count > 64, let firstKept = recentStarts.firstIndex(where: { $0 > cutoff }), firstKept > 0 {
            recentStarts.removeFirst(firstKept)
        }
        if recentStarts.count > 20_000 { recentStarts.removeFirst(recentStarts.count - 10_000) }
    }
}
