/// What happened on one attempt, as far as the retry rule cares.
enum AttemptOutcome: Sendable, Equatable {
    /// A complete response with a non-2xx status.
    case status(Int)
    /// No complete response.
    case transport(TransportFailure)
}

/// What to do after a failed attempt.
enum RetryDecision: Sendable, Equatable {
    /// Try again after `delay` seconds (0 when the rate scheduler does the waiting).
    case retry(delay: Double)
    /// Stop and report the failure as it is.
    case fail
    /// Stop: the write may or may not have been applied (`http.ambiguous`).
    case ambiguous
}

/// The retry rule of the client core.
///
/// - **Reads (GET/HEAD)** are retried on 429 (after `Retry-After`, capped), on any 5xx, and on
///   every connection failure or timeout, with exponential backoff and full jitter, up to
///   `maxAttempts` attempts in all.
/// - **Writes** are retried only when the server cannot have processed them: 429, and a
///   connection that was refused, timed out while connecting or whose host did not resolve (the
///   request never left). Any other failure of a write after it may have left (any 5xx, a reset,
///   a read timeout, a body cut off, an answer that is not HTTP or is too large) stops at once
///   with `http.ambiguous`, so the bulk layer can find out by reading back instead of resending
///   blindly. A 503 is among them: no vendor page promises that a 503 was refused before the
///   write was applied, and a proxy or a load balancer in front of the API may answer 502, 503
///   or 504 after the backend applied it (README, "The guarantee").
/// - 4xx other than 429 is never retried.
struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    var maxAttempts: Int
    /// First backoff step, seconds.
    var baseBackoff: Double
    /// Largest backoff step, seconds.
    var maxBackoff: Double

    init(options: ClientOptions) {
        maxAttempts = max(1, options.maxAttempts)
        baseBackoff = max(0, options.baseBackoff)
        maxBackoff = max(0, options.maxBackoff)
    }

    /// The decision after attempt number `attempt` (1-based) ended with `outcome`; `jitter` is a
    /// random number in 0...1 (injected so the rule is testable). `timedOutBefore`: how many
    /// earlier attempts of this request ran out of time. A request that timed out is retried once:
    /// a server that trickles its answer would otherwise hold one page for `maxAttempts` times
    /// `--timeout` (5 minutes at the defaults); this way it waits at most twice `--timeout`.
    func decide(
        _ outcome: AttemptOutcome, isWrite: Bool, attempt: Int, jitter: Double, timedOutBefore: Int = 0
    ) -> RetryDecision {
        if outcome.isTimeout, timedOutBefore >= 1, !isWrite { return .fail }
        let retryable: Bool
        switch outcome {
        case .status(let code):
            if code == 429 {
                retryable = true
            } else if code >= 500 {
                if isWrite { return .ambiguous }
                retryable = true
            } else {
                return .fail
            }
        case .transport(let failure):
            if case .invalidRequest = failure { return .fail }
            if isWrite && !failure.neverLeft { return .ambiguous }
            if case .other = failure { return .fail }
            retryable = true
        }
        guard retryable, attempt < maxAttempts else { return .fail }
        if outcome == .status(429) { return .retry(delay: 0) }
        return .retry(delay: backoff(attempt: attempt, jitter: jitter))
    }

    /// Full-jitter exponential backoff: a random point in `0...min(max, base·2^(attempt-1))`.
    func backoff(attempt: Int, jitter: Double) -> Double {
        let exp = baseBackoff * Double(1 << min(max(attempt - 1, 0), 20))
        return min(maxBackoff, exp) * min(max(jitter, 0), 1)
    }

    /// Seconds from a `Retry-After` value (delta-seconds or an HTTP date relative to `now`, in
    /// seconds since 1970), capped at `cap`; nil when absent or unreadable.
    static func retryAfter(_ header: String?, cap: Double, now: Double) -> Double? {
        guard let h = header?.trimmingSpaces(), !h.isEmpty else { return nil }
        if let secs = Double(h), secs.isFinite { return min(max(secs, 0), cap) }
        guard let date = HTTPDate.parse(h) else { return nil }
        return min(max(date - now, 0), cap)
    }
}

extension AttemptOutcome {
    /// The attempt ran out of time (the read timeout or the overall deadline).
    var isTimeout: Bool {
        switch self {
        case .transport(.readTimeout), .transport(.deadline): true
        default: false
        }
    }
}
