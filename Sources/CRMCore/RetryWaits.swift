import Synchronization

/// Process-wide counts of requests waiting before a retry, so a bulk run's progress line can show
/// waits that are not worth a notice each (a 429 that only delays its own request, a backoff
/// after a 5xx): "never silent" without a line per wait.
public enum RetryWaits {
    private static let activeCount = Atomic<Int>(0)
    private static let retryAfterCount = Atomic<Int>(0)

    /// Requests sleeping before their next attempt right now.
    public static var active: Int { activeCount.load(ordering: .relaxed) }

    /// Waits for a `Retry-After` begun since the process started.
    public static var retryAfterWaits: Int { retryAfterCount.load(ordering: .relaxed) }

    /// Sleeps `seconds` as a counted wait before a retry; cancellation ends it with
    /// `CRMError.interrupted`.
    public static func sleep(_ seconds: Double, forRetryAfter: Bool) async throws {
        activeCount.wrappingAdd(1, ordering: .relaxed)
        if forRetryAfter { retryAfterCount.wrappingAdd(1, ordering: .relaxed) }
        defer { activeCount.wrappingSubtract(1, ordering: .relaxed) }
        do {
            try await Task.sleep(for: .milliseconds(Int64((max(seconds, 0) * 1000).rounded(.up))))
        } catch {
            throw CRMError.interrupted
        }
    }
}
