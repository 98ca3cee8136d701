import CRMCore
import CRMSandbox
import Foundation
import Testing

@testable import CRMShell

/// Issue 21 §5: the sandbox breaks each premise of the read-back, and each fault class, alone and
/// with the bulk fault mix and noise; a send run and an order-create run then make no duplicate and
/// report nothing sent that was not delivered. The truth is the sandbox's own record (`sends.byChannel`,
/// the order list), never crm's report. (`scripts/bench/premises.sh` runs the same at 2,000 sends and
/// 600 creates.)
@Suite("read-back premises broken", .serialized)
struct ReadBackPremisesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let configure: @Sendable (inout SandboxOptions) -> Void
        /// crm's per-request deadline, for the case that answers after it.
        var timeout: Double? = nil
    }

    static let sendCases: [Case] = [
        Case(testDescription: "listed 1.5 s late") { $0.historyLagMs = 1500 },
        Case(testDescription: "oldest first") { $0.historyOrder = .oldestFirst },
        Case(testDescription: "sends stored as YOUR_MESSAGE") { $0.sendType = "YOUR_MESSAGE" },
        Case(testDescription: "text stored HTML-escaped") { $0.storedText = .html },
        Case(testDescription: "server clock 60 s behind") { $0.clockSkewSeconds = -60 },
        Case(testDescription: "applied, then 502/503/504 or late", configure: {
            $0.faultAfterWrite = 0.2
            $0.faultAfterWriteDelayMs = 5000
        }, timeout: 3),
    ]

    /// The bulk mix (ambiguous 5xx and resets, sometimes applied first) and 30 % noise.
    static func mix(_ o: inout SandboxOptions) {
        o.fault5xx = 0.1
        o.faultReset = 0.02
        o.noise = 0.3
    }

    @Test(arguments: sendCases, [false, true])
    func aSendRunMakesNoDuplicate(_ c: Case, withMix: Bool) async throws {
        let n = 300
        let h = try await ShellHarness.start {
            $0.people = n
            $0.vipFraction = 1.0
            c.configure(&$0)
            if withMix { Self.mix(&$0) } else { $0.fault5xx = 0.1 }
        }
        defer { Task { await h.stop() } }
        var settings = Settings()
        settings.concurrency = 16
        if let t = c.timeout { settings.timeout = t }
        let r = try await h.run(
            "for p in people --tag vip | send-template \(ReadBackNoiseTests.template)", settings: settings)
        let id = try #require(r.runID, "stderr: \(r.err)")
        let states = try ReadBackNoiseTests().finalStates(h, id)
        let stats = try await h.stats()
        let delivered = stats[field: "sends"]?[field: "byChannel"]?.recordValue ?? Record()
        #expect(states.count == n)
        #expect(stats[field: "sends"]?[field: "duplicates"]?.intValue == 0, "\(c): stderr \(r.err)")
        let undelivered = states.filter { $0.value == "done" && (delivered[$0.key]?.intValue ?? 0) != 1 }
        #expect(undelivered.isEmpty, "\(c): reported sent, not delivered: \(undelivered.keys.sorted())")
        let unknown = states.values.count { $0 == "unknown" }
        print("premise '\(c)'\(withMix ? " + mix" : ""): \(n) targets, \(delivered.count) delivered, "
            + "\(states.values.count { $0 == "done" }) reported sent, \(unknown) unknown, 0 duplicates")
    }

    static let orderCases: [Case] = [
        Case(testDescription: "orders without updatedAt") { $0.ordersWithoutUpdatedAt = true },
        Case(testDescription: "applied, then 502/503/504") { $0.faultAfterWrite = 0.2; $0.faultAfterWriteDelayMs = 5000 },
        Case(testDescription: "server clock 60 s behind") { $0.clockSkewSeconds = -60 },
    ]

    @Test(arguments: orderCases)
    func anOrderRunMakesNoDuplicate(_ c: Case) async throws {
        let n = 150
        let h = try await ShellHarness.start {
            $0.people = n
            $0.fault5xx = 0.15
            $0.faultReset = 0.05
            c.configure(&$0)
        }
        defer { Task { await h.stop() } }
        let orders = OrderCreateRunTests()
        let before = try await orders.ordersByPerson(h)
        var settings = Settings()
        settings.concurrency = 16
        settings.timeout = 3  // under the late answers' 5 s, far over a busy machine's reads
        let r = try await h.run("for p in people | \(OrderCreateRunTests.create) --person $p.id", settings: settings)
        _ = try #require(r.runID, "stderr: \(r.err)")
        let after = try await orders.ordersByPerson(h)
        let duplicated = after.filter { $0.value - before[$0.key, default: 0] > 1 }
        #expect(duplicated.isEmpty, "\(c): \(duplicated.count) buyers got two orders; stderr \(r.err)")
    }
}
