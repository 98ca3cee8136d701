import CRMCore
import Foundation

/// How a `tail` waits between polls. The real one sleeps; tests inject one that records the
/// waits and returns at once (`TailClock.$current`), so no test waits on the wall clock.
public protocol TailWaiting: Sendable {
    /// Waits `seconds` (throws `CancellationError` when the task is cancelled: Ctrl-C).
    func wait(seconds: Double) async throws
    /// The current time.
    func now() -> Date
}

/// The wall clock.
public struct WallTailClock: TailWaiting {
    public init() {}
    public func wait(seconds: Double) async throws { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
    public func now() -> Date { Date() }
}

/// The clock `tail` commands use: the wall clock unless a test binds another.
public enum TailClock {
    /// The clock of the current task.
    @TaskLocal public static var current: any TailWaiting = WallTailClock()
}

/// Tail's backoff: 1 s after news and after the first empty poll, then doubling with every further
/// empty (or failed) poll up to 30 s: 1, 2, 4, 8, 16, 30, 30 … seconds.
struct TailBackoff: Sendable, Equatable {
    /// The first and the longest wait, in seconds.
    static let first = 1.0
    static let longest = 30.0

    /// Empty or failed polls since the last news.
    private(set) var idlePolls = 0

    /// The wait before the next poll.
    var interval: Double {
        idlePolls <= 1 ? Self.first : min(Self.longest, Self.first * Double(1 << min(idlePolls - 1, 16)))
    }

    /// A poll brought nothing new (or failed): wait longer next time.
    mutating func idle() { idlePolls += 1 }
    /// A poll brought news: poll again soon.
    mutating func reset() { idlePolls = 0 }
}

/// `--since` values: a number and a unit (`30s`, `10m`, `1h`, `2d`).
///
/// Parsed here because the shared duration type of the language is not merged yet; the lead
/// folds this onto it at merge.
enum TailDuration {
    /// The seconds `text` names, or a usage error.
    static func seconds(_ text: String, flag: String = "since") throws -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last, let scale = units[unit], let n = Double(text.dropLast()), n >= 0, n.isFinite
        else {
            throw CRMError.usage(
                "bad-value", "Expected a duration like 30s, 10m, 1h or 2d for --\(flag), got '\(text)'.")
        }
        return n * scale
    }
}
