import CRMCore

/// One page as the pager sees it.
struct Page: Sendable {
    /// The page's items.
    var items: [Value]
    /// Leeloo `meta.totalCount`, when present.
    var totalCount: Int?
    /// The hash of `items`, computed as the page arrives (off the consumer's path) so that a
    /// page repeating an earlier one can be recognised.
    var fingerprint: Int?
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

    /// Reports `page`, which was requested with size `asked`.
    mutating func received(_ page: Page, asked: Int) {
        switch self {
        case .leeloo(var m):
            m.received(count: page.items.count, totalCount: page.totalCount)
            self = .leeloo(m)
        case .chattonic(var m):
            m.received(count: page.items.count, asked: asked)
            self = .chattonic(m)
        }
    }

    var expectedCount: Int? {
        if case .leeloo(let m) = self { return m.expectedCount }
        return nil
    }

    /// The page after the last one requested: Leeloo pages by offset once the total is known,
    /// Chat-Tonic pages speculatively (the pager cancels those past the first short page).
    mutating func nextAhead() -> PageAction {
        switch self {
        case .leeloo(var m):
            let a = m.nextAhead()
            self = .leeloo(m)
            return a
        case .chattonic(var m):
            let a = m.nextAhead()
            self = .chattonic(m)
            return a
        }
    }

    /// Forgets the pages requested ahead (a page came back with another size than asked).
    mutating func resync() {
        switch self {
        case .leeloo(var m):
            m.resync()
            self = .leeloo(m)
        case .chattonic(var m):
            m.resync()
            self = .chattonic(m)
        }
    }
}
