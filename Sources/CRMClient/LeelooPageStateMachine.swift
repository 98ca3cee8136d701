/// Leeloo offset/limit paging as a pure state machine: ask `next()`, fetch, report the page with
/// `received(count:totalCount:)`, repeat until `.done`.
///
/// Stops when `offset` reaches `meta.totalCount`, on an empty page, or when `limit` items have
/// been taken. Pages are at most 100 items (the largest size anyone has seen the API accept).
public struct LeelooPageStateMachine: Sendable, Equatable {
    /// The largest page requested.
    public static let maxPageSize = 100
    /// The next offset.
    public private(set) var offset = 0
    /// The page size requested.
    public let pageSize: Int
    /// The item cap, if any.
    public let limit: Int?
    /// `meta.totalCount` once a page has said it.
    public private(set) var totalCount: Int?
    /// The offset after the last page requested (ahead of `offset` while prefetched pages are out).
    public private(set) var issued = 0
    private var isFinished = false

    /// A machine starting at offset 0 with `pageSize` clamped to 1...100.
    public init(pageSize: Int, limit: Int? = nil) {
        self.pageSize = min(max(pageSize, 1), Self.maxPageSize)
        self.limit = limit.map { max($0, 0) }
    }

    /// The next action.
    public mutating func next() -> PageAction {
        if isFinished { return .done }
        if let totalCount, offset >= totalCount {
            isFinished = true
            return .done
        }
        var size = pageSize
        if let limit {
            let left = limit - offset
            if left <= 0 {
                isFinished = true
                return .done
            }
            size = min(size, left)
        }
        issued = offset + size
        return .fetch(offset: offset, limit: size)
    }

    /// The page after the last one requested, for reading several pages ahead: only once
    /// `meta.totalCount` is known, and never past it (so reading ahead cannot overshoot the end).
    public mutating func nextAhead() -> PageAction {
        guard !isFinished, let totalCount else { return .done }
        let start = max(issued, offset)
        if start >= totalCount { return .done }
        var size = pageSize
        if let limit {
            let left = limit - start
            if left <= 0 { return .done }
            size = min(size, left)
        }
        issued = start + size
        return .fetch(offset: start, limit: size)
    }

    /// Forgets the pages requested ahead (a page came back with another size than asked, so the
    /// offsets requested after it are off): the next request starts at `offset` again.
    public mutating func resync() {
        issued = offset
    }

    /// Reports a page of `count` items and its `meta.totalCount`, if present.
    public mutating func received(count: Int, totalCount: Int?) {
        if let totalCount { self.totalCount = totalCount }
        if count == 0 {
            isFinished = true
            return
        }
        offset += count
    }

    /// The number of items the whole pass should yield, when known.
    public var expectedCount: Int? {
        guard let totalCount else { return nil }
        return limit.map { min($0, totalCount) } ?? totalCount
    }
}
