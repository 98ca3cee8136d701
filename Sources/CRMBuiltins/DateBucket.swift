import CRMCore
import Foundation

/// The periods `chart hist` counts dates in, in UTC: a day (`2024-03-01`), a week starting on
/// Monday (labelled by that Monday's date) or a month (`2024-03`).
enum DateBucket: String, CaseIterable, Sendable {
    case day, week, month

    /// The most periods one picture draws.
    static let maxPeriods = 1000

    /// The count of `dates` per period from the first period to the last, zeros included; more
    /// than `maxPeriods` periods is an error that suggests a longer period.
    func counts(_ dates: [Date], at loc: SourceLocation?) throws -> [(label: String, count: Int)] {
        let keys = dates.map { key(Self.days($0)) }
        guard let first = keys.min(), let last = keys.max() else { return [] }
        guard (last - first) / (self == .week ? 7 : 1) < Self.maxPeriods else {
            throw CRMError.runtime(
                "bad-value", "The dates span more than \(Self.maxPeriods) \(rawValue)s; try a longer --by period.",
                at: loc)
        }
        var counts: [Int: Int] = [:]
        for k in keys { counts[k, default: 0] += 1 }
        var out: [(label: String, count: Int)] = []
        var k = first
        while k <= last {
            out.append((label(k), counts[k] ?? 0))
            k = next(k)
        }
        return out
    }

    /// Days since 1970-01-01 (UTC) of an instant.
    static func days(_ d: Date) -> Int { Int((d.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// The period key: the first day of the period, or for months `year * 12 + month - 1`.
    func key(_ day: Int) -> Int {
        switch self {
        case .day: return day
        case .week: return day - ((day + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday
        case .month:
            let (y, m, _) = Self.civil(day)
            return y * 12 + m - 1
        }
    }

    func next(_ key: Int) -> Int { self == .week ? key + 7 : key + 1 }

    func label(_ key: Int) -> String {
        switch self {
        case .day, .week:
            let (y, m, d) = Self.civil(key)
            return "\(y)-\(Self.two(m))-\(Self.two(d))"
        case .month:
            return "\(key / 12)-\(Self.two(key % 12 + 1))"
        }
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// The (year, month, day) of a day count: the calendar of datetimes (`DateTime`).
    static func civil(_ days: Int) -> (Int, Int, Int) { DateTime.civil(fromDays: days) }
}
