import CRMCore

/// Orders for Leeloo v2 and v1: list, get, create and update manual orders. v1 names the buyer
/// `accountId` (a channel), v2 `personId`.
enum OrderCommands {
    static func commands() -> [Command] {
        [
            list(v1: false), get(v1: false), create(v1: false), update(v1: false),
            list(v1: true), get(v1: true), create(v1: true), update(v1: true),
        ]
    }

    static func names(_ v1: Bool) -> (prefix: String, group: String, base: String) {
        v1 ? ("v1 orders", "leeloo v1", "/api/v1") : ("orders", "leeloo v2", "/api/v2")
    }

    static func list(v1: Bool) -> Command {
        let n = names(v1)
        return APICommand.make(
            CommandSpec(
                n.prefix, group: n.group, summary: "List orders.", flags: [CommonFlags.limit],
                examples: ["\(n.prefix) --limit 5 # requests: 1"],
                endpoints: [EndpointSpec(.leeloo, "GET", n.base + "/orders")]),
            shape: .stream(CommonFlags.leelooPaging)
        ) { _, _, _ in APIRequest(.leeloo, "GET", n.base + "/orders") }
    }

    static func get(v1: Bool) -> Command {
        let n = names(v1)
        return APICommand.make(
            CommandSpec(
                n.prefix + " get", group: n.group, summary: "Show one order.",
                parameters: [ParameterSpec("id", .string, "Order id")],
                examples: ["for o in \(n.prefix) --limit 1 | \(n.prefix) get $o.id # requests: 2"],
                endpoints: [EndpointSpec(.leeloo, "GET", n.base + "/orders/{order_id}")]),
            shape: .data
        ) { args, _, _ in
            let id = try args.need("id", for: n.prefix + " get")
            return APIRequest(.leeloo, "GET", n.base + "/orders/\(CommonFlags.segment(id))")
        }
    }

    static func create(v1: Bool) -> Command {
        let n = names(v1)
        let buyer =
            v1
            ? FlagSpec("account", .string, "Buyer's channel (account) id, sent as accountId")
            : FlagSpec("person", .string, "Buyer's person id, sent as personId")
        var flags = [
            FlagSpec("payment-credits", .string, "Payment system id (paymentCreditsId)"),
            FlagSpec("offer", .string, "Offer id (required)"), buyer,
            FlagSpec("email", .string, "Buyer's email"), FlagSpec("phone", .string, "Buyer's phone"),
            FlagSpec("transaction-date", .string, "When paid (ISO-8601 UTC; default now is left to the server)"),
            FlagSpec("notify", .bool, "Notify the buyer (isNotifyAccount)"),
        ]
        if !v1 { flags.append(FlagSpec("manager", .string, "Seller staff user id", completion: .dynamic("users"))) }
        let example =
            v1
            ? "for c in channels --limit 1 | v1 orders create --offer 5e1000000000000000000001 --payment-credits 5e1000000000000000000002 --account $c.id # requests: 2"
            : "for p in people --limit 1 | orders create --offer 5e1000000000000000000001 --payment-credits 5e1000000000000000000002 --person $p.id # requests: 2"
        return APICommand.write(
            CommandSpec(
                n.prefix + " create", group: n.group, summary: "Create a manual order.", flags: flags,
                examples: [example], endpoints: [EndpointSpec(.leeloo, "POST", n.base + "/orders")], isWrite: true),
            required: ["offer"], dates: ["transaction-date"], shape: .data,
            traits: createTraits(v1: v1)
        ) { args, _, _ in
            APIRequest(
                .leeloo, "POST", n.base + "/orders",
                body: Build.json([
                    ("paymentCreditsId", Build.str(args.string("payment-credits"))),
                    ("email", Build.str(args.string("email"))), ("phone", Build.str(args.string("phone"))),
                    ("transactionDate", Build.str(args.isoDateTime("transaction-date"))),
                    ("offerId", Build.str(args.string("offer"))),
                    ("isNotifyAccount", .string(args.bool("notify") ? "true" : "false")),
                    (v1 ? "accountId" : "personId", Build.str(args.string(v1 ? "account" : "person"))),
                    ("managerId", v1 ? nil : Build.str(args.string("manager"))),
                ]))
        }
    }

    /// Not idempotent, irreversible, and read back after an ambiguous failure through the buyer's
    /// orders (GET /api/v2/people/{id}?include=orders, v1 /api/v1/accounts/{id}?include=orders).
    static func createTraits(v1: Bool) -> WriteTraits {
        let buyer = v1 ? "account" : "person"
        var traits = WriteTraits.irreversible("the API has no way to delete an order", idempotent: false, target: buyer)
        traits.readBack = { args in args.string(buyer).map { CreateReadBack(v1 ? .v1Order : .order, ownerID: $0) } }
        return traits
    }

    static func update(v1: Bool) -> Command {
        let n = names(v1)
        return APICommand.write(
            CommandSpec(
                n.prefix + " update", group: n.group, summary: "Resolve or reject a manual order.",
                parameters: [ParameterSpec("id", .string, "Order id")],
                flags: [
                    FlagSpec("status", .choice(["RESOLVED", "REJECTED"]), "New status (required)"),
                    FlagSpec("payment-date", .string, "When paid, 'YYYY-MM-DD HH:mm' UTC"),
                    FlagSpec("currency", .choice(["USD", "EUR", "UAH", "RUB"]), "Currency"),
                    FlagSpec("price", .string, "Amount actually received"),
                    FlagSpec("comment", .string, "Comment (userComments)"),
                ],
                examples: [
                    // Only a MANUAL order without partial payments can be updated: one just created.
                    "for \(v1 ? "c in channels" : "p in people") --limit 1 { for o in \(n.prefix) create --offer "
                        + "5e1000000000000000000001 --payment-credits 5e1000000000000000000002 "
                        + (v1 ? "--account $c.id" : "--person $p.id")
                        + " | \(n.prefix) update $o.id --status RESOLVED --price 100 } # requests: 3"
                ],
                endpoints: [EndpointSpec(.leeloo, "POST", n.base + "/orders/{order_id}")], isWrite: true),
            required: ["status"], shape: .data,
            traits: .irreversible(
                "a resolved or rejected order cannot be reopened through the API", idempotent: true, target: "id")
        ) { args, _, _ in
            let id = try args.need("id", for: n.prefix + " update")
            if let date = args.string("payment-date"), !isPaymentDate(date) {
                throw CRMError.usage(
                    "bad-date", "Expected a date like '2024-05-31 12:30' for --payment-date, got '\(date)'.")
            }
            return APIRequest(
                .leeloo, "POST", n.base + "/orders/\(CommonFlags.segment(id))",
                body: Build.json([
                    ("status", Build.str(args.string("status"))),
                    ("paymentDate", Build.str(args.minuteDate("payment-date"))),
                    ("currency", Build.str(args.string("currency"))), ("price", Build.str(args.string("price"))),
                    ("userComments", Build.str(args.string("comment"))),
                ]))
        }
    }

    /// `YYYY-MM-DD HH:mm[:ss]` (the documented form) or any ISO-8601 date.
    static func isPaymentDate(_ s: String) -> Bool { ISODate.isValid(s) }
}
