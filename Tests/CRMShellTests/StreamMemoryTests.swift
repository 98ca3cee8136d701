import CRMClient
import CRMCore
import Foundation
import Testing

/// Issue 4: `people | first 5` fetches one page, and a 10-page stream holds at most the current page
/// plus the read-ahead window (issue 14: at most `ReadAheadWindow.cap` pages) while it is consumed
/// (never the whole list).
@Suite("stream paging against the sandbox", .serialized)
struct StreamMemoryTests {
    func pagesFetched(_ h: ShellHarness) async throws -> Int {
        try await h.stats()[field: "requests"]?[field: "byRoute"]?[field: "GET /api/v2/people"]?.intValue ?? 0
    }

    @Test func firstFiveIsOnePage() async throws {
        let h = try await ShellHarness.start { $0.people = 1000 }
        defer { Task { await h.stop() } }
        let r = try await h.run("people | first 5 | count")
        #expect(r.out == "5\n")
        #expect(try await pagesFetched(h) == 1)
    }

    @Test func tenPageStreamStaysWithinTheReadAheadWindow() async throws {
        let h = try await ShellHarness.start { $0.people = 1000 }
        defer { Task { await h.stop() } }
        let session = try Session(configURL: nil, environment: h.environment)
        let service = session.service(options: ClientOptions(), notice: { _ in })
        let api = try #require(service)
        let stream = api.stream(
            APIRequest(.leeloo, "GET", "/api/v2/people", query: everyDate), paging: .leelooOffset(pageSize: 100),
            limit: nil)
        let cursor = stream.makeCursor()
        defer { cursor.close() }
        var consumed = 0
        var worstLead = 0
        while (try await cursor.next()) != nil {
            consumed += 1
            if consumed % 25 == 0 {
                let fetched = try await pagesFetched(h)
                let pagesInUse = (consumed + 99) / 100
                worstLead = max(worstLead, fetched - pagesInUse)
            }
        }
        #expect(consumed == 1000)
        #expect(try await pagesFetched(h) == 10)
        #expect(worstLead <= ReadAheadWindow.cap, "fetched more than the window ahead of the consumer")
    }
}
