import Foundation

/// The second kind of read-back, beside the channel-message one (`ReadBack`): a create that is
/// not idempotent is looked for among the records of its owner. Today: `orders create`, whose
/// order is listed in the buyer's `included.orders`.
///
/// The rule needs from the API: a created order is listed at once in its buyer's
/// `included.orders` with an `updatedAt` (documented for v2 people and v1 accounts) from a clock
/// within `ReadBack.allowedClockSkew` of this machine's; and no other order of that buyer is
/// created or changed in the window (one order changed since the attempt is this one; two or more
/// leave the target unknown, never resent).
public struct CreateReadBack: Sendable, Equatable {
    /// What the create makes and where it is read back.
    public enum Kind: String, Sendable, CaseIterable {
        /// A v2 order: GET /api/v2/people/{person_id}?include=orders.
        case order
        /// A v1 order: GET /api/v1/accounts/{account_id}?include=orders.
        case v1Order = "v1-order"
    }

    /// What is created.
    public var kind: Kind
    /// Whose records are read: the buyer's person id (v2) or account id (v1).
    public var ownerID: String

    public init(_ kind: Kind, ownerID: String) {
        self.kind = kind
        self.ownerID = ownerID
    }

    /// The read that lists the owner's records.
    public var request: APIRequest {
        let id = PercentEncoding.segment(ownerID)
        let path = kind == .order ? "/api/v2/people/\(id)" : "/api/v1/accounts/\(id)"
        return APIRequest(.leeloo, "GET", path, query: [("include", "orders")])
    }

    /// The orders changed since a create attempted at `since` (the read-back window), or nil when
    /// one of them has no readable `updatedAt`.
    private func changed(_ orders: [Value], since: Date) -> [Value]? {
        let cutoff = since.addingTimeInterval(-ReadBack.allowedClockSkew)
        var inside: [Value] = []
        for order in orders {
            guard let text = order[field: "updatedAt"]?.stringValue, let at = ISODate.parse(text) else { return nil }
            if at >= cutoff { inside.append(order) }
        }
        return inside
    }

    /// The record the create made, when `decide(in:since:)` says `.delivered`: the one order of
    /// the owner changed since the attempt.
    public func created(in body: Value, since: Date) -> Value? {
        guard decide(in: body, since: since) == .delivered,
            let orders = body[field: "included"]?[field: "orders"]?.listValue
        else { return nil }
        return changed(orders, since: since)?.first
    }

    /// What the owner's detail (a whole response body) proves about a create attempted at `since`.
    public func decide(in body: Value, since: Date) -> ReadBackAnswer {
        guard let data = body[field: "data"], data.recordValue != nil else {
            return .undecidable("the buyer could not be read back")
        }
        guard let orders = body[field: "included"]?[field: "orders"]?.listValue else {
            // No `included.orders`: only a buyer whose links list no order has none.
            let linked = data[field: "links"]?[field: "orders"]?.listValue
            return linked?.isEmpty == true ? .absent : .undecidable("the buyer's orders were not listed")
        }
        guard let inside = changed(orders, since: since)?.count else {
            return .undecidable("an order of the buyer without a readable updatedAt")
        }
        switch inside {
        case 0: return .absent
        case 1: return .delivered
        default: return .undecidable("\(inside) orders of the buyer changed since the attempt; one may be another's")
        }
    }

    /// Reads the owner back with `fetch` (one request) and answers for a create attempted at `since`.
    public func decide(since: Date, fetch: @Sendable (APIRequest) async throws -> Value) async -> ReadBackAnswer {
        guard let body = try? await fetch(request) else { return .undecidable("the buyer could not be read back") }
        return decide(in: body, since: since)
    }
}
