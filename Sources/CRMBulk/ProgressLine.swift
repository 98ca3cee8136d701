import CRMCore
import Foundation
import Synchronization

/// Counters of a bulk run and the progress line drawn from them.
///
/// On a TTY the line is redrawn on stderr at most ten times a second (`\r` + erase); off a TTY
/// nothing is drawn until the one-line summary at the end.
final class ProgressLine: Sendable {
    struct Counts: Sendable {
        var sent = 0, failed = 0, skipped = 0, retried = 0, confirmed = 0, unknown = 0
        var done: Int { sent + failed + skipped + unknown }
    }
    private let counts = Mutex(Counts())
    private let lastDraw = Mutex(Date.distantPast)
    /// Targets in all, and whether that is final (a streamed plan grows while it is listed).
    private let totals: Mutex<(count: Int, final: Bool)>
    let started = Date()
    /// `RetryWaits.retryAfterWaits` when the run started (the summary counts the run's own).
    private let retryAfterAtStart = RetryWaits.retryAfterWaits
    let isTTY: Bool
    let label: String
    private let draw: @Sendable (String) -> Void

    init(label: String, total: Int, final: Bool = true, isTTY: Bool, draw: @escaping @Sendable (String) -> Void) {
        self.label = label
        totals = Mutex((total, final))
        self.isTTY = isTTY
        self.draw = draw
    }

    func update(_ change: (inout Counts) -> Void) {
        counts.withLock { change(&$0) }
        guard isTTY else { return }
        let now = Date()
        let due = lastDraw.withLock { last in
            if now.timeIntervalSince(last) < 0.1 { return false }
            last = now
            return true
        }
        if due { draw("\r\u{1B}[2K" + line(now: now)) }
    }

    var snapshot: Counts { counts.withLock { $0 } }

    /// Sets the number of targets (an estimate until `final`).
    func setTotal(_ n: Int, final: Bool) { totals.withLock { $0 = (n, final) } }

    func line(now: Date = Date()) -> String {
        let c = snapshot
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(c.done) / elapsed
        let (total, final) = totals.withLock { $0 }
        let eta = rate > 0 ? Double(max(total - c.done, 0)) / rate : 0
        let waiting = RetryWaits.active
        return
            "\(label): \(c.done)/\(final ? "" : "~")\(total) · \(String(format: "%.0f", rate))/s · ETA \(Self.duration(eta)) · failed \(c.failed)"
            + (waiting > 0 ? " · \(waiting) waiting to retry" : "")
    }

    /// Clears the progress line (TTY only).
    func clear() { if isTTY { draw("\r\u{1B}[2K") } }

    /// `send-template: 2000 sent, 0 failed, 0 skipped, 41 retried (12 confirmed by read-back), 96 waited
    /// out a Retry-After in 10.2 s`.
    func summary(runID: String) -> String {
        let c = snapshot
        var s = "\(label): \(c.sent) sent, \(c.failed) failed, \(c.skipped) skipped, \(c.retried) retried"
        if c.confirmed > 0 { s += " (\(c.confirmed) confirmed by read-back)" }
        if c.unknown > 0 { s += ", \(c.unknown) unknown" }
        let waits = RetryWaits.retryAfterWaits - retryAfterAtStart
        if waits > 0 { s += ", \(waits) waited out a Retry-After" }
        s += " in \(Self.duration(Date().timeIntervalSince(started))) · run \(runID)"
        return s
    }

    static func duration(_ t: TimeInterval) -> String {
        if t < 60 { return String(format: "%.1f s", t) }
        return "\(Int(t) / 60) min \(Int(t) % 60) s"
    }
}
