import CRMCore
import Foundation
import Testing

@testable import CRMShell

/// Issue 21 §4: `doctor` checks the premises exactly-once rests on, read-only by default and live
/// with `--probe CHANNEL_ID`; a premise that does not hold is a failed row that says which writes
/// lose exactly-once, and `doctor | where result != ok` lists only the failed rows.
@Suite struct DoctorPremiseTests {
    @Test func aBrokenHistoryAndOrdersAreFailedRowsAndOnlyThoseAreListed() async throws {
        let h = try await ShellHarness.start {
            $0.people = 60
            $0.historyOrder = .oldestFirst
            $0.ordersWithoutUpdatedAt = true
        }
        defer { Task { await h.stop() } }
        let r = try await h.run("doctor | where result != ok | each { $it.detail }")
        #expect(r.status == ExitStatus.api.rawValue, "\(r.err)")
        #expect(r.out.contains("listed oldest first"), "\(r.out)")
        #expect(r.out.contains("without a readable updatedAt"), "\(r.out)")
        #expect(r.out.contains("sends lose exactly-once"), "\(r.out)")
        let count = try await h.run("doctor | where result != ok | count")
        #expect(count.out == "4\n", "two histories and two order lists, nothing else: \(count.out)")
    }

    @Test func aProbeMeasuresASendAndNamesTheTypeItWasListedAs() async throws {
        let h = try await ShellHarness.start {
            $0.people = 20
            $0.sendType = "BOT_MESSAGE"
        }
        defer { Task { await h.stop() } }
        let r = try await h.run(
            "set p = (people | first); doctor --probe $p.accounts[0].account_id | where check == probe | each { \"${it.result}: ${it.detail}\" }")
        #expect(r.status == ExitStatus.api.rawValue, "\(r.err)")
        #expect(r.out.contains("failed: an API text send is listed as a YOUR_MESSAGE"), "\(r.out)")
        #expect(r.out.contains("it was listed as a BOT_MESSAGE"), "\(r.out)")
        #expect(r.out.contains("ok: listed within"), "the template send is a BOT_MESSAGE: \(r.out)")
    }

    @Test func aProbeReportsTheListingLag() async throws {
        let h = try await ShellHarness.start {
            $0.people = 20
            $0.historyLagMs = 800
        }
        defer { Task { await h.stop() } }
        var json = Settings()
        json.output = "json"
        let r = try await h.run(
            "set p = (people | first); doctor --probe $p.accounts[0].account_id | where check == probe", settings: json)
        #expect(r.status == 0, "\(r.err)")
        let rows = try Value.parseJSON(r.out).listValue ?? []
        #expect(rows.count == 2)
        for row in rows {
            let detail = row[field: "detail"]?.stringValue ?? ""
            let seconds = Double(detail.split(separator: " ").dropFirst(2).first ?? "") ?? 0
            #expect(seconds >= 0.8, "\(detail)")
        }
    }
}
