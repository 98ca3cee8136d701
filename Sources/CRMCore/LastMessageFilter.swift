/// The v2 `/people` last-message date filter, which the page marks required
/// (`filter[last_message] { from, to }`): the widest range crm sends when the user gives no dates.
/// One owner for the commands that list people and for the contract example of `/people`.
public enum LastMessageFilter {
    /// The earliest `from`.
    public static let earliest = "1970-01-01"
    /// The latest `to`.
    public static let latest = "9999-12-31"

    /// The filter as query pairs, each end the widest when not given.
    public static func query(from: String? = nil, to: String? = nil) -> [(String, String)] {
        [("filter[last_message][from]", from ?? earliest), ("filter[last_message][to]", to ?? latest)]
    }
}
