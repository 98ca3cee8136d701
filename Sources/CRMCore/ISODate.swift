import Foundation

/// Lenient parsing of the dates both APIs use: `YYYY-MM-DD`, and ISO-8601 date-times with or
/// without seconds, fractions and a zone (`2020-02-04T16:36:02.213Z`, `2015-04-02T14:20Z`,
/// `2024-03-22T15:30:17+02:00`). Written by hand because the doc samples drop parts that
/// `ISO8601DateFormatter` insists on; a missing zone means UTC, as both APIs state.
public enum ISODate {
    /// The instant `text` names, or nil when it is not one of the accepted forms.
    public static func parse(_ text: String) -> Date? {
        let s = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= s.count else { return nil }
            var n = 0
            for k in i..<(i + width) {
                guard s[k] >= 48, s[k] <= 57 else { return nil }
                n = n * 10 + Int(s[k] - 48)
            }
            i += width
            return n
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        if i < s.count {
            guard expect(84) || expect(116) || expect(32), let h = number(2), expect(58), let m = number(2),
                h < 24, m < 60
            else { return nil }
            hour = h
            minute = m
            if expect(58) {
                guard let sec = number(2), sec < 61 else { return nil }
                second = sec
                if expect(46) || expect(44) {
                    var scale = 0.1
                    let start = i
                    while i < s.count, s[i] >= 48, s[i] <= 57 {
                        fraction += Double(s[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > start else { return nil }
                }
            }
            if expect(90) || expect(122) {
                // UTC
            } else if i < s.count, s[i] == 43 || s[i] == 45 {
                let sign = s[i] == 45 ? -1 : 1
                i += 1
                guard let oh = number(2) else { return nil }
                _ = expect(58)
                let om = number(2) ?? 0
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
            guard i == s.count else { return nil }
        }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day
        else { return nil }
        return date.addingTimeInterval(fraction - Double(offsetSeconds))
    }

    /// Whether `text` is a `YYYY-MM-DD` date or an ISO-8601 date-time.
    public static func isValid(_ text: String) -> Bool { parse(text) != nil }
}
