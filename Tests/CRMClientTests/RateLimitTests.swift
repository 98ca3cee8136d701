import CRMCore
import Synchronization
import Testing

@testable import CRMClient

@Suite struct RateLimitTests {
    @Test func unlimitedUntilFirst429() {
        var s = RateLimitState()
        for i in 0..<50 {
            let r = s.reserve(now: Double(i) * 0.01)
            #expect(r.wait == 0)
            #expect(r.announce == nil)
        }
        #expect(s.rate == nil)
    }

    @Test func a429HalvesTheObservedRateAndPausesEveryone() {
        var s = RateLimitState()
        // 21 requests over one second: about 21 requests/s observed.
        for i in 0...20 { _ = s.reserve(now: Double(i) * 0.05) }
        s.on429(now: 1.0, retryAfter: 2, fallback: 1)
        let rate = s.rate ?? 0
        #expect(rate > 9 && rate < 11)
        let first = s.reserve(now: 1.0)
        #expect(first.wait == 2)
        #expect(first.announce == 2)
        let second = s.reserve(now: 1.0)
        #expect(second.announce == nil)  // one notice per pause
        #expect(abs(second.wait - (2 + 1 / rate)) < 1e-9)  // then paced at the new rate
    }

    @Test func concurrent429sOfOneBurstDecreaseOnce() {
        var s = RateLimitState()
        for i in 0...20 { _ = s.reserve(now: Double(i) * 0.05) }
        s.on429(now: 1.0, retryAfter: 1, fallback: 1)
        let once = s.rate
        s.on429(now: 1.01, retryAfter: 1, fallback: 1)
        #expect(s.rate == once)
        #expect(s.pauseID == 1)
    }

    @Test func without_samples_theRateComesFromRetryAfter() {
        var s = RateLimitState()
        s.on429(now: 0, retryAfter: 4, fallback: 1)
        #expect(s.rate == 0.5)  // 1/4 per second, floored at minRate
    }

    @Test func successWindowsIncreaseAdditively() {
        var s = RateLimitState()
        for i in 0...20 { _ = s.reserve(now: Double(i) * 0.05) }
        s.on429(now: 1.0, retryAfter: 1, fallback: 1)
        let start = s.rate ?? 0
        s.onSuccess(now: 2.5)  // within the first window after the pause (ends at 2.0): no change yet
        #expect(s.rate == start)
        s.onSuccess(now: 3.1)  // a full window after the pause ended
        let after = s.rate ?? 0
        #expect(after > start)
        s.onSuccess(now: 3.2)  // same window: no change
        #expect(s.rate == after)
        var t = 4.2
        for _ in 0..<40 {
            s.onSuccess(now: t)
            t += 1.1
        }
        #expect((s.rate ?? 0) > 21)  // probes beyond the old ceiling, slowly
    }

