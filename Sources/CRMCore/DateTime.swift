/// Datetimes of the language: `Value.datetime(ms)` holds milliseconds since 1970-01-01T00:00:00Z,
/// always UTC. Calendar arithmetic is done by hand (proleptic Gregorian, days from civil), so
/// printing and `format date` cost no Foundation formatter.
public enum DateTime {
    /// Milliseconds in a day.
    public static let day = 86_400_000

    /// The parts of an instant in UTC.
    public struct Parts: Sendable, Equatable {
        public var year, month, day, hour, minute, second, millisecond: Int
        /// Day of the week, 0 = Sunday.
        public var weekday: Int
    }

    /// The UTC calendar parts of `ms`.
    public static func parts(_ ms: Int) -> Parts {
        var days = ms / day
        var rest = ms % day
        if rest < 0 {
            days -= 1
            rest += day
        }
        let (y, m, d) = civil(fromDays: days)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        return Parts(
            year: y, month: m, day: d, hour: rest / 3_600_000, minute: rest / 60_000 % 60, second: rest / 1000 % 60,
            millisecond: rest % 1000, weekday: weekday)
    }

    /// Milliseconds since the epoch of a UTC calendar date and time (no range checks).
    public static func millis(year: Int, month: Int, day d: Int, hour: Int = 0, minute: Int = 0, second: Int = 0)
        -> Int
    {
        daysFromCivil(year, month, d) * day + hour * 3_600_000 + minute * 60_000 + second * 1000
    }

    /// ISO-8601 in UTC: `2024-03-22T15:30:00Z`, with `.sss` when there are milliseconds.
    public static func iso(_ ms: Int) -> String {
        let p = parts(ms)
        var s = "\(pad(p.year, 4))-\(pad(p.month, 2))-\(pad(p.day, 2))T\(pad(p.hour, 2)):\(pad(p.minute, 2)):"
        s += pad(p.second, 2)
        if p.millisecond != 0 { s += "." + pad(p.millisecond, 3) }
        return s + "Z"
    }

    /// The date part only: `2024-03-22`.
    public static func isoDate(_ ms: Int) -> String {
        let p = parts(ms)
        return "\(pad(p.year, 4))-\(pad(p.month, 2))-\(pad(p.day, 2))"
    }

    /// The instant an ISO-8601 text (or `YYYY-MM-DD`) names, or nil (see `ISODate.parse`).
    public static func parse(_ text: String) -> Int? {
        guard let date = ISODate.parse(text) else { return nil }
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e13 else { return nil }
        return Int((seconds * 1000).rounded())
    }

    public static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(abs(n))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Howard Hinnant's days_from_civil.
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01 (Howard
    /// Hinnant's civil_from_days).
    public static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Durations of the language: `Value.duration(ms)`, written `250ms 45s 30m 12h 7d 2w`.
public enum DurationText {
    /// The units, largest first, with their length in milliseconds.
    public static let units: [(String, Int)] = [
        ("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// The milliseconds of a literal like `30d` or `250ms` (digits then one unit), or nil.
    public static func parse(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12, let n = Int(digits) else { return nil }
        let unit = String(text.dropFirst(digits.count))
        guard let scale = units.first(where: { $0.0 == unit })?.1 else { return nil }
        let (ms, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : ms
    }

    /// `30d`, `1h 30m`, `-2s`, `0s`: the largest units first, zero parts left out.
    public static func format(_ ms: Int) -> String {
        if ms == 0 { return "0s" }
        if ms == Int.min { return "\(ms)ms" }
        var rest = abs(ms)
        var parts: [String] = []
        for (name, scale) in units where rest >= scale {
            parts.append("\(rest / scale)\(name)")
            rest %= scale
        }
        return (ms < 0 ? "-" : "") + parts.joined(separator: " ")
    }
}
