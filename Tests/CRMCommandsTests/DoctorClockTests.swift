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
        let (rows, failure) = await clockRows(ServerClock(server: 1_000_005.5, local: 1_000_000))
        #expect(rows.first?[field: "result"]?.stringValue == "skewed")
        #expect(rows.first?[field: "detail"]?.stringValue?.hasPrefix("server +5.5 s") == true)
        #expect(failure?.exitStatus == .api)
        let behind = await clockRows(ServerClock(server: 1_000_000, local: 1_000_003))
        #expect(behind.rows.first?[field: "detail"]?.stringValue?.hasPrefix("server -3.0 s") == true)
    }

    @Test func smallSkewPassesAndNoDateIsUnknown() async {
        let ok = await clockRows(ServerClock(server: 1_000_000.4, local: 1_000_000))
        #expect(ok.rows.first?[field: "result"]?.stringValue == "ok")
        #expect(ok.rows.first?[field: "detail"]?.stringValue == "skew +0.4 s")
        let none = await clockRows(nil)
        #expect(none.rows.map { $0[field: "result"]?.stringValue } == ["unknown", "unknown"])
    }
}
