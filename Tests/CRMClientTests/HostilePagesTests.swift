import CRMCore
import Synchronization
import Testing

@testable import CRMClient

/// Issue 27 §9 and issue 22 §10: a server's pages that cannot be right end in a located error or
/// in the right count, never in a wrong count with exit 0 or millions of requests.
@Suite struct HostilePagesTests {
    static func record(_ i: Int) -> Value { ["id": .string("p\(i)")] }

    /// Pages of 100 that each start 20 items before the last one ended: 250 people, 290 items served.
    @Test func overlappingPagesCountEachRecordOnce() async throws {
        let notes = Mutex<[String]>([])
        let p = PrefetchingPager(
            machine: .leeloo(LeelooPageStateMachine(pageSize: 100)), label: "GET /api/v2/people",
            notice: { n in notes.withLock { $0.append(n) } }
        ) { offset, limit in
            let start = max(0, offset - (offset / 100) * 20)
            return Page(items: (start..<min(start + limit, 250)).map(Self.record), totalCount: 250)
        }
        var ids: [Value] = []
        while let v = try await p.next() { ids.append(v) }
        #expect(ids.count == 250)
        #expect(Set(ids).count == 250)
        #expect(notes.withLock { $0 }.contains { $0.contains("repeated on a later page") })
    }

    @Test func anEmptyPageBeforeItsOwnTotalIsAnError() async {
        let p = PrefetchingPager(machine: .leeloo(LeelooPageStateMachine(pageSize: 100)), label: "GET /x") { _, _ in
            Page(items: [], totalCount: 5000)
        }
        let e = await #expect(throws: CRMError.self) { _ = try await p.next() }
        #expect(e?.code == "http.bad-page")
        #expect(e?.message.contains("totalCount says 5000") == true)
    }

    /// One item a page with a total of ten million: stopped after the yield check, not 10⁷ requests.
    @Test func oneItemPagesAreStoppedNotPagedForever() async {
        let fetched = Mutex(0)
        let p = PrefetchingPager(machine: .leeloo(LeelooPageStateMachine(pageSize: 100)), label: "GET /x") {
            offset, _ in
            fetched.withLock { $0 += 1 }
            return Page(items: [Self.record(offset)], totalCount: 10_000_000)
        }
        let e = await #expect(throws: CRMError.self) { while try await p.next() != nil {} }
        #expect(e?.message.contains("fewer than 5 a page") == true)
        #expect(fetched.withLock { $0 } <= PrefetchingPager.pagesBeforeYieldCheck + 20)
    }
}
