import CRMCore
import Foundation
import Testing

@testable import CRMBulk

/// Issue 12 §2: an order create is not idempotent, but its buyer's orders tell whether it
/// happened: after an ambiguous failure it is read back — found: done; absent: sent again;
/// undecidable: unknown, never resent. The read-back is journaled for `crm resume`.
@Suite("create read-back")
struct CreateReadBackTests {
    static let ids = (1...6).map { "p\($0)" }

    /// A buyer detail whose `included.orders` holds orders updated at each of `updated`.
    static func buyer(_ id: String, updated: [Date]) -> Value {
        let orders: [Value] = updated.map { date in
            ["id": "o", "updatedAt": .string(DateTime.iso(Int(date.timeIntervalSince1970 * 1000)))]
        }
        return ["data": ["id": .string(id)], "included": ["orders": .list(orders)], "status": 1]
    }

    /// Every create of p1…p6 fails ambiguously the first time; k7 and k8 succeed, so the run has
    /// known deliveries to check the read-back's premises on (their buyers list the new order).
    /// Read back, p1/p4 hold one new order (it was applied), p2/p5 none (it was not), p3/p6 two
    /// (someone else's may be one of them).
    static func api() -> FakeAPI {
        FakeAPI { request, n in
            let id = String(request.path.split(separator: "/").last ?? "")
            guard request.method == "GET" else {
                if n == 0, id.hasPrefix("p") { throw ambiguous }
                return .null
            }
            if id.hasPrefix("k") { return buyer(id, updated: [Date()]) }
            let old = Date(timeIntervalSinceNow: -3600)
            switch (Int(id.dropFirst()) ?? 0) % 3 {
            case 1: return buyer(id, updated: [old, Date()])
            case 2: return buyer(id, updated: [old])
            default: return buyer(id, updated: [Date(), Date()])
            }
        }
    }

    static func create(_ id: String) -> BulkJob {
        BulkJob(
            key: "POST /orders|\(id)", label: id, target: ["id": .string(id)],
            request: APIRequest(.leeloo, "POST", "/orders/\(id)"), readBack: nil,
            undo: .irreversible("no delete"), createReadBack: CreateReadBack(.order, ownerID: id))
    }

    @Test func anAmbiguousCreateIsReadBackAndSentAgainOnlyWhenAbsent() async throws {
        let api = Self.api()
        let host = try FakeHost(api: api)
        await #expect(throws: CRMError.self) {  // the undecidable ones end the run as a partial failure
            _ = try await host.run((["k7", "k8"] + Self.ids).map { .string($0) }) {
                [Self.create($0.stringValue ?? "")]
            }
        }
        for id in Self.ids {
            let n = Int(id.dropFirst()) ?? 0
            #expect(api.count("/orders/\(id)") == (n % 3 == 2 ? 2 : 1), "\(id)")
            // An absence read before the run's listing lag had passed is read once more after it.
            let reads = api.count("/api/v2/people/\(id)")
            #expect(n % 3 == 2 ? (1...2).contains(reads) : reads == 1, "\(id)")
        }
        // The premises were checked on a known delivery, once for the run.
        #expect(api.count("/api/v2/people/k7") + api.count("/api/v2/people/k8") == 1)
        let rec = try RunRecord.load(try #require(host.journals.first))
        for job in rec.jobs where job.label.hasPrefix("p") {
            let n = Int(job.label.dropFirst()) ?? 0
            #expect(rec.state(of: job.key) == (n % 3 == 0 ? .unknown : .done), "\(job.label)")
            // Journaled, so `crm resume` reads back too.
            #expect(job.createReadBack == CreateReadBack(.order, ownerID: job.label))
        }
        let summary = "6 sent, 0 failed, 0 skipped, 2 retried (2 confirmed by read-back), 2 unknown"
        #expect(host.notices.contains { $0.contains(summary) }, "\(host.notices)")
    }

    @Test func theRuleReadsOnlyDocumentedFields() {
        let since = Date()
        let rb = CreateReadBack(.v1Order, ownerID: "a 1")
        #expect(rb.request.path == "/api/v1/accounts/a%201")
        #expect(rb.request.query.first?.1 == "orders")
        #expect(rb.decide(in: Self.buyer("a", updated: []), since: since) == .absent)
        #expect(rb.decide(in: Self.buyer("a", updated: [since]), since: since) == .delivered)
        let noDate: Value = ["data": ["id": "a"], "included": ["orders": [["price": 1]]]]
        guard case .undecidable = rb.decide(in: noDate, since: since) else {
            Issue.record("an order without updatedAt decided")
            return
        }
        let noIncluded: Value = ["data": ["id": "a", "links": ["orders": []]]]
        #expect(rb.decide(in: noIncluded, since: since) == .absent)
        guard case .undecidable = rb.decide(in: ["status": 0], since: since) else {
            Issue.record("an error body decided")
            return
        }
    }
}
