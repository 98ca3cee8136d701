import CRMBuiltins
import CRMCore
import Foundation
import Synchronization
import Testing

@testable import CRMCommands

/// The tail engine without a server: scripted polls, a clock that records waits and never sleeps.
@Suite("tail engine")
struct TailStreamTests {
    /// A clock at a fixed "now" that records each wait.
    final class Clock: TailWaiting {
        let waits = Mutex<[Double]>([])
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        func wait(seconds: Double) async throws { waits.withLock { $0.append(seconds) } }
        func now() -> Date { start }
    }

    /// Polls that answer from a script, one entry per poll (an error or items), then nothing.
    final class Script: @unchecked Sendable {  // SAFE: polled by one cursor, one poll at a time.
        var answers: [Result<[Value], CRMError>]
        var froms: [Date] = []
        init(_ answers: [Result<[Value], CRMError>]) { self.answers = answers }

        var source: TailSource {
            TailSource(
                makePoll: {
                    { from in
                        self.froms.append(from)
                        guard !self.answers.isEmpty else { return [] }
                        return try self.answers.removeFirst().get()
                    }
                },
                key: { $0[field: "id"]?.displayText }, time: { TailStream.date($0, "at") })
        }
    }

    static func item(_ id: Int, _ secondsAfterStart: Int) -> Value {
        [
            "id": .int(id),
            "at": .string(TailStream.iso(Date(timeIntervalSince1970: 1_700_000_000 + Double(secondsAfterStart)))),
        ]
    }

    func take(_ n: Int, _ script: Script, since: Double = 0, clock: Clock, ctx: FakeContext) async throws -> [Int] {
        let stream = TailStream.make(script.source, label: "tail test", since: since, context: ContextBox(ctx))
        let out = try await TailClock.$current.withValue(clock) {
            try await PipelineData.stream(stream).collect(limit: n)
        }
        return (out.listValue ?? []).compactMap { $0[field: "id"]?.intValue }
    }

    @Test func overlappingPagesAndSkewRepeatNothingAndOldItemsStayOut() async throws {
        let script = Script([
            .success([Self.item(2, 5), Self.item(1, 3), Self.item(0, -30)]),  // 0 is from before the start
            .success([Self.item(2, 5), Self.item(3, 4)]),  // 2 again; 3 stamped before 2 by a skewed clock
            .success([]),
            .success([Self.item(3, 4), Self.item(4, 9)]),
        ])
        let clock = Clock()
        let ids = try await take(4, script, clock: clock, ctx: FakeContext())
        #expect(ids == [1, 2, 3, 4])
        #expect(clock.waits.withLock { $0 } == [1, 1, 1])
        // Each poll asks from the newest time seen, minus the skew margin.
        let margins = script.froms.map { $0.timeIntervalSince(clock.start) }
        #expect(margins == [-120, -115, -115, -115])
    }

    @Test func sinceShowsOlderItems() async throws {
        let script = Script([.success([Self.item(0, -30), Self.item(1, -7200)])])
        #expect(try await take(1, script, since: 60, clock: Clock(), ctx: FakeContext()) == [0])
    }

    @Test func transientFailuresAreShownAndRetriedWithBackoff() async throws {
        let busy = CRMError("http.status", "GET /api/v2/people failed: 503 Service Unavailable.", exit: .api)
        let down = CRMError("http.network", "GET /api/v2/people failed: connection refused.", exit: .network)
        let script = Script([.failure(busy), .failure(down), .success([]), .success([Self.item(7, 1)])])
        let clock = Clock()
        let ctx = FakeContext()
        #expect(try await take(1, script, clock: clock, ctx: ctx) == [7])
        #expect(clock.waits.withLock { $0 } == [1, 2, 4])
        #expect(
            ctx.notices == [
                "tail test: GET /api/v2/people failed: 503 Service Unavailable. Retrying in 1 s.",
                "tail test: GET /api/v2/people failed: connection refused. Retrying in 2 s.",
            ])
    }

    @Test func otherFailuresEndTheStream() async throws {
        let denied = CRMError("auth.rejected", "GET /api/v2/people failed: 401 Unauthorized.", exit: .auth)
        let script = Script([.failure(denied)])
        await #expect(throws: CRMError.self) { _ = try await take(1, script, clock: Clock(), ctx: FakeContext()) }
    }

    @Test func backoffDoublesToThirtySecondsAndResetsOnNews() {
        var b = TailBackoff()
        var seen: [Double] = []
        for _ in 0..<8 {
            b.idle()
            seen.append(b.interval)
        }
        #expect(seen == [1, 2, 4, 8, 16, 30, 30, 30])
        b.reset()
        #expect(b.interval == 1)
    }

    @Test func durations() throws {
        #expect(try TailDuration.seconds("30s") == 30)
        #expect(try TailDuration.seconds("10m") == 600)
        #expect(try TailDuration.seconds("1h") == 3600)
        #expect(try TailDuration.seconds("2d") == 172_800)
        #expect(try TailDuration.seconds("1w") == 604_800)  // the language's units (DurationText)
        #expect(try TailDuration.seconds("250ms") == 0.25)
        for bad in ["", "m", "10", "-1h", "1x", "1.5.2h"] {
            #expect(throws: CRMError.self) { try TailDuration.seconds(bad) }
        }
    }
}
