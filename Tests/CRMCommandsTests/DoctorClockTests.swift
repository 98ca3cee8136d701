import CRMCore
import Testing

@testable import CRMCommands

/// doctor's clock check: a skew over two seconds either way fails with exit 8; no reading is
/// "unknown" and does not fail.
@Suite struct DoctorClockTests {
    func clockRows(_ clock: ServerClock?) async -> (rows: [Value], failure: CRMError?) {
        let api = FakeAPI()
        api.clock = clock
        let who: Value = ["leeloo_token": "set", "chattonic_token": "not set", "app_token": "not set"]
        var report = DoctorReport(who: who, api: api)
        await report.run()
        return (report.rows.filter { $0[field: "check"]?.stringValue == "clock" }, report.failure)
    }

    @Test func skewOverTwoSecondsFails() async {
        let (rows, failure) = await clockRows(ServerClock(server: 1_000_005.5, sent: 1_000_000, received: 1_000_000))
        #expect(rows.first?[field: "result"]?.stringValue == "skewed")
        #expect(rows.first?[field: "detail"]?.stringValue?.hasPrefix("server +5.5 s") == true)
        #expect(failure?.exitStatus == .api)
        let behind = await clockRows(ServerClock(server: 1_000_000, sent: 1_000_005, received: 1_000_005))
        #expect(behind.rows.first?[field: "detail"]?.stringValue?.hasPrefix("server -3.0 s") == true)
    }

    @Test func smallSkewPassesAndNoDateIsUnknown() async {
        // A header of whole seconds, stamped from a clock cached for a second: no skew shown.
        let stale = await clockRows(ServerClock(server: 999_998, sent: 999_999.5, received: 1_000_000.1))
        #expect(stale.rows.first?[field: "detail"]?.stringValue == "skew +0.0 s")
        let ok = await clockRows(ServerClock(server: 1_000_001, sent: 999_999.9, received: 1_000_000))
        #expect(ok.rows.first?[field: "result"]?.stringValue == "ok")
        #expect(ok.rows.first?[field: "detail"]?.stringValue == "skew +1.0 s")
        let none = await clockRows(nil)
        #expect(none.rows.map { $0[field: "result"]?.stringValue } == ["unknown", "unknown"])
    }
}
