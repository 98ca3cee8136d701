import CRMCore

/// One page as the pager sees it.
struct Page: Sendable {
    /// The page's items.
    var items: [Value]
    /// Leeloo `meta.totalCount`, when present.
    var totalCount: Int?
}

/// The pagination style of one pass, wrapping the pure state machines.
enum PagingMachine: Sendable {
    case leeloo(LeelooPageStateMachine)
    case chattonic(ChattonicPageStateMachine)

    mutating func next() -> PageAction {
        switch self {
        case .leeloo(var m):
            let a = m.next()
            self = .leeloo(m)
            return a
        case .chattonic(var m):
            let a = m.next()
            self = .chattonic(m)
            return a
        }
    }

    mutating func received(_ page: Page) {
        switch self {
        case .leeloo(var m):
            m.received(count: page.items.count, totalCount: page.totalCount)
            self = .leeloo(m)
        case .chattonic(var m):
            m.received(count: page.items.count)
            self = .chattonic(m)
        }
    }

    var expectedCount: Int? {
        if case .leeloo(let m) = self { return m.expectedCount }
        return nil
    }
}

/// The state behind one `RecordCursor` of a paginated list: it fetches lazily, starts fetching
/// the next page (in a child task) once half of the current one has been consumed, and so holds
/// at most the current page and one prefetched page. `close()` cancels the prefetch.
///
/// Prefetching from the half-way point rather than on arrival keeps `first 5` of a 100-item page
/// at exactly one request, while a consumer that walks the whole page still overlaps the next
/// fetch with its work. Owned by the one task that pulls the cursor.
final class PrefetchingPager {
    private var machine: PagingMachine
    private let fetch: @Sendable (Int, Int) async throws -> Page
    private var items: [Value] = []
    private var index = 0
    private var pending: Task<Page, any Error>?
    private var isFinished = false

    init(machine: PagingMachine, fetch: @escaping @Sendable (Int, Int) async throws -> Page) {
        self.machine = machine
        self.fetch = fetch
    }

    /// The number of items the pass will yield, once the first page has said so.
    var expectedCount: Int? { machine.expectedCount }

    /// The next item, fetching a page when the current one is used up; nil at the end.
    func next() async throws -> Value? {
        while index >= items.count {
            if isFinished { return nil }
            if pending == nil { startFetch() }
            guard let task = pending else {
                isFinished = true
                items = []
                return nil
            }
            pending = nil
            do {
                let page = try await withTaskCancellationHandler {
                    try await task.value
                } onCancel: {
                    task.cancel()
                }
                machine.received(page)
                items = page.items
                index = 0
            } catch {
                isFinished = true
                items = []
                if error is CancellationError { throw CRMError.interrupted }
                throw error
            }
        }
        let value = items[index]
        index += 1
        if pending == nil, !isFinished, index * 2 >= items.count { startFetch() }
        return value
    }

    /// Cancels the prefetch in flight and ends the pass. Safe to call more than once.
    func close() {
        pending?.cancel()
        pending = nil
        isFinished = true
        items = []
    }

    private func startFetch() {
        guard case .fetch(let offset, let limit) = machine.next() else { return }
        let fetch = self.fetch
        pending = Task { try await fetch(offset, limit) }
    }

    deinit { pending?.cancel() }
}
