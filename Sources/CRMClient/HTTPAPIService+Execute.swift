import CRMCore
import Foundation

extension HTTPAPIService {
    /// The retry loop: acquire a slot from the rate scheduler, send, decide (see `RetryPolicy`).
    func execute(_ p: PreparedRequest) async throws -> Value {
        let base = (p.request.api == .leeloo ? profile.leelooURL : profile.chattonicURL) ?? ""
        let scheduler = RateScheduler.shared(
            profile: profile.name, api: p.request.api, baseURL: base, scope: RateScheduler.scope(of: p.request.path))
        var policy = RetryPolicy(options: options)
        if let n = RetryBudget.attempts { policy.maxAttempts = max(policy.maxAttempts, n) }
        let isWrite = p.request.isWrite
        var attempt = 0
        var timedOut = 0
        while true {
            attempt += 1
            try await scheduler.acquire(notice: notice, urgent: attempt > 1 || RequestUrgency.current == .followUp)
            if Task.isCancelled { throw CRMError.interrupted }
            let started = ContinuousClock.now
            let sentAt = Self.wallClock()
            let outcome: AttemptOutcome
            let response: RawResponse?
            do {
                let r = try await HTTPTransport.perform(p, options: options)
                trace(p, result: "\(r.status)", since: started)
                scheduler.learnPolicy(r.header("RateLimit-Policy"))
                scheduler.learnRemaining(r.header("RateLimit-Remaining"))
                if (200..<300).contains(r.status) {
                    scheduler.recordSuccess()
                    recordClock(r.header("Date"), p.request.api, sent: sentAt)
                    return try decodeSuccessful(r, p)
                }
                if r.status == 429, attempt < policy.maxAttempts,
                    let remaining = RateScheduler.parseRemaining(r.header("RateLimit-Remaining")), remaining > 0
                {
                    // (After the last attempt nothing follows: no Retry-After is waited out for nothing.)
                    // The server still had room: a transient refusal of this request, not the limit.
                    // Only this request waits its Retry-After; everyone else keeps the pace.
                    let wait =
                        RetryPolicy.retryAfter(
                            r.header("Retry-After"), cap: options.retryAfterCap, now: Self.wallClock())
                        ?? min(1, options.retryAfterCap)
                    if verbose || announcesWait(wait) {
                        notice("\(p.label): 429 with room left, retrying in \(RateScheduler.format(wait)) s")
                    }
                    try await RetryWaits.sleep(wait, forRetryAfter: true)
                } else if r.status == 429 {
                    let wait = RetryPolicy.retryAfter(
                        r.header("Retry-After"), cap: options.retryAfterCap, now: Self.wallClock())
                    scheduler.record429(
                        retryAfter: wait,
                        fallback: policy.backoff(attempt: attempt, jitter: 1).clamped(0.05, options.retryAfterCap))
                }
                outcome = .status(r.status)
                response = r
            } catch let failure as TransportFailure {
                trace(p, result: failure.shortText, since: started)
                outcome = .transport(failure)
                response = nil
            } catch is CancellationError {
                throw CRMError.interrupted
            }
            let decision = policy.decide(
                outcome, isWrite: isWrite, attempt: attempt, jitter: Double.random(in: 0...1), timedOutBefore: timedOut)
            if outcome.isTimeout { timedOut += 1 }
            switch decision {
            case .retry(let delay):
                if delay > 0 {
                    if verbose || announcesWait(delay) {
                        notice(
                            "\(p.label): \(outcome.shortText), retrying in \(RateScheduler.format(delay)) s (attempt \(attempt + 1) of \(policy.maxAttempts))"
                        )
                    }
                    try await RetryWaits.sleep(delay, forRetryAfter: false)
                }
            case .ambiguous:
                let detail =
                    response.map {
                        "\($0.status) \($0.reason)".trimmingSpaces()
                            + ($0.body.isEmpty ? "" : ": " + decoder.quote($0.body))
                    }
                    ?? redactor.redact(outcome.shortText)
                throw CRMError(
                    "http.ambiguous", "\(p.label) may or may not have been applied: \(detail)",
                    help: "read the resource back before sending it again", exit: .api)
            case .fail:
                if let response { throw decoder.statusError(response, for: p, attempts: attempt) }
                if case .transport(let failure) = outcome { throw networkError(failure, for: p, attempts: attempt) }
                throw CRMError("network.other", "\(p.label) failed.", exit: .network)
            }
        }
    }

