/// How far live mode has got: when it started and how many events are applied.
struct LiveProgress: Sendable {
    /// `SandboxEngine.now()` when the sandbox started or was reset.
    var start: Double
    /// Events applied so far (timed ones and ticks).
    var applied = 0
    /// Events applied by `/_sandbox/tick`, which shift the timed schedule.
    var ticked = 0
}

extension SandboxEngine {
    /// The most live events one request applies, so a long pause cannot stall an answer.
    static let maxLiveCatchUp = 10_000

    /// Applies the live events due by now (`--live RATE`); the caller holds `lock`.
    func catchUpLiveLocked() {
        guard let rate = options.liveRate, rate > 0 else { return }
        let elapsed = max(0, Self.now() - live.start)
        let due = min(live.ticked + Int(elapsed * rate), live.applied + Self.maxLiveCatchUp)
        let startMs = SandboxClock.nowMs() - Int64(elapsed * 1000)
        while live.applied < due {
            let k = live.applied
            let at = startMs + Int64(Double(k - live.ticked) / rate * 1000)
            applyLive(k, at: min(at, SandboxClock.nowMs()))
        }
    }

    /// `POST /_sandbox/tick/N`: applies the next N live events now (1 to 10,000; default 1).
    func tick(_ n: Int) -> SandboxReply {
        guard n >= 1, n <= Self.maxLiveCatchUp else {
            return .chattonicError(400, "tick takes a count from 1 to \(Self.maxLiveCatchUp): /_sandbox/tick/N")
        }
        lock.lock()
        defer { lock.unlock() }
        for _ in 0..<n {
            applyLive(live.applied, at: SandboxClock.nowMs())
            live.ticked += 1
        }
        return SandboxReply(status: 200, body: #"{"status":1,"ticked":\#(n)}"#)
    }

    /// Applies event `k` to the world; the caller holds `lock`.
    private func applyLive(_ k: Int, at ms: Int64) {
        world.applyLiveEvent(k, at: ms)
        live.applied += 1
    }
}
