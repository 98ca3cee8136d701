import Foundation

/// Orders for both API versions (v1 names the buyer `accountId`, v2 `personId`).
extension SandboxWorld {
    func orderListItem(_ o: Int) -> JSONNode {
        let order = orders[o]
        return .object([
            ("id", .string(SandboxID.make(SandboxID.order, o))),
            ("person_id", .string(SandboxID.make(SandboxID.person, Int(order.person)))),
            ("title", .string(order.title)), ("price", .double(order.price)), ("currency", .string(order.currency)),
            ("status", .string(order.status)), ("createdAt", .string(SandboxClock.iso(order.createdAt))),
            ("updatedAt", .string(SandboxClock.iso(order.updatedAt))),
        ])
    }

    func orderDetail(_ o: Int) -> JSONNode {
        let order = orders[o]
        var fields: [(String, JSONNode)] = [
            ("id", .string(SandboxID.make(SandboxID.order, o))),
            ("createdAt", .string(SandboxClock.iso(order.createdAt))),
        ]
        fields += orderUpdatedAt(o)
        fields += [
            ("title", .string(order.title)),
            ("description", .string(order.description)), ("price", .double(order.price)),
            ("currency", .string(order.currency)),
            ("status", .string(order.status)), ("paymentMethod", .string(order.paymentMethod)),
        ]
        // Undocumented in the detail (the page shows them only as update fields).
        if options.extensions, let c = order.userComments { fields.append(("userComments", .string(c))) }
        if options.extensions, let d = order.paymentDate { fields.append(("paymentDate", .string(d))) }
        return .object(fields)
    }

    /// The `updatedAt` member of an order detail or `included.orders` item: none under
    /// `--orders-without-updated-at` (crm's order read-back then has no change time to compare).
    func orderUpdatedAt(_ o: Int) -> [(String, JSONNode)] {
        options.ordersWithoutUpdatedAt ? [] : [("updatedAt", .string(SandboxClock.iso(orders[o].updatedAt)))]
    }

    func orderIndex(_ id: String) -> Int? {
        guard let o = SandboxID.index(id, SandboxID.order), o < orders.count else { return nil }
        return o
    }

    mutating func listOrders(_ req: SandboxRequest) -> SandboxReply {
        guard let (limit, offset) = Self.leelooPaging(req) else { return Self.pagingError(req) }
        // Newest orders last in storage; list newest first.
        let total = orders.count
        let start = min(offset, total)
        let items = (start..<min(start + limit, total)).map { orderListItem(total - 1 - $0) }
        return .leelooPage(items, limit: limit, offset: offset, total: total)
    }

    mutating func getOrder(_ req: SandboxRequest) -> SandboxReply {
        guard let o = orderIndex(req.param("order_id")) else { return .leelooNotFound }
        return .leeloo(orderDetail(o))
    }

    mutating func createOrder(_ req: SandboxRequest, v1: Bool) -> SandboxReply {
        let buyerField = v1 ? "accountId" : "personId"
        for field in ["paymentCreditsId", "offerId", buyerField] {
            guard let v = req.field(field), !v.isEmpty else { return .leelooMissing(field) }
        }
        let buyer = req.field(buyerField) ?? ""
        let person: Int
        if v1 {
            guard let c = channelIndex(buyer) else {
                return .leelooError(404, "NOT_FOUND", fields: [(buyerField, "NOT_FOUND")])
            }
            person = Int(channels[c].person)
        } else {
            guard let p = personIndex(buyer) else {
                return .leelooError(404, "NOT_FOUND", fields: [(buyerField, "NOT_FOUND")])
            }
            person = p
        }
        let now = clockMs()
        let created = req.field("transactionDate").flatMap(SandboxDates.parseBodyDate) ?? now
        orders.append(
            OrderRecord(
                person: Int32(person),
                title: "Offer \(req.field("offerId") ?? "")".trimmingCharacters(in: .whitespaces),
                description: "Manual order", price: 100, currency: "USD", status: "OPENED", paymentMethod: "MANUAL",
                createdAt: created, updatedAt: now))
        let o = orders.count - 1
        let order = orders[o]
        return .leeloo(
            .object([
                ("id", .string(SandboxID.make(SandboxID.order, o))), ("title", .string(order.title)),
                ("price", .double(order.price)),
                ("currency", .string(order.currency)), ("status", .string(order.status)),
                ("createdAt", .string(SandboxClock.iso(order.createdAt))),
                ("updatedAt", .string(SandboxClock.iso(order.updatedAt))),
            ]))
    }

    mutating func updateOrder(_ req: SandboxRequest) -> SandboxReply {
        guard let o = orderIndex(req.param("order_id")) else { return .leelooNotFound }
        // v2 page "Update information in a MANUAL (manual) order / The order CANNOT BE with partial
        // payments". The error code is a guess (the pages document no errors).
        guard orders[o].paymentMethod == "MANUAL" else {
            return .leelooError(400, "FORMAT_ERROR", fields: [("order_id", "NOT_MANUAL")])
        }
        guard !orders[o].hasPartialPayments else {
            return .leelooError(400, "FORMAT_ERROR", fields: [("order_id", "HAS_PARTIAL_PAYMENTS")])
        }
        // The body rule (status, paymentDate 'YYYY-MM-DD HH:mm', numeric price) ran before this.
        orders[o].status = req.field("status") ?? orders[o].status
        if let price = req.field("price").flatMap(Double.init) { orders[o].price = price }
        if let currency = req.field("currency") { orders[o].currency = currency }
        if let comments = req.field("userComments") { orders[o].userComments = comments }
        if let date = req.field("paymentDate") { orders[o].paymentDate = date }
        orders[o].updatedAt = clockMs()
        return .leeloo(.object([("id", .string(SandboxID.make(SandboxID.order, o)))]))
    }
}
