/// What a pagination state machine asks for next.
public enum PageAction: Sendable, Equatable {
    /// Fetch the page starting at `offset` (Leeloo `offset`, Chat-Tonic `skip`) of size `limit`.
    case fetch(offset: Int, limit: Int)
    /// No more pages.
    case done
}
