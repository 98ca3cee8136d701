import CRMCore
import Synchronization
import Testing

@testable import CRMClient

/// The pager with an injected fetch: no IO, counts pages and observes cancellation.
@Suite struct PrefetchingPagerTests {
    final class Probe: Sendable {
        let fetched = Mutex<[Int]>([])
        let cancelled = Mutex(false)
        let (events, continuation) = AsyncStream<String>.makeStream()
    }

    /// Pages of 10 out of 35 items; the page at offset `hangAt` never arrives until cancelled.
    static func pager(_ probe: Probe, hangAt: Int? = nil) -> PrefetchingPager {
        PrefetchingPager(machine: .leeloo(LeelooPageStateMachine(pageSize: 10))) { offset, limit in
            probe.fetched.withLock { $0.append(offset) }
            probe.continuation.yield("fetch \(offset)")
            if offset == hangAt {
                do {
                    try await Task.sleep(for: .seconds(3600))
                } catch {
                    probe.cancelled.withLock { $0 = true }
                    probe.continuation.yield("cancelled")
                    throw error
                }
            }
            let items = (offset..<min(offset + limit, 35)).map { Value.int($0) }
            return Page(items: items, totalCount: 35)
        }
    }

    @Test func yieldsEverythingInOrder() async throws {
        let probe = Probe()
        let p = Self.pager(probe)
        var got: [Int] = []
        while let v = try await p.next() { got.append(v.intValue ?? -1) }
        #expect(got == Array(0..<35))
        #expect(probe.fetched.withLock { $0 } == [0, 10, 20, 30])
        #expect(p.expectedCount == 35)
    }

    @Test func readAheadKeepsSeveralPagesInFlightAndYieldsInOrder() async throws {
        let probe = Probe()
        let p = Self.pager(probe, hangAt: 10)  // the second page stalls
        p.readAhead(pages: 3)
        #expect(try await p.next() == .int(0))
        // With the total known, the next three pages are requested at once, the stalled one included.
        var events = probe.events.makeAsyncIterator()
        var seen: Set<String> = []
        for _ in 0..<4 { if let e = await events.next() { seen.insert(e) } }
        #expect(seen == ["fetch 0", "fetch 10", "fetch 20", "fetch 30"])
        p.close()
        #expect(await events.next() == "cancelled")
    }

    @Test func readAheadYieldsEverythingOnceAndNeverPastTheTotal() async throws {
        let probe = Probe()
        let p = Self.pager(probe)
        p.readAhead(pages: 8)
        var got: [Int] = []
        while let v = try await p.next() { got.append(v.intValue ?? -1) }
        #expect(got == Array(0..<35))
        #expect(probe.fetched.withLock { $0 }.sorted() == [0, 10, 20, 30])
    }

    @Test func aPageOfAnotherSizeResyncsTheOffsetsReadAhead() async throws {
        // The server answers offset 10 with 12 items (more than asked, as a doc sample does).
        let fetched = Mutex<[Int]>([])
        let p = PrefetchingPager(machine: .leeloo(LeelooPageStateMachine(pageSize: 10))) { offset, limit in
            fetched.withLock { $0.append(offset) }
            let n = offset == 10 ? 12 : limit
            return Page(items: (offset..<min(offset + n, 40)).map { Value.int($0) }, totalCount: 40)
        }
        p.readAhead(pages: 4)
        var got: [Int] = []
        while let v = try await p.next() { got.append(v.intValue ?? -1) }
        #expect(got == Array(0..<40))  // nothing twice, nothing skipped
        #expect(fetched.withLock { $0 }.contains(22))  // paging went on from the true offset
    }

    @Test func firstFewItemsFetchOnePage() async throws {
        let probe = Probe()
        let p = Self.pager(probe)
        for _ in 0..<4 { _ = try await p.next() }
        p.close()
        #expect(probe.fetched.withLock { $0 } == [0])
    }

    @Test func prefetchStartsHalfWayAndCloseCancelsIt() async throws {
        let probe = Probe()
        let p = Self.pager(probe, hangAt: 10)
        for _ in 0..<5 { _ = try await p.next() }  // half of the first page: nothing yet
        #expect(probe.fetched.withLock { $0 } == [0])
        _ = try await p.next()  // past half: the prefetch of offset 10 starts
        var events = probe.events.makeAsyncIterator()
        #expect(await events.next() == "fetch 0")
        #expect(await events.next() == "fetch 10")
        p.close()
        #expect(await events.next() == "cancelled")
        #expect(probe.cancelled.withLock { $0 })
        #expect(try await p.next() == nil)
    }
}
