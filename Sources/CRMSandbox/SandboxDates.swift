import Foundation

/// The date forms the Leeloo imitation reads, wherever it takes a date (order `transactionDate`,
/// order update `paymentDate`, calls `date`, the `/people` and `/communication-channels`
/// `filter[last_message]` bounds). One list, because the pages and the clients disagree:
///
/// - ISO-8601 with a time (`2020-02-04T11:46:48.803Z`, an offset, or no zone = UTC): the v2 pages'
///   `transactionDate` and calls `date` examples;
/// - `YYYY-MM-DD HH:mm` (`2018-06-27 07:32`): the v2 page's `paymentDate`;
/// - `YYYY-MM-DD HH:mm:ss` (`2024-10-03 11:02:00`): PHP's `Y-m-d H:i:s`, which the PHP clients send
///   (reference §0 "Dates and times" [code]);
/// - `DD.MM.YYYY HH:mm[:ss]` (`03.10.2024 11:02`): the RU page's own `paymentDate` example;
/// - and, in filters only, a bare day (`2015-04-02`, the RU example URL, or `02.04.2015`).
///
/// Every date is UTC ("Give every date in a request in UTC", reference §0).
enum SandboxDates {
    private static let ymd = try? NSRegularExpression(
        pattern:
            #"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"#
    )
    private static let dmy = try? NSRegularExpression(
        pattern: #"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"#)

    /// A date read from text: the instant, and whether the text named a whole day (no time).
    struct Reading: Equatable {
        let ms: Int64
        let isDay: Bool
    }

    /// A request body's date: any form above that has a time; nil otherwise.
    static func parseBodyDate(_ text: String) -> Int64? {
        guard let r = read(text), !r.isDay else { return nil }
        return r.ms
    }

    /// A filter bound: any form above, a bare day included; nil when unreadable.
    static func read(_ text: String) -> Reading? {
        let s = text.trimmingCharacters(in: .whitespaces)
        let range = NSRange(s.startIndex..., in: s)
        func group(_ m: NSTextCheckingResult, _ i: Int) -> String? {
            guard let r = Range(m.range(at: i), in: s) else { return nil }
            return String(s[r])
        }
        var y = 0
        var mo = 0
        var d = 0
        var time: [String?] = []
        var fraction: String?
        var zone: String?
        if let m = ymd?.firstMatch(in: s, range: range) {
            (y, mo, d) = (Int(group(m, 1) ?? "") ?? 0, Int(group(m, 2) ?? "") ?? 0, Int(group(m, 3) ?? "") ?? 0)
            time = [group(m, 4), group(m, 5), group(m, 6)]
            fraction = group(m, 7)
            zone = group(m, 8)
        } else if let m = dmy?.firstMatch(in: s, range: range) {
            (d, mo, y) = (Int(group(m, 1) ?? "") ?? 0, Int(group(m, 2) ?? "") ?? 0, Int(group(m, 3) ?? "") ?? 0)
            time = [group(m, 4), group(m, 5), group(m, 6)]
        } else {
            return nil
        }
        let isDay = time[0] == nil
        let h = Int(time[0] ?? "0") ?? 0
        let mi = Int(time[1] ?? "0") ?? 0
        let sec = Int(time[2] ?? "0") ?? 0
        guard (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d), (0...23).contains(h),
            (0...59).contains(mi), (0...60).contains(sec), zone == nil || !isDay,
            var ms = SandboxClock.parse("\(y)-\(mo)-\(d) \(h):\(mi):\(sec)")
        else { return nil }
        if let fraction { ms += Int64(String((fraction + "00").prefix(3))) ?? 0 }
        if let zone, zone != "Z", zone != "z" {
            let digits = zone.dropFirst().filter(\.isNumber)
            let hours = Int(digits.prefix(2)) ?? 0
            let minutes = Int(digits.dropFirst(2).prefix(2)) ?? 0
            let offset = Int64(hours * 60 + minutes) * 60_000
            ms += zone.hasPrefix("+") ? -offset : offset
        }
        return Reading(ms: ms, isDay: isDay)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
