import CRMCommands
import CRMCore
import Foundation
import Synchronization
import Testing

@testable import CRMShell

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A tail clock that never sleeps: each wait records its length, lets the sandbox's live mode
/// move on by `ticks` events (`POST /_sandbox/tick/N`), and after `maxWaits` waits acts as
/// Ctrl-C (throws `CancellationError`). Tests count requests and waits, never time.
final class TickingClock: TailWaiting {
    let base: String
    let ticks: Int
    let maxWaits: Int
    private let waits = Mutex<[Double]>([])

    init(base: String, ticks: Int, maxWaits: Int = 200) {
        self.base = base
        self.ticks = ticks
        self.maxWaits = maxWaits
    }

    var recorded: [Double] { waits.withLock { $0 } }

    func wait(seconds: Double) async throws {
        let n = waits.withLock {
            $0.append(seconds)
            return $0.count
        }
        if n > maxWaits { throw CancellationError() }
        if ticks > 0, let url = URL(string: "\(base)/_sandbox/tick/\(ticks)") {
            var req = URLRequest(url: url)
            req.httpMethod = "POST"
            _ = try await URLSession.shared.data(for: req)
        }
    }

    func now() -> Date { Date() }
}

@Suite("tail against the live sandbox", .serialized)
struct TailTests {
    func requests(_ h: ShellHarness) async throws -> Int {
        try await h.stats()[field: "requests"]?[field: "total"]?.intValue ?? -1
    }

    @Test func newLeadsAppearOnceEachInTimeOrderAndFirstNEndsTheStream() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let clock = TickingClock(base: h.server.leelooBaseURL, ticks: 9)
        let r = try await TailClock.$current.withValue(clock) {
            try await h.run(
                "tail leads --funnel leadForm --group Website | first 6 | each { {id: $it._id, at: $it.createdAt} } "
                    + "| to json --compact")
        }
        #expect(r.status == 0, "\(r.err)")
        let items = try Value.parseJSON(r.out).listValue ?? []
        #expect(items.count == 6)
        let ids = items.compactMap { $0[field: "id"]?.stringValue }
        #expect(Set(ids).count == 6, "no lead twice")
        let times = items.compactMap { $0[field: "at"]?.stringValue }
        #expect(times == times.sorted(), "oldest first")
        // The seeded leads are older than the tail's start: every one shown is a live one.
        let all = try await h.run(
            "leads --funnel leadForm --group Website | where { $it.createdAt >= '\(times.first ?? "")' } | get _id "
                + "| to json --compact")
        let live = Set((try Value.parseJSON(all.out).listValue ?? []).compactMap(\.stringValue))
        #expect(Set(ids).isSubset(of: live))
    }

    @Test func idleTailMakesOneRequestPerWaitAndBacksOffTo30Seconds() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        for line in [
            "tail leads --funnel leadForm --group Website", "tail channels", "tail messages",
            "tail messages --tag vip",
        ] {
            let clock = TickingClock(base: h.server.leelooBaseURL, ticks: 0, maxWaits: 8)
            let before = try await requests(h)
            let r = try await TailClock.$current.withValue(clock) { try await h.run(line) }
            let made = try await requests(h) - before
            // Cancelled on its 9th wait: 9 polls (the first needs no wait), one request each.
            #expect(made == 9, "\(line): \(made) requests for \(clock.recorded.count) waits")
            #expect(clock.recorded == [1, 2, 4, 8, 16, 30, 30, 30, 30], "\(line)")
            #expect(r.status == 130, "a cancelled tail ends like Ctrl-C in a script: \(r.err)")
            #expect(r.out == "", "\(line) printed \(r.out)")
        }
    }

    @Test func newsResetsTheBackoffAndMessagesComeOnce() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let clock = TickingClock(base: h.server.leelooBaseURL, ticks: 3)
        let r = try await TailClock.$current.withValue(clock) {
            try await h.run("tail messages | first 4 | get id | to json --compact")
        }
        #expect(r.status == 0, "\(r.err)")
        let ids = (try Value.parseJSON(r.out).listValue ?? []).compactMap(\.stringValue)
        #expect(ids.count == 4 && Set(ids).count == 4)
        #expect(clock.recorded.allSatisfy { $0 <= 2 }, "each wait after news is short: \(clock.recorded)")
    }

    @Test func aLoopOverATailRunsItsBodyPerItemUntilInterrupted() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let clock = TickingClock(base: h.server.leelooBaseURL, ticks: 9, maxWaits: 12)
        let r = try await TailClock.$current.withValue(clock) {
            try await h.run("for l in tail leads --funnel leadForm --group Website { echo \"new lead: ${l._id}\" }")
        }
        #expect(r.status == 130, "the clock interrupts after 12 waits: \(r.err)")
        let lines = r.out.split(separator: "\n").filter { $0.hasPrefix("new lead: 5d7b") }
        #expect(!lines.isEmpty, "the body ran while the tail was still open: \(r.out)")
        #expect(Set(lines).count == lines.count)
    }

    @Test func sinceShowsRecentItemsAndRejectsBadDurations() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let bad = try await h.run("tail leads --funnel leadForm --group Website --since 10x")
        #expect(bad.status == 2)
        #expect(bad.err.contains("Expected a duration like 30s, 10m, 1h or 2d for --since, got '10x'."))
    }
}
