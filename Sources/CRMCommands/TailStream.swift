import CRMBuiltins
import CRMCore
import Foundation

/// What one `tail` polls: a request that returns candidate items, and how to key and time them.
struct TailSource: Sendable {
    typealias Poll = @Sendable (_ from: Date) async throws -> [Value]

    /// Makes the poll of one pass: it fetches the candidates changed since `from` (a lower
    /// bound the server may ignore) and may keep state between the polls of its pass.
    let makePoll: @Sendable () -> Poll
    /// An item's identity; an item whose key was emitted before is never emitted again.
    let key: @Sendable (Value) -> String?
    /// An item's time (when it was created or last active).
    let time: @Sendable (Value) -> Date?
}

/// The engine of every `tail`: a lazy, endless stream that polls a `TailSource`.
///
/// - The first poll runs when the first item is pulled. Items are emitted oldest first, each key
///   once for the life of the stream (a set of the keys seen), so overlapping pages and a server
///   clock that differs from ours cannot repeat an item.
/// - Only items stamped at or after the start (this computer's clock, minus `--since`) are
///   emitted. Each poll asks the server for items since the newest time seen (or the start),
///   minus `skewMargin`, so an item stamped a little late by a skewed clock is still found.
/// - Between polls it waits `TailBackoff.interval`: 1 s after news, doubling to 30 s while
///   nothing is new. A transient failure (network, 5xx, 429 after the client's own retries) is
///   shown on stderr and retried after the next interval; other failures end the stream with
///   their error. Cancellation (Ctrl-C, `first N` closing the cursor) ends it at once.
enum TailStream {
    /// Seconds subtracted from the lower bound each poll asks for.
    static let skewMargin = 120.0

    /// The stream for `source`, starting `since` seconds before now.
    static func make(_ source: TailSource, label: String, since: Double, context: ContextBox) -> RecordStream {
        RecordStream(label: label) {
            let clock = TailClock.current
            let poll = source.makePoll()
            let threshold = clock.now().addingTimeInterval(-since)
            var newest = threshold
            var seen = Set<String>()
            var buffer: [Value] = []
            var backoff = TailBackoff()
            var polled = false
            var closed = false
            return RecordCursor(onClose: { closed = true }) {
                while buffer.isEmpty {
                    if closed { return nil }
                    if polled { try await clock.wait(seconds: backoff.interval) }
                    polled = true
                    let items: [Value]
                    do {
                        items = try await poll(newest.addingTimeInterval(-TailStream.skewMargin))
                    } catch let error as CRMError where TailStream.isTransient(error) {
                        backoff.idle()
                        context.context.notice(
                            "\(label): \(error.message) Retrying in \(Int(backoff.interval)) s.")
                        continue
                    }
                    var fresh: [(Date, Value)] = []
                    for item in items {
                        guard let key = source.key(item), !seen.contains(key) else { continue }
                        let t = source.time(item) ?? threshold
                        guard t >= threshold else { continue }
                        seen.insert(key)
                        fresh.append((t, item))
                    }
                    fresh.sort { $0.0 < $1.0 }
                    if let last = fresh.last?.0, last > newest { newest = last }
                    buffer = fresh.map(\.1)
                    if buffer.isEmpty { backoff.idle() } else { backoff.reset() }
                }
                return buffer.removeFirst()
            }
        }
    }

    /// Network failures, 5xx answers and 429s the client gave up on: worth another poll.
    static func isTransient(_ e: CRMError) -> Bool {
        e.exitStatus == .network || e.exitStatus == .rateLimited
            || (e.code == "http.status" && e.message.range(of: #"failed: 5\d\d"#, options: .regularExpression) != nil)
    }

    /// An ISO-8601 field of an item as a date.
    static func date(_ item: Value, _ field: String) -> Date? {
        item[field: field]?.stringValue.flatMap(ISODate.parse)
    }

    /// `date` as the ISO-8601 text the APIs take.
    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}

/// Keys one pass of a tail has seen, kept between its polls. Only the pass's cursor uses it, one
/// poll after another on the task that pulls the stream.
final class TailMemory: @unchecked Sendable {  // SAFE: used by one cursor's sequential polls only.
    private var keys = Set<String>()

    /// Records `key`; whether it is new.
    func insert(_ key: String) -> Bool { keys.insert(key).inserted }
}