    @Test func anAnnouncedQuotaAllowsABurstThenPaces() {
        var s = RateLimitState()
        s.announce(limit: 200, window: 1)
        let paced = 200 * RateLimitState.announcedShare
        // 90 % of the window's quota may start at once…
        for _ in 0..<179 { #expect(s.reserve(now: 10).wait == 0) }
        _ = s.reserve(now: 10)  // the 180th: at once, or a rounding error after
        // …then requests are spaced at the paced rate.
        let next = s.reserve(now: 10).wait
        #expect(next > 0 && next <= 1 / paced + 1e-9)
        let after = s.reserve(now: 10).wait
        #expect(abs(after - next - 1 / paced) < 1e-9)
        // A quiet second gives the burst back.
        for _ in 0..<150 { #expect(s.reserve(now: 13).wait == 0) }
    }

    /// How many requests may start at once at time 0 after the server said `remaining` are left.
    static func burstAfter(remaining: Int) -> Int {
        var s = RateLimitState()
        s.announce(limit: 200, window: 1)
        s.learnRemaining(remaining, now: 0)
        var immediate = 0
        while s.reserve(now: 0).wait == 0 { immediate += 1 }
        return immediate
    }

    @Test func rateLimitRemainingHoldsTheBurstBack() {
        // Another client used the quota: the server says 30 are left; crm keeps 20 in reserve.
        #expect((9...11).contains(Self.burstAfter(remaining: 30)))
        // A generous remaining never speeds crm past its own burst.
        #expect((179...181).contains(Self.burstAfter(remaining: 5000)))
    }

    @Test func noBurstRightAfterAnAnnouncedQuotaRanOut() {
        var s = RateLimitState()
        s.announce(limit: 200, window: 1)
        s.on429(now: 5, retryAfter: 1, fallback: 1)
        let first = s.reserve(now: 5).wait
        #expect(first >= 1)
        let second = s.reserve(now: 5).wait
        #expect(second > first)  // paced from the end of the pause, not a burst
    }

    @Test func schedulerAnnouncesOnceAndWaitsWithInjectedSleep() async throws {
        let clock = Mutex(0.0)
        let slept = Mutex<[Double]>([])
        let notices = Mutex<[String]>([])
        let scheduler = RateScheduler(
            label: "leeloo", clock: { clock.withLock { $0 } },
            sleep: { secs in slept.withLock { $0.append(secs) } })
        scheduler.record429(retryAfter: 2)
        try await scheduler.acquire { line in notices.withLock { $0.append(line) } }
        try await scheduler.acquire { line in notices.withLock { $0.append(line) } }
        #expect(notices.withLock { $0 } == ["leeloo rate limit: waiting 2 s (Retry-After)"])
        #expect(slept.withLock { $0.first } == 2)
    }

    @Test func followUpsGoBeforeFreshRequestsWaitingInLine() async throws {
        let clock = Mutex(100.0)
        let permits = Mutex(0)
        let scheduler = RateScheduler(
            label: "leeloo", clock: { clock.withLock { $0 } },
            sleep: { secs in
                // Time passes only when the test hands out a permit.
                while !permits.withLock({ p in
                    guard p > 0 else { return false }
                    p -= 1
                    return true
                }) { await Task.yield() }
                clock.withLock { $0 += secs }
            })
        scheduler.learnPolicy("2;w=1")  // 2 requests/s, no burst: every request after the first waits
        let order = Mutex<[String]>([])
        @Sendable func take(_ name: String, urgent: Bool) async throws {
            try await scheduler.acquire(notice: { _ in }, urgent: urgent)
            order.withLock { $0.append(name) }
        }
        try await take("a", urgent: false)
        let b = Task { @Sendable in try await take("b", urgent: false) }
        while scheduler.waiting < 1 { await Task.yield() }
        let c = Task { @Sendable in try await take("c", urgent: false) }
        while scheduler.waiting < 2 { await Task.yield() }
        let d = Task { @Sendable in try await take("d", urgent: true) }
        while scheduler.waiting < 3 { await Task.yield() }
        permits.withLock { $0 = 10 }
        for t in [b, c, d] { try await t.value }
        #expect(order.withLock { $0 } == ["a", "d", "b", "c"])
    }

    @Test func cancellingARequestInLineInterruptsOnlyThatOne() async throws {
        let scheduler = RateScheduler(
            label: "leeloo", clock: { 0 }, sleep: { _ in try await Task.sleep(for: .seconds(3600)) })
        scheduler.record429(retryAfter: 30)
        let waiting = Task { @Sendable in try await scheduler.acquire(notice: { _ in }) }
        while scheduler.waiting < 1 { await Task.yield() }
        waiting.cancel()
        await #expect(throws: CRMError.interrupted) { try await waiting.value }
        #expect(scheduler.waiting == 0)
    }

    @Test func oneSchedulerPerProfileAndAPI() {
        let a = RateScheduler.shared(profile: "shared-test", api: .leeloo, baseURL: "http://x")
        #expect(a === RateScheduler.shared(profile: "shared-test", api: .leeloo, baseURL: "http://x"))
        #expect(a !== RateScheduler.shared(profile: "shared-test", api: .chattonic, baseURL: "http://x"))
        #expect(a !== RateScheduler.shared(profile: "other-test", api: .leeloo, baseURL: "http://x"))
        #expect(a.currentRate == nil)
    }

    @Test func cancelledWaitIsInterrupted() async {
        let scheduler = RateScheduler(label: "leeloo", clock: { 0 }, sleep: { _ in throw CancellationError() })
        scheduler.record429(retryAfter: 5)
        await #expect(throws: CRMError.interrupted) { try await scheduler.acquire { _ in } }
    }
}
