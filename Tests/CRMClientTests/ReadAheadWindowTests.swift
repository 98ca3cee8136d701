import CRMCore
import Synchronization
import Testing

@testable import CRMClient

/// The adaptive read-ahead: the pure window policy, and the pager's window over fetches that
/// are slower than the consumer (no IO; request counts and cancellations, never timings).
@Suite struct ReadAheadWindowTests {
    @Test func aWaitingConsumerDoublesTheWindowUpToTheCap() {
        var w = ReadAheadWindow()
        #expect(w.size == 1 && !w.startsAtOnce)
        var sizes: [Int] = []
        for _ in 0..<6 {
            w.pageNeeded(nextArrived: false, arrived: 0, inFlight: w.size)
            sizes.append(w.size)
        }
        #expect(ReadAheadWindow.cap == 16)
        #expect(sizes == [2, 4, 8, 16, 16, 16])
    }

    @Test func aSlowConsumerHalvesTheWindowDownToTheFloor() {
        var w = ReadAheadWindow()
        for _ in 0..<3 { w.pageNeeded(nextArrived: false, arrived: 0, inFlight: w.size) }
        // The next page is there but others are still coming: the pace is right, keep it.
        w.pageNeeded(nextArrived: true, arrived: 3, inFlight: 8)
        #expect(w.size == 8)
        var sizes: [Int] = []
        for _ in 0..<4 {
            w.pageNeeded(nextArrived: true, arrived: w.size, inFlight: w.size)
            sizes.append(w.size)
        }
        #expect(sizes == [4, 2, 1, 1])
        // One page in flight that has arrived says nothing about who is slower.
        w.pageNeeded(nextArrived: true, arrived: 1, inFlight: 1)
        #expect(w.size == 1)
    }

    @Test func aConsumerThatReadsEverythingRaisesTheFloor() {
        var w = ReadAheadWindow()
        w.require(4)
        #expect(w.size == 4 && w.floor == 4 && w.startsAtOnce)
        w.pageNeeded(nextArrived: true, arrived: 4, inFlight: 4)
        #expect(w.size == 4)
        w.pageNeeded(nextArrived: false, arrived: 0, inFlight: 4)
        #expect(w.size == 8)
        w.require(100)
        #expect(w.size == ReadAheadWindow.cap && w.floor == ReadAheadWindow.cap)
    }

    /// The pager moved to the reader task, which alone uses it until it ends.
    final class Moved: @unchecked Sendable {  // SAFE: used by one task at a time (see above).
        let pager: PrefetchingPager
        init(pager: PrefetchingPager) { self.pager = pager }
    }

    final class Flight: Sendable {
        let state = Mutex((inFlight: 0, most: 0, requested: 0, cancelled: 0))
    }

    /// 1000 items; every page takes `delay` to arrive, far longer than the consumer needs, and
    /// those from offset `hangFrom` on never arrive until cancelled.
    static func slowPager(_ flight: Flight, delay: Duration, hangFrom: Int, machine: PagingMachine) -> PrefetchingPager
    {
        PrefetchingPager(machine: machine) { offset, limit in
            flight.state.withLock { s in
                s.inFlight += 1
                s.requested += 1
                s.most = max(s.most, s.inFlight)
            }
            defer { flight.state.withLock { $0.inFlight -= 1 } }
            do {
                try await Task.sleep(for: offset >= hangFrom ? .seconds(3600) : delay)
            } catch {
                flight.state.withLock { $0.cancelled += 1 }
                throw error
            }
            let end = max(offset, min(offset + limit, 1000))
            return Page(items: (offset..<end).map { Value.int($0) }, totalCount: 1000)
        }
    }

    @Test func aFastConsumerWidensToTheCapInOrderAndCloseCancelsThemAll() async throws {
        let flight = Flight()
        let p = Self.slowPager(
            flight, delay: .milliseconds(150), hangFrom: 240, machine: .leeloo(LeelooPageStateMachine(pageSize: 10)))
        var got: [Int] = []
        for _ in 0..<240 { if let v = try await p.next() { got.append(v.intValue ?? -1) } }
        #expect(got == Array(0..<240))
        #expect(p.window.size == ReadAheadWindow.cap)
        let at = flight.state.withLock { $0 }
        #expect(at.most == ReadAheadWindow.cap)
        // 24 pages read, at most the window beyond them requested.
        #expect(at.requested <= 24 + ReadAheadWindow.cap)
        p.close()
        while flight.state.withLock({ $0.inFlight }) > 0 { await Task.yield() }
        let end = flight.state.withLock { $0 }
        #expect(end.cancelled == end.requested - 24)
    }

    @Test func cancellingTheReaderCancelsEveryPageInFlight() async throws {
        let flight = Flight()
        let p = Self.slowPager(
            flight, delay: .milliseconds(150), hangFrom: 120, machine: .leeloo(LeelooPageStateMachine(pageSize: 10)))
        let pager = Moved(pager: p)
        let reader = Task {
            var n = 0
            while try await pager.pager.next() != nil { n += 1 }
            return n
        }
        // Wait until the 12 pages that arrive have arrived: the reader then waits on the 13th.
        while flight.state.withLock({ $0.requested - $0.inFlight < 12 }) { await Task.yield() }
        reader.cancel()
        let e = await crmError { _ = try await reader.value }
        #expect(e?.code == CRMError.interrupted.code)
        while flight.state.withLock({ $0.inFlight }) > 0 { await Task.yield() }
        let end = flight.state.withLock { $0 }
        #expect(end.cancelled == end.requested - 12)
    }

    @Test func chattonicPagesPastTheFirstShortPageAreCancelled() async throws {
        let flight = Flight()
        // No total: 1000 items end with a short page only when the page size does not divide it.
        let p = Self.slowPager(
            flight, delay: .milliseconds(150), hangFrom: 1000,
            machine: .chattonic(ChattonicPageStateMachine(pageSize: 30)))
        var got: [Int] = []
        while let v = try await p.next() { got.append(v.intValue ?? -1) }
        #expect(got == Array(0..<1000))
        while flight.state.withLock({ $0.inFlight }) > 0 { await Task.yield() }
        let end = flight.state.withLock { $0 }
        let needed = 34  // 33 full pages and the short one
        #expect(end.requested <= needed + ReadAheadWindow.cap)
        #expect(end.requested - end.cancelled == needed)
    }
}
