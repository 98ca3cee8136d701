import CRMCore
import Synchronization

/// The state behind one `RecordCursor` of a paginated list: it fetches lazily and keeps an
/// adaptive window of pages in flight (`ReadAheadWindow`), handing pages to the consumer in order.
///
/// A pass starts with one page, and the next is requested once half of the current one has been
/// read, so `first 5` of a 100-item page is exactly one request and `first 150` two. While the
/// consumer keeps reaching the end of a page before the next has arrived, the window doubles (up
/// to `ReadAheadWindow.cap` pages); when every page in flight is already waiting for it, the
/// window halves. Leeloo pages go ahead by offset once `meta.totalCount` is known (never past
/// it); Chat-Tonic pages, which have no total, speculatively, and those past the first short page
/// are cancelled. Every page goes through `fetch`, and so through the profile's rate scheduler. A consumer that will
/// read everything (a bulk run's listing) calls `readAhead(pages:)` to start the window wider.
/// `close()` cancels whatever is in flight. Owned by the one task that pulls the cursor.
final class PrefetchingPager {
    /// One page requested: its task, the size asked for, and whether it has arrived.
    private struct Request {
        let task: Task<Page, any Error>
        let offset: Int
        let size: Int
        let arrival: Arrival
    }

    /// Set once a page's fetch has ended (with a page or an error).
    private final class Arrival: Sendable {
        private let done = Atomic(false)
        var hasArrived: Bool { done.load(ordering: .acquiring) }
        func mark() { done.store(true, ordering: .releasing) }
    }

    private var machine: PagingMachine
    private let fetch: @Sendable (Int, Int) async throws -> Page
    private var items: [Value] = []
    private var index = 0
    /// Requested pages in offset order.
    private var pending: [Request] = []
    private var isFinished = false
    /// The pages allowed in flight.
    private(set) var window = ReadAheadWindow()
    /// `GET /api/v2/people`, for errors.
    private let label: String
    /// Hashes of the pages received so far: a server that answers the same page again would
    /// otherwise be paged forever.
    private var seenPages: Set<Int> = []
    private var received = 0
    /// The ids of the records handed out so far: a record a later page repeats (the list shifted
    /// while it was read, or the server's pages overlap) is handed out once.
    private var seenIDs: Set<Value> = []
    /// Records dropped as repeats, said once when the pass ends.
    private var repeated = 0
    /// Pages received.
    private var pages = 0
    /// Whether pages are requested ahead (off once a page came back another size than asked).
    private var readsAhead = true
    /// Where a pass's notes go (a repeat dropped): the service's stderr notice.
    private let notice: @Sendable (String) -> Void

    /// After this many pages, a pass whose pages hold fewer than `minItemsPerPage` items on
    /// average is stopped (`http.bad-page`): a server serving one item a page with a huge
    /// `totalCount` would otherwise cost a request per item, millions of them.
    static let pagesBeforeYieldCheck = 50
    static let minItemsPerPage = 5

    /// The most items one pass reads (10 million): past it the pass stops with `http.bad-page`
    /// rather than page on for ever. Documented in the README's reliability section.
    static let maxItems = 10_000_000

    init(
        machine: PagingMachine, label: String = "", notice: @escaping @Sendable (String) -> Void = { _ in },
        fetch: @escaping @Sendable (Int, Int) async throws -> Page
    ) {
        self.machine = machine
        self.label = label
        self.notice = notice
        self.fetch = fetch
    }

    /// The number of items the pass will yield, once the first page has said so.
    var expectedCount: Int? { machine.expectedCount }

    /// The consumer will read the whole pass: keep at least `pages` pages in flight (at most 8).
    func readAhead(pages: Int) {
        window.require(pages)
    }