    /// Whether a wait before a retry is long enough to announce without `--verbose`: over a
    /// second, outside a bulk run (whose progress line counts its waits instead).
    func announcesWait(_ seconds: Double) -> Bool {
        seconds > 1 && RetryBudget.attempts == nil
    }

    /// The body of a 2xx. For a write, a body that is not the API's (a proxy page, a cut-off
    /// body) does not prove the write was applied, so it becomes `http.ambiguous`.
    func decodeSuccessful(_ r: RawResponse, _ p: PreparedRequest) throws -> Value {
        let result = Result { () throws(CRMError) -> Value in try decoder.decodeSuccess(r, for: p) }
        switch result {
        case .success(let v): return v
        case .failure(let e):
            guard e.code == "http.bad-body", p.request.isWrite else { throw e }
            throw CRMError(
                "http.ambiguous", "\(p.label) may or may not have been applied: \(e.message)",
                help: "read the resource back before sending it again", exit: .api)
        }
    }

    /// The `network.*` (or `http.bad-body`) error for a transport failure retries could not fix.
    func networkError(_ f: TransportFailure, for p: PreparedRequest, attempts: Int) -> CRMError {
        let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
        switch f {
        case .refused(let host):
            return CRMError(
                "network.refused", "\(p.label) failed: could not connect to \(host): connection refused\(tries)",
                help: "is the server running, and is the profile's base URL right?", exit: .network)
        case .connectTimeout(let host):
            return CRMError(
                "network.timeout", "\(p.label) failed: connecting to \(host) timed out\(tries)", exit: .network)
        case .dns(let host):
            return CRMError(
                "network.dns", "\(p.label) failed: could not resolve host '\(host)'\(tries)", exit: .network)
        case .readTimeout:
            return CRMError(
                "network.timeout",
                "\(p.label) failed: no response within \(RateScheduler.format(options.readTimeout)) s\(tries)",
                exit: .network)
        case .deadline(let seconds):
            return CRMError(
                "network.timeout",
                "\(p.label) failed: no complete response within \(RateScheduler.format(seconds)) s\(tries)",
                help:
                    "the overall deadline of one request; change it with --timeout SECONDS or 'option timeout SECONDS'",
                exit: .network)
        case .reset(let host):
            return CRMError(
                "network.reset", "\(p.label) failed: the connection to \(host) was closed before a response\(tries)",
                exit: .network)
        case .cutOff(let status, let received):
            return CRMError(
                "http.bad-body",
                "\(p.label) failed: the response body was cut off after \(received) bytes (status \(status))\(tries)",
                exit: .network)
        case .other(let text), .invalidRequest(let text):
            return CRMError("network.other", "\(p.label) failed: \(redactor.redact(text))", exit: .network)
        }
    }

    /// Writes `GET url → 200 (12 ms)` when verbose, with credentials redacted.
    func trace(_ p: PreparedRequest, result: String, since start: ContinuousClock.Instant) {
        guard verbose else { return }
        let d = ContinuousClock.now - start
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        notice(redactor.redact("\(p.request.method) \(p.url) → \(result) (\(ms) ms)"))
    }

    /// Seconds since 1970, for HTTP-date `Retry-After` values.
    static func wallClock() -> Double {
        Date().timeIntervalSince1970
    }
}

extension AttemptOutcome {
    /// `500` or `connection refused`, for notices.
    var shortText: String {
        switch self {
        case .status(let code): String(code)
        case .transport(let f): f.shortText
        }
    }
}

extension TransportFailure {
    /// A few words for traces and notices.
    var shortText: String {
        switch self {
        case .refused: "connection refused"
        case .connectTimeout: "connect timeout"
        case .dns: "DNS failure"
        case .readTimeout: "read timeout"
        case .deadline: "deadline passed"
        case .reset: "connection reset"
        case .cutOff(let status, _): "\(status), body cut off"
        case .invalidRequest: "invalid request"
        case .other(let text): "failed (\(text.prefix(80)))"
        }
    }
}

extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), Swift.max(low, high)) }
}
