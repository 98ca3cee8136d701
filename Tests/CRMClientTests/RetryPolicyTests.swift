import Testing

@testable import CRMClient

@Suite struct RetryPolicyTests {
    let policy: RetryPolicy = {
        var o = ClientOptions()
        o.maxAttempts = 3
        o.baseBackoff = 1
        o.maxBackoff = 8
        return RetryPolicy(options: o)
    }()

    static let readCases: [(AttemptOutcome, Bool)] = [
        (.status(429), true), (.status(500), true), (.status(502), true), (.status(503), true), (.status(504), true),
        (.transport(.refused("h")), true), (.transport(.reset("h")), true), (.transport(.readTimeout), true),
        (.transport(.connectTimeout("h")), true), (.transport(.cutOff(status: 200, received: 3)), true),
        (.status(400), false), (.status(401), false), (.status(404), false), (.transport(.other("tls")), false),
    ]

    @Test(arguments: readCases)
    func readsRetryTransientFailures(outcome: AttemptOutcome, retried: Bool) {
        let d = policy.decide(outcome, isWrite: false, attempt: 1, jitter: 0.5)
        if retried {
            guard case .retry = d else {
                Issue.record("expected retry for \(outcome), got \(d)")
                return
            }
        } else {
            #expect(d == .fail)
        }
    }

    static let writeCases: [(AttemptOutcome, RetryDecision)] = [
        (.status(429), .retry(delay: 0)), (.status(503), .ambiguous),
        (.transport(.other("HTTPParserError.invalidStatus")), .ambiguous),
        (.transport(.other("response body larger than 64 MB")), .ambiguous),
        (.transport(.invalidRequest("invalid URL")), .fail),
        (.transport(.refused("h")), .retry(delay: 0.5)), (.transport(.connectTimeout("h")), .retry(delay: 0.5)),
        (.status(500), .ambiguous), (.status(502), .ambiguous), (.status(504), .ambiguous),
        (.transport(.reset("h")), .ambiguous), (.transport(.readTimeout), .ambiguous),
        (.transport(.cutOff(status: 200, received: 1)), .ambiguous), (.status(404), .fail), (.status(422), .fail),
    ]

    @Test(arguments: writeCases)
    func writesRetryOnlyWhenNeverProcessed(outcome: AttemptOutcome, expected: RetryDecision) {
        #expect(policy.decide(outcome, isWrite: true, attempt: 1, jitter: 0.5) == expected)
    }

    /// Issue 22 §10: a read that timed out is retried once, not `maxAttempts` times.
    @Test func aTimedOutReadIsRetriedOnce() {
        let deadline = AttemptOutcome.transport(.deadline(60))
        guard case .retry = policy.decide(deadline, isWrite: false, attempt: 1, jitter: 0.5) else {
            Issue.record("the first timeout is retried")
            return
        }
        #expect(policy.decide(deadline, isWrite: false, attempt: 2, jitter: 0.5, timedOutBefore: 1) == .fail)
        #expect(policy.decide(.transport(.readTimeout), isWrite: false, attempt: 2, jitter: 0.5, timedOutBefore: 1) == .fail)
        // Another failure after a timeout is retried as before.
        guard case .retry = policy.decide(.status(502), isWrite: false, attempt: 2, jitter: 0.5, timedOutBefore: 1) else {
            Issue.record("a 502 after a timeout is retried")
            return
        }
    }

    @Test func givesUpAfterMaxAttempts() {
        #expect(policy.decide(.status(500), isWrite: false, attempt: 3, jitter: 0.5) == .fail)
        #expect(policy.decide(.status(429), isWrite: true, attempt: 3, jitter: 0.5) == .fail)
    }

    @Test func backoffIsExponentialWithFullJitterAndCapped() {
        #expect(policy.backoff(attempt: 1, jitter: 1) == 1)
        #expect(policy.backoff(attempt: 3, jitter: 1) == 4)
        #expect(policy.backoff(attempt: 10, jitter: 1) == 8)
        #expect(policy.backoff(attempt: 3, jitter: 0.25) == 1)
        #expect(policy.backoff(attempt: 3, jitter: 0) == 0)
    }

    @Test func retryAfterParsesSecondsAndDatesWithCap() {
        #expect(RetryPolicy.retryAfter("2", cap: 30, now: 0) == 2)
        #expect(RetryPolicy.retryAfter("120", cap: 30, now: 0) == 30)
        #expect(RetryPolicy.retryAfter(nil, cap: 30, now: 0) == nil)
        #expect(RetryPolicy.retryAfter("soon", cap: 30, now: 0) == nil)
        // 1994-11-06 08:49:37 UTC = 784111777
        #expect(RetryPolicy.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", cap: 30, now: 784_111_770) == 7)
    }
}
