import CRMCore

/// Flags and parameters many API commands share, declared once.
enum CommonFlags {
    /// `--limit N`: cap the number of items a list yields.
    static let limit = FlagSpec(
        "limit", short: "n", .int, "Stop after N items (all pages are fetched lazily otherwise)")

    /// `--include a,b` for Leeloo people and accounts.
    static let includePeople = FlagSpec(
        "include", .string, "Side-load related records: contactedUsers,orders",
        completion: .words(["contactedUsers", "orders", "contactedUsers,orders"]))

    /// A Leeloo v2 path.
    static func v2(_ path: String) -> String { "/api/v2" + path }
    /// A Leeloo v1 path.
    static func v1(_ path: String) -> String { "/api/v1" + path }

    /// An endpoint of Leeloo v2.
    static func v2(_ method: String, _ path: String) -> EndpointSpec { EndpointSpec(.leeloo, method, "/api/v2" + path) }
    /// An endpoint of Leeloo v1.
    static func v1(_ method: String, _ path: String) -> EndpointSpec { EndpointSpec(.leeloo, method, "/api/v1" + path) }
    /// An endpoint of Chat-Tonic under `/api/v1/{codename}`.
    static func ct(_ method: String, _ path: String) -> EndpointSpec {
        EndpointSpec(.chattonic, method, "/api/v1/{codename}" + path)
    }

    /// Leeloo offset paging with 100 items a page.
    static let leelooPaging = Paging.leelooOffset(pageSize: 100)
    /// Chat-Tonic skip paging with 100 items a page (the documented maximum).
    static let chattonicPaging = Paging.chattonicSkip(pageSize: 100, itemsKey: "objects")

    /// A path segment from user input, percent-encoded so an id cannot change the path.
    static func segment(_ s: String) -> String { PercentEncoding.segment(s) }
}
