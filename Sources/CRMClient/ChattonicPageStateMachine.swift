/// Chat-Tonic skip/limit paging as a pure state machine. The API gives no total, so a page
/// shorter than the size asked for is the last one; an empty page ends it too.
///
/// Pages past the next one can only be asked for speculatively (`nextAhead()`): the pager
/// cancels those beyond the first short page.
public struct ChattonicPageStateMachine: Sendable, Equatable {
    /// The largest `limit` the API accepts.
    public static let maxPageSize = 100
    /// The next `skip`.
    public private(set) var skip = 0
    /// The page size requested.
    public let pageSize: Int
    /// The item cap, if any.
    public let limit: Int?
    /// The skip after the last page requested (ahead of `skip` while speculative pages are out).
    public private(set) var issued = 0
    private var isFinished = false
    private var lastRequested = 0

    /// A machine starting at skip 0 with `pageSize` clamped to 1...100.
    public init(pageSize: Int, limit: Int? = nil) {
        self.pageSize = min(max(pageSize, 1), Self.maxPageSize)
        self.limit = limit.map { max($0, 0) }
    }

    /// The next action.
    public mutating func next() -> PageAction {
        if isFinished { return .done }
        guard let size = size(at: skip) else {
            isFinished = true
            return .done
        }
        lastRequested = size
        issued = skip + size
        return .fetch(offset: skip, limit: size)
    }

    /// The page after the last one requested, asked for before the pages in between have
    /// arrived; never past `limit`.
    public mutating func nextAhead() -> PageAction {
        guard !isFinished else { return .done }
        let start = max(issued, skip)
        guard let size = size(at: start) else { return .done }
        lastRequested = size
        issued = start + size
        return .fetch(offset: start, limit: size)
    }

    /// Forgets the pages requested ahead: the next request starts at `skip` again.
    public mutating func resync() {
        issued = skip
    }

    /// Reports a page of `count` items; `asked` is the size that page was requested with (the
    /// last one requested when omitted).
    public mutating func received(count: Int, asked: Int? = nil) {
        skip += count
        if count == 0 || count < (asked ?? lastRequested) { isFinished = true }
    }

    /// The size of a page starting at `start`, or nil when `limit` is reached.
    private func size(at start: Int) -> Int? {
        guard let limit else { return pageSize }
        let left = limit - start
        return left > 0 ? min(pageSize, left) : nil
    }
}
