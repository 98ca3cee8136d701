import CRMCore

/// One page as the pager sees it.
struct Page: Sendable {
    /// The page's items.
    var items: [Value]
    /// Leeloo `meta.totalCount`, when present.
    var totalCount: Int?
    /// The identity of `items` (see `fingerprint(of:)`), computed as the page arrives (off the
    /// consumer's path) so that a page repeating an earlier one can be recognised.
    var fingerprint: Int?

    /// A hash of the items by identity: each record's `id` (or `_id`) when it has one, else the
    /// whole item. Hashing ids only is a fraction of the cost of hashing every field, and a page
    /// with the same ids in the same order is the same page served again.
    static func fingerprint(of items: [Value]) -> Int {
        var h = Hasher()
        h.combine(items.count)
        for item in items {
            if case .record(let r) = item, let id = r["id"] ?? r["_id"] {
                h.combine(id)
            } else {
                h.combine(item)
            }
        }
        return h.finalize()
    }
}

/// The pagination style of one pass, wrapping the pure state machines.
enum PagingMachine: Sendable {
    case leeloo(LeelooPageStateMachine)
    case chattonic(ChattonicPageStateMachine)

    /// The next page to fetch (see the machines' `next()`).
    mutating func next() -> PageAction {
        update({ $0.next() }, { $0.next() })
    }

    /// Reports `page`, which was requested with size `asked`.
    mutating func received(_ page: Page, asked: Int) {
        update(
            { $0.received(count: page.items.count, totalCount: page.totalCount) },
            { $0.received(count: page.items.count, asked: asked) })
    }

    /// The number of items the pass will yield, when known (Leeloo's total).
    var expectedCount: Int? {
        if case .leeloo(let m) = self { return m.expectedCount }
        return nil
    }

    /// The page after the last one requested: Leeloo pages by offset once the total is known,
    /// Chat-Tonic pages speculatively (the pager cancels those past the first short page).
    mutating func nextAhead() -> PageAction {
        update({ $0.nextAhead() }, { $0.nextAhead() })
    }

    /// Forgets the pages requested ahead (a page came back with another size than asked).
    mutating func resync() {
        update({ $0.resync() }, { $0.resync() })
    }

    /// Applies `leeloo` or `chattonic` to the machine in place.
    private mutating func update<T>(
        _ leeloo: (inout LeelooPageStateMachine) -> T, _ chattonic: (inout ChattonicPageStateMachine) -> T
    ) -> T {
        switch self {
        case .leeloo(var m):
            let result = leeloo(&m)
            self = .leeloo(m)
            return result
        case .chattonic(var m):
            let result = chattonic(&m)
            self = .chattonic(m)
            return result
        }
    }
}
