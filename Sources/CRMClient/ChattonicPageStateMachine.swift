/// Chat-Tonic skip/limit paging as a pure state machine. The API gives no total, so a page
/// shorter than the size asked for is the last one; an empty page ends it too.
public struct ChattonicPageStateMachine: Sendable, Equatable {
    /// The largest `limit` the API accepts.
    public static let maxPageSize = 100
    /// The next `skip`.
    public private(set) var skip = 0
    /// The page size requested.
    public let pageSize: Int
    /// The item cap, if any.
    public let limit: Int?
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
        var size = pageSize
        if let limit {
            let left = limit - skip
            if left <= 0 {
                isFinished = true
                return .done
            }
            size = min(size, left)
        }
        lastRequested = size
        return .fetch(offset: skip, limit: size)
    }

    /// Reports a page of `count` items.
    public mutating func received(count: Int) {
        skip += count
        if count == 0 || count < lastRequested { isFinished = true }
    }
}
