/// How many pages a paginated pass keeps in flight, adapted to who is the slow side: the pure
/// policy behind `PrefetchingPager`, with no clock and no IO.
///
/// A pass starts at one page (fetched once half of the current one is read). Each time the
/// consumer reaches the end of a page and the next one has not arrived yet, the consumer is the
/// fast side and the window doubles, up to `cap`. Each time it finds every page in flight already
/// arrived (two or more of them), the network is waiting for the consumer and the window halves,
/// never below `floor`. A consumer that says it will read everything (a bulk run's listing,
/// through `RecordCursor.readAhead`) raises the floor: the same window, starting wider.
public struct ReadAheadWindow: Sendable, Equatable {
    /// The most pages ever requested ahead for one pass. The transport opens at most 8
    /// connections per host (as many as a browser); the pages past 8 wait in its queue and go out
    /// on the first connection that frees, so no connection waits on the consumer to ask for the
    /// next page (measured: with 8, a `people | count` at 2 ms per page was 1.25x the
    /// 8-connection curl floor; with 16, 1.0x).
    public static let cap = 16
    /// The pages currently allowed in flight.
    public private(set) var size = 1
    /// The smallest size the window shrinks to (1 unless the consumer asked for more).
    public private(set) var floor = 1

    /// A window of one page.
    public init() {}

    /// Whether pages may be requested before half of the current page is read: only for a
    /// consumer that said it will read everything (a `first 150` must not fetch a third page).
    public var startsAtOnce: Bool { floor > 1 }

    /// The consumer will read the whole pass: keep at least `pages` (clamped to 1...cap) in flight.
    public mutating func require(_ pages: Int) {
        floor = min(max(pages, 1), Self.cap)
        size = max(size, floor)
    }

    /// The consumer needs the next page, of `inFlight` pages requested: `nextArrived` says whether
    /// it is already there, `arrived` how many of them are.
    public mutating func pageNeeded(nextArrived: Bool, arrived: Int, inFlight: Int) {
        if !nextArrived {
            size = min(size * 2, Self.cap)
        } else if arrived >= inFlight, inFlight >= 2 {
            size = max(size / 2, floor)
        }
    }
}
