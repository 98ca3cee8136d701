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

    /// The next page beyond those already requested (Leeloo offsets only; Chat-Tonic pages one
    /// at a time).
    mutating func nextAhead() -> PageAction {
        guard case .leeloo(var m) = self else { return .done }
        let a = m.nextAhead()
        self = .leeloo(m)
        return a
    }

    mutating func resync() {
        if case .leeloo(var m) = self {
            m.resync()
            self = .leeloo(m)
        }
    }
}

/// The state behind one `RecordCursor` of a paginated list: it fetches lazily, starts fetching
/// the next page (in a child task) once half of the current one has been consumed, and so holds
/// at most the current page and one prefetched page. `close()` cancels the prefetch.
///
/// Prefetching from the half-way point rather than on arrival keeps `first 5` of a 100-item page
/// at exactly one request, while a consumer that walks the whole page still overlaps the next
/// fetch with its work. A consumer that will read everything (a bulk run's planner) can ask for
/// `readAhead(pages:)`: once the total is known, up to that many Leeloo pages are then in flight
/// at once, so one slow page (a `Retry-After`, a retried 5xx) does not stall the whole listing.
/// Owned by the one task that pulls the cursor.
final class PrefetchingPager {
    private var machine: PagingMachine
    private let fetch: @Sendable (Int, Int) async throws -> Page
    private var items: [Value] = []
    private var index = 0
    /// Requested pages in offset order, with the size each asked for.
    private var pending: [(task: Task<Page, any Error>, size: Int)] = []
    private var isFinished = false
    private var depth = 1
    /// `GET /api/v2/people`, for errors.
    private let label: String
    /// Hashes of the pages received so far: a server that answers the same page again would
    /// otherwise be paged forever.
    private var seenPages: Set<Int> = []
    private var received = 0

    /// The most items one pass reads (10 million): past it the pass stops with `http.bad-page`
    /// rather than page on for ever. Documented in the README's reliability section.
    static let maxItems = 10_000_000

    init(machine: PagingMachine, label: String = "", fetch: @escaping @Sendable (Int, Int) async throws -> Page) {
        self.machine = machine
        self.label = label
        self.fetch = fetch
    }

    /// The number of items the pass will yield, once the first page has said so.
    var expectedCount: Int? { machine.expectedCount }

    /// Keeps up to `pages` pages in flight (1 is the default, half-page prefetch).
    func readAhead(pages: Int) {
        depth = min(max(pages, 1), 16)
    }

    /// The next item, fetching a page when the current one is used up; nil at the end.
    func next() async throws -> Value? {
        while index >= items.count {
            if isFinished { return nil }
            if pending.isEmpty { startFetch() }
            guard !pending.isEmpty else {
                isFinished = true
                items = []
                return nil
            }
            let (task, size) = pending.removeFirst()
            do {
                let page = try await withTaskCancellationHandler {
                    try await task.value
                } onCancel: {
                    task.cancel()
                }
                try check(page)
                machine.received(page)
                if page.items.count != size, !pending.isEmpty {
                    // The pages asked for after this one start at the wrong offset.
                    for p in pending { p.task.cancel() }
                    pending = []
                    machine.resync()
                }
                items = page.items
                index = 0
            } catch {
                isFinished = true
                items = []
                for p in pending { p.task.cancel() }
                pending = []
                if error is CancellationError { throw CRMError.interrupted }
                throw error
            }
        }
        let value = items[index]
        index += 1
        if !isFinished {
            if depth > 1 {
                while pending.count < depth, startAhead() {}
            } else if pending.isEmpty, index * 2 >= items.count {
                startFetch()
            }
        }
        return value
    }

    /// Ends the pass with an error when `page` repeats an earlier page or passes `maxItems`.
    private func check(_ page: Page) throws(CRMError) {
        guard !page.items.isEmpty else { return }
        received += page.items.count
        guard seenPages.insert(page.items.hashValue).inserted else {
            throw CRMError(
                "http.bad-page",
                "\(label) returned a page that repeats an earlier page's items (after \(received - page.items.count) items); the listing was stopped.",
                help: "the server ignores the paging parameters; nothing after this point was read", exit: .network)
        }
        guard received <= Self.maxItems else {
            throw CRMError(
                "http.bad-page", "\(label) returned more than \(Self.maxItems) items; the listing was stopped.",
                help: "narrow the listing with a filter", exit: .network)
        }
    }

    /// Cancels the prefetches in flight and ends the pass. Safe to call more than once.
    func close() {
        for p in pending { p.task.cancel() }
        pending = []
        isFinished = true
        items = []
    }

    private func startFetch() {
        guard case .fetch(let offset, let limit) = machine.next() else { return }
        start(offset, limit)
    }

    private func startAhead() -> Bool {
        guard case .fetch(let offset, let limit) = machine.nextAhead() else { return false }
        start(offset, limit)
        return true
    }

    private func start(_ offset: Int, _ limit: Int) {
        let fetch = self.fetch
        pending.append((Task { try await fetch(offset, limit) }, limit))
    }

    deinit { for p in pending { p.task.cancel() } }
}
