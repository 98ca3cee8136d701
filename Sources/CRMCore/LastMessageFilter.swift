/// The v2 `/people` last-message date filter (`filter[last_message] { from, to }`). The page marks
/// it required, but a public client recorded the live API answering `/people` without it (reference
/// §2.6.1 [code]), and a range leaves out people who never had a message; so crm sends it only when
/// the user asks for a range. One owner for the commands that list people (`people`, `tail`).
public enum LastMessageFilter {
    /// The earliest `from`: the open end of a range given only its `to`.
    public static let earliest = "1970-01-01"
    /// The latest `to`: the open end of a range given only its `from`.
    public static let latest = "9999-12-31"

    /// The filter as query pairs: none when neither end is given; otherwise both, the missing end
    /// the widest (the sandbox, like the page, wants both halves of a range).
    public static func query(from: String? = nil, to: String? = nil) -> [(String, String)] {
        guard from != nil || to != nil else { return [] }
        return [("filter[last_message][from]", from ?? earliest), ("filter[last_message][to]", to ?? latest)]
    }
}
