import CRMCore
import Foundation
import Testing

/// Issue 14: Ctrl-C during a full scan whose read-ahead window is wide cancels every page in
/// flight. The window is known to be wide from the sandbox's statistics (pages being answered at
/// once), never from elapsed time. Requests are counted as they arrive (`requests.arrived`, before
/// the sandbox's latency), so a page requested after the interrupt would show.
///
/// The REPL test paces the scan: the sandbox announces 10 requests/s and answers after 400 ms, so
/// 4 pages are at the sandbox at once and the rest of the window of 8 waits in crm's rate
/// scheduler. Pages the interrupt left uncancelled would go on being sent one per slot, and the
/// one-request command typed next waits behind them in the same scheduler: the count it ends
/// with shows them.
@Suite("Ctrl-C during a wide read-ahead", .serialized)
struct StreamInterruptTests {
    /// Pages in flight at once that show the window has widened (it starts at one).
    static let wide = 4

    /// 100,000 people (1,000 pages) answered after `latencyMs` each: a scan lasts seconds.
    static func slowSandbox(latencyMs: Int = 20, rateLimit: Double? = nil) async throws -> ShellHarness {
        try await ShellHarness.start {
            $0.people = 100_000
            $0.latencyMs = latencyMs
            $0.rateLimit = rateLimit
        }
    }

    /// The sandbox's `requests.NAME` statistic.
    static func requests(_ h: ShellHarness, _ name: String = "arrived") async throws -> Int {
        try await h.stats()[field: "requests"]?[field: name]?.intValue ?? -1
    }

    /// Polls the sandbox until `wide` pages are in flight at once after `arrived` requests (a
    /// liveness bound, not a timing assertion).
    static func waitUntilWide(_ h: ShellHarness, after arrived: Int = 0) async throws -> Bool {
        for _ in 0..<5000 {
            if try await requests(h) >= arrived, try await requests(h, "inFlight") >= wide { return true }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("the sandbox never had \(wide) requests in flight at once after \(arrived)")
        return false
    }

    /// Polls the sandbox until no request is in flight there (a liveness bound, not a timing
    /// assertion: pages the interrupt left running would keep it busy, and the bound would fail).
    static func waitUntilIdle(_ h: ShellHarness) async throws -> Bool {
        for _ in 0..<5000 {
            if try await requests(h, "inFlight") == 0 { return true }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("the sandbox still had requests in flight after the interrupt")
        return false
    }

    @Test func replCtrlCStopsTheScanAndNothingIsSentAfter() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"))
        guard let crm = CRMBinary.url else { throw CocoaError(.fileNoSuchFile) }
        let h = try await Self.slowSandbox(latencyMs: 400, rateLimit: 10)
        defer { Task { await h.stop() } }
        let t = TmuxSession()
        defer { t.stop() }
        let env = h.environment.merging(["TERM": "xterm-256color", "LANG": "C.UTF-8"]) { $1 }
            .map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        t.start("env -u NO_COLOR \(env) \(crm.path); echo crm-exit=$?; sleep 60")
        #expect(await t.waitFor("[demo]>", "for the prompt"))

        t.type("people | count", then: "Enter")
        // Past the burst crm allows itself at first (0.9 s of the quota), the scan is paced.
        guard try await Self.waitUntilWide(h, after: 20) else { return }
        t.type("", then: "C-c")
        #expect(await t.waitFor("Interrupted"))
        // A page written just before the Ctrl-C may reach the sandbox a moment after it (on a
        // loaded machine, after the prompt is back): count once the sandbox holds no request.
        guard try await Self.waitUntilIdle(h) else { return }
        let afterInterrupt = try await Self.requests(h)
        #expect(afterInterrupt < 1000, "the scan was stopped before its last page")

        // One more command of exactly one request: had any page of the interrupted scan still
        // been waiting for its turn, or been fetched on, the count would grow by more than one.
        t.type("set n = people | first 1 | count", then: "Enter")
        t.type("echo first-done-$n", then: "Enter")
        #expect(await t.waitFor("\nfirst-done-1"))
        let after = try await Self.requests(h)
        #expect(after == afterInterrupt + 1, "requests: \(afterInterrupt) after Ctrl-C, \(after) after one more request")
        #expect(!t.screen.contains("\n100000"), "the interrupted count printed nothing")

        t.type("", then: "C-d")
        #expect(await t.waitFor("crm-exit=0"))
    }

    @Test func sigintEndsAScriptWithTheInterruptStatus() async throws {
        let h = try await Self.slowSandbox()
        defer { Task { await h.stop() } }
        let running = try CRMBinary.start(["-c", "people | count"], env: h.environment)
        guard try await Self.waitUntilWide(h) else {
            running.process.terminate()
            return
        }
        kill(running.process.processIdentifier, SIGINT)
        let r = await running.finished()
        #expect(r.status == 130, "stderr: \(r.err)")
        #expect(r.out.isEmpty)
        #expect(try await Self.requests(h) < 1000)
    }
}
