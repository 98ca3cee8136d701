import CRMCore

extension HTTPAPIService {
    /// The largest `meta.totalCount` believed (a billion items); a larger, negative or
    /// fractional one is an error rather than a pass that never ends.
    static let maxTotalCount = 1_000_000_000

    /// The items and total of one page body: Leeloo `data` + `meta.totalCount`; Chat-Tonic
    /// `itemsKey` (a list, or a map keyed by id whose values become the items).
    ///
    /// A body that is not a page (empty, `null`, `"data": "oops"`, a `totalCount` that is not a
    /// sane count) is `http.bad-page` naming the request, never a page of zero items.
    static func extractPage(_ body: Value, itemsKey: String?, label: String) throws(CRMError) -> Page {
        guard let itemsKey else {
            if case .list(let items) = body { return Page(items: items, totalCount: nil) }
            guard case .record = body else { throw badPage(label, "the body is \(describe(body)), not a page") }
            guard case .list(let items)? = body[field: "data"] else {
                throw badPage(label, "'data' is \(describe(body[field: "data"])), not a list")
            }
            var total: Int?
            if let t = body[field: "meta"]?[field: "totalCount"], !t.isNull {
                guard case .int(let n) = t, (0...maxTotalCount).contains(n) else {
                    throw badPage(label, "'meta.totalCount' is \(t.toJSON().prefix(40)), not a count")
                }
                total = n
            }
            return Page(items: items, totalCount: total)
        }
        if case .list(let l) = body { return Page(items: l, totalCount: nil) }
        guard case .record = body else { throw badPage(label, "the body is \(describe(body)), not a page") }
        switch body[field: itemsKey] {
        case .list(let l): return Page(items: l, totalCount: nil)
        case .record(let map):
            let items: [Value] = map.fields.map { field in
                guard case .record(var r) = field.value else { return field.value }
                if r["_id"] == nil { r = Record([("_id", .string(field.key))] + r.fields.map { ($0.key, $0.value) }) }
                return .record(r)
            }
            return Page(items: items, totalCount: nil)
        case let other: throw badPage(label, "'\(itemsKey)' is \(describe(other)), not a list")
        }
    }

    private static func badPage(_ label: String, _ what: String) -> CRMError {
        CRMError("http.bad-page", "\(label) returned a page crm cannot read: \(what).", exit: .network)
    }

    private static func describe(_ v: Value?) -> String {
        guard let v else { return "missing" }
        if v.isNull { return "null (or empty)" }
        return "\(v.typeName == "int" ? "an" : "a") \(v.typeName)"
    }
}
