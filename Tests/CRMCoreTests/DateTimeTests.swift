import CRMCore
import Testing

/// The hand-written calendar of `DateTime` against ISO-8601 parsing (Foundation's calendar).
@Suite struct DateTimeTests {
    @Test func isoRoundTripsOverFourHundredYears() {
        var ms = DateTime.millis(year: 1800, month: 1, day: 1)
        let end = DateTime.millis(year: 2200, month: 1, day: 1)
        while ms < end {
            let text = DateTime.iso(ms)
            #expect(DateTime.parse(text) == ms, "\(text)")
            ms += 86_400_000 * 13 + 3_723_004  // 13 days, 1h 2m 3.004s: walks every weekday and month
        }
    }

    @Test func partsAndWeekdays() {
        #expect(DateTime.iso(0) == "1970-01-01T00:00:00Z")
        #expect(DateTime.parts(0).weekday == 4)  // a Thursday
        #expect(DateTime.iso(-1) == "1969-12-31T23:59:59.999Z")
        #expect(DateTime.isoDate(DateTime.millis(year: 2024, month: 2, day: 29)) == "2024-02-29")
        #expect(DateTime.parts(DateTime.millis(year: 2024, month: 3, day: 22)).weekday == 5)  // a Friday
    }

    @Test func extremesDoNotTrap() {
        for ms in [Int.min, Int.min + 1, Int.max, Int.max - 1] {
            #expect(!DateTime.iso(ms).isEmpty)
            #expect(!DurationText.format(ms).isEmpty)
        }
    }

    @Test func durations() {
        #expect(DurationText.parse("30d") == 30 * 86_400_000)
        #expect(DurationText.parse("250ms") == 250)
        #expect(DurationText.parse("2w") == 14 * 86_400_000)
        #expect(DurationText.parse("5x") == nil)
        #expect(DurationText.parse("d") == nil)
        #expect(DurationText.parse("99999999999999w") == nil)
        #expect(DurationText.format(5_400_000) == "1h 30m")
        #expect(DurationText.format(0) == "0s")
        #expect(DurationText.format(-1500) == "-1s 500ms")
    }
}
