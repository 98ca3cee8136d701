import Foundation

/// Date helpers in milliseconds since 1970 UTC: ISO-8601 output with milliseconds and `Z` (as
/// the real APIs answer) and lenient parsing of `YYYY-MM-DD` or full ISO filter values.
enum SandboxClock {
    /// 2025-06-01T00:00:00Z, the "now" that seeded data is generated around.
    static let seedEpochMs: Int64 = 1_748_736_000_000

    /// The current wall-clock time in milliseconds.
    static func nowMs() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }

    /// `2020-02-04T16:36:02.213Z` for a millisecond timestamp.
    static func iso(_ ms: Int64) -> String {
        let totalSeconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - totalSeconds * 1000)
        var days = totalSeconds >= 0 ? totalSeconds / 86_400 : (totalSeconds - 86_399) / 86_400
        let secondOfDay = Int(totalSeconds - days * 86_400)
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        var year = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        if month <= 2 { year += 1 }
        // One fixed-size buffer instead of a dozen small strings: this runs twice per person
        // on every page, so it is on the hot path of `people | count`.
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, at offset: Int, width: Int) {
            var v = value
            for k in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[k] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(Int(year), at: 0, width: 4)
        put(Int(month), at: 5, width: 2)
        put(Int(day), at: 8, width: 2)
        put(secondOfDay / 3600, at: 11, width: 2)
        put(secondOfDay / 60 % 60, at: 14, width: 2)
        put(secondOfDay % 60, at: 17, width: 2)
        put(millis, at: 20, width: 3)
        bytes[4] = 45
        bytes[7] = 45
        bytes[10] = 84
        bytes[13] = 58
        bytes[16] = 58
        bytes[19] = 46
        bytes[23] = 90
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate, the HTTP `Date` form) for a millisecond timestamp.
    static func httpDate(_ ms: Int64) -> String {
        let text = iso(ms)
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        let month = months[(Int(text.dropFirst(5).prefix(2)) ?? 1) - 1]
        return "\(weekday), \(text.dropFirst(8).prefix(2)) \(month) \(text.prefix(4)) \(text.dropFirst(11).prefix(8)) GMT"
    }

    /// `2021-05-01` for a millisecond timestamp.
    static func day(_ ms: Int64) -> String {
        String(iso(ms).prefix(10))
    }

    /// Parses `YYYY-MM-DD` (start of that day) or an ISO date-time; nil when unreadable.
    static func parse(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard parts.count >= 3 else { return nil }
        let (y, m, d) = (parts[0], parts[1], parts[2])
        guard (1970...9999).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let hour = parts.count > 3 ? parts[3] : 0
        let minute = parts.count > 4 ? parts[4] : 0
        let second = parts.count > 5 ? parts[5] : 0
        let yy = m <= 2 ? y - 1 : y
        let era = yy / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = Int64(era * 146_097 + doe - 719_468)
        return (days * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1000
    }
}
