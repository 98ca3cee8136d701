/// A parser for IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the `Retry-After` date form.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since 1970 for an IMF-fixdate, or nil. Every field is range-checked before any
    /// arithmetic (year 1…9999, day 1…31, hour 0…23, minute 0…59, second 0…60), so no value a
    /// server sends can overflow.
    static func parse(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, let day = number(parts[1], 1...31),
            let month = months.firstIndex(of: parts[2].lowercased()), let year = number(parts[3], 1...9999)
        else { return nil }
        let fields = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, let h = number(fields[0], 0...23), let m = number(fields[1], 0...59),
            let sec = number(fields[2], 0...60)
        else { return nil }
        let hms = [h, m, sec]
        return Double(daysFromCivil(year: year, month: month + 1, day: day)) * 86400
            + Double(hms[0] * 3600 + hms[1] * 60 + hms[2])
    }

    /// The decimal number `s` (at most 4 digits) when it lies in `range`.
    private static func number(_ s: Substring, _ range: ClosedRange<Int>) -> Int? {
        guard !s.isEmpty, s.count <= 4, s.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(s),
            range.contains(n)
        else { return nil }
        return n
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