    /// The next item, fetching a page when the current one is used up; nil at the end.
    func next() async throws -> Value? {
        while index >= items.count {
            if isFinished {
                noteRepeats()
                return nil
            }
            if pending.isEmpty {
                startFetch()
            } else {
                window.pageNeeded(
                    nextArrived: pending[0].arrival.hasArrived, arrived: pending.count { $0.arrival.hasArrived },
                    inFlight: pending.count)
            }
            guard !pending.isEmpty else {
                isFinished = true
                items = []
                noteRepeats()
                return nil
            }
            let head = pending.removeFirst()
            do {
                let page = try await withTaskCancellationHandler {
                    try await head.task.value
                } onCancel: {
                    head.task.cancel()
                }
                try check(page, at: head.offset)
                machine.received(page, asked: head.size)
                if page.items.count != head.size {
                    // A server that does not serve the size asked for: the pages read ahead by
                    // offset would be wrong and cancelled again at every page, so the rest of the
                    // pass reads one page at a time.
                    readsAhead = false
                    if !pending.isEmpty {
                        // The pages asked for after this one start at the wrong offset, or (a short
                        // Chat-Tonic page) lie past the end.
                        cancelPending()
                        machine.resync()
                    }
                }
                items = dropRepeats(page.items)
                index = 0
            } catch {
                isFinished = true
                items = []
                cancelPending()
                if error is CancellationError { throw CRMError.interrupted }
                throw error
            }
        }
        let value = items[index]
        index += 1
        if !isFinished, window.startsAtOnce || index * 2 > items.count {
            if pending.isEmpty { startFetch() }
            while pending.count < window.size, startAhead() {}
        }
        return value
    }

    /// Ends the pass with an error when `page` (asked for at `offset`) repeats an earlier page,
    /// passes `maxItems`, is empty though its own `totalCount` says items remain, or the pages
    /// hold so few items that the pass would cost about a request per item.
    private func check(_ page: Page, at offset: Int) throws(CRMError) {
        pages += 1
        guard !page.items.isEmpty else {
            if let total = page.totalCount, total > offset {
                throw CRMError(
                    "http.bad-page",
                    "\(label) returned no items at offset \(offset) while its meta.totalCount says \(total); the listing was stopped after \(received) items.",
                    help: "the server's total and its pages disagree: nothing after this point was read", exit: .network)
            }
            return
        }
        received += page.items.count
        if pages >= Self.pagesBeforeYieldCheck, received < pages * Self.minItemsPerPage {
            throw CRMError(
                "http.bad-page",
                "\(label) returned \(received) items in \(pages) pages (fewer than \(Self.minItemsPerPage) a page); the listing was stopped.",
                help: "the server ignores the page size; narrow the listing with a filter", exit: .network)
        }
        guard seenPages.insert(page.fingerprint ?? Page.fingerprint(of: page.items)).inserted else {
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

    /// Says once, at the end of the pass, how many repeated records were dropped.
    private func noteRepeats() {
        guard repeated > 0 else { return }
        notice(
            "\(label): \(repeated) record\(repeated == 1 ? "" : "s") repeated on a later page (the list changed while it was read, or its pages overlap) \(repeated == 1 ? "was" : "were") listed once.")
        repeated = 0
    }

    /// `items` without the records already handed out in this pass (by `id` or `_id`).
    private func dropRepeats(_ items: [Value]) -> [Value] {
        var kept: [Value] = []
        kept.reserveCapacity(items.count)
        for item in items {
            if case .record(let r) = item, let id = r["id"] ?? r["_id"], !seenIDs.insert(id).inserted {
                repeated += 1
                continue
            }
            kept.append(item)
        }
        return kept
    }

    /// Cancels the pages in flight and ends the pass. Safe to call more than once.
    func close() {
        cancelPending()
        isFinished = true
        items = []
    }

    private func cancelPending() {
        for p in pending { p.task.cancel() }
        pending = []
    }

    private func startFetch() {
        guard case .fetch(let offset, let limit) = machine.next() else { return }
        start(offset, limit)
    }

    private func startAhead() -> Bool {
        guard readsAhead, case .fetch(let offset, let limit) = machine.nextAhead() else { return false }
        start(offset, limit)
        return true
    }

    private func start(_ offset: Int, _ limit: Int) {
        let fetch = self.fetch
        let arrival = Arrival()
        let task = Task {
            defer { arrival.mark() }
            var page = try await fetch(offset, limit)
            page.fingerprint = Page.fingerprint(of: page.items)
            return page
        }
        pending.append(Request(task: task, offset: offset, size: limit, arrival: arrival))
    }

    deinit { for p in pending { p.task.cancel() } }
}
