/// A lazy, pull-based sequence of values: what list commands return for paginated endpoints.
///
/// A stream is a recipe: each `makeCursor()` starts a fresh pass (a new first page request for an
/// API list). Nothing is fetched until the first `next()`. Filters wrap cursors, so `first 5` stops
/// pulling after five items and no further page is requested. Assigning a stream to a variable
/// collects it into a list (see `PipelineData.collect()`).
public struct RecordStream: Sendable {
    private let open: @Sendable () -> RecordCursor
    /// A short label for traces and `describe` (e.g. `GET /api/v2/people`).
    public let label: String
    /// The stream never ends by itself (a `tail`): whoever would read it whole first (the prod
    /// write guard's count, `--dry-run`) must refuse instead of waiting forever. Filters keep the
    /// mark; `first N` clears it (`bounded()`).
    public private(set) var endless = false
    /// The fields every item has, when a step says so (`select name email`): an export of a
    /// stream with no items still writes its CSV header from them, rather than a 0-byte file.
    /// Filters that pass items through unchanged keep them (`keepsColumns`); any other step drops
    /// them.
    public private(set) var columns: [String]?

    /// A stream whose passes are made by `open`.
    public init(label: String = "stream", open: @escaping @Sendable () -> RecordCursor) {
        self.label = label
        self.open = open
    }

    /// This stream marked endless.
    public func markedEndless() -> RecordStream {
        var s = self
        s.endless = true
        return s
    }

    /// This stream with the endless mark cleared, for a filter that ends it (`first N`).
    public func bounded() -> RecordStream {
        var s = self
        s.endless = false
        return s
    }

    /// A stream over values already in memory.
    public static func of(_ values: [Value], label: String = "list") -> RecordStream {
        RecordStream(label: label) {
            var i = 0
            return RecordCursor {
                guard i < values.count else { return nil }
                defer { i += 1 }
                return values[i]
            }
        }
    }

    /// This stream with `columns` as the fields of its items.
    public func withColumns(_ columns: [String]) -> RecordStream {
        var s = self
        s.columns = columns
        return s
    }

    /// Starts a pass over the stream.
    public func makeCursor() -> RecordCursor { open() }

    /// A stream that applies `transform` to each cursor this one opens; `keepsColumns` when the
    /// transform only drops or passes items (the items keep their fields).
    public func wrapping(
        label: String? = nil, keepsColumns: Bool = false,
        _ transform: @escaping @Sendable (RecordCursor) -> RecordCursor
    ) -> RecordStream {
        let open = self.open
        var s = RecordStream(label: label ?? self.label) { transform(open()) }
        s.endless = endless
        if keepsColumns { s.columns = columns }
        return s
    }
}

/// One pass over a `RecordStream`. Not thread-safe: a cursor belongs to the task that pulls it.
public final class RecordCursor {
    private let pull: () async throws -> Value?
    private let onClose: (() -> Void)?
    /// The total number of items the source expects to yield, when the API says so
    /// (Leeloo `meta.totalCount`); filled in after the first page. Used for progress and `--dry-run`.
    public var expectedCount: () -> Int?
    /// Tells the source that this pass will be read to the end (a bulk run's planner), so it keeps
    /// at least N pages in flight from the start: the floor of the adaptive read-ahead window that
    /// every paginated pass has. Sources without pages, and filters that may stop early, ignore it.
    public var readAhead: (Int) -> Void

    /// A cursor that yields `pull()` until it returns nil.
    public init(
        expectedCount: @escaping () -> Int? = { nil }, readAhead: @escaping (Int) -> Void = { _ in },
        onClose: (() -> Void)? = nil, _ pull: @escaping () async throws -> Value?
    ) {
        self.pull = pull
        self.onClose = onClose
        self.expectedCount = expectedCount
        self.readAhead = readAhead
    }

    /// The next value, or nil at the end. Throws the source's error (HTTP, cancellation).
    public func next() async throws -> Value? {
        try Task.checkCancellation()
        return try await pull()
    }

    /// Stops the pass early: cancels any prefetch in flight. Safe to call more than once.
    public func close() { onClose?() }

    deinit { onClose?() }
}
