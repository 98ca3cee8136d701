/// Leeloo reference data: template categories, tags, connections, staff users, tunnels, LGTs.
extension SandboxWorld {
    func userJSON(_ u: Int) -> JSONNode {
        let created = SandboxClock.seedEpochMs - Int64(900 - u * 30) * 86_400_000
        return .object([
            ("id", .string(SandboxID.make(SandboxID.user, u))),
            ("name", .string(SandboxVocabulary.users[u % SandboxVocabulary.users.count])),
            ("createdAt", .string(SandboxClock.iso(created))),
            ("updatedAt", .string(SandboxClock.iso(created + 86_400_000 * 10))),
        ])
    }

    mutating func listCategories(_ req: SandboxRequest) -> SandboxReply {
        let list = categories.indices.map { c in
            JSONNode.object([("id", .string(SandboxID.make(SandboxID.category, c))), ("name", .string(categories[c]))])
        }
        return .leeloo(.object([("categories", .array(list))]))
    }

    mutating func categoryTemplates(_ req: SandboxRequest) -> SandboxReply {
        guard let c = SandboxID.index(req.param("category_id"), SandboxID.category), c < categories.count else {
            return .leelooNotFound
        }
        let list = templates.filter { $0.category == c }.map { t in
            JSONNode.object([("id", .string(t.id)), ("message_name", .string(t.name))])
        }
        return .leeloo(.object([("templates", .array(list))]))
    }

    mutating func listTags(_ req: SandboxRequest) -> SandboxReply {
        .leeloo(
            .array(
                tags.indices.map {
                    .object([("id", .string(SandboxID.make(SandboxID.tag, $0))), ("name", .string(tags[$0]))])
                }))
    }

    mutating func listConnections(_ req: SandboxRequest) -> SandboxReply {
        let list = SandboxVocabulary.connectionTypes.indices.map { i in
            JSONNode.object([
                ("id", .string(SandboxID.make(SandboxID.connection, i))),
                ("type", .string(SandboxVocabulary.connectionTypes[i])),
                ("name", .string(SandboxVocabulary.connectionNames[i])),
            ])
        }
        return .leeloo(.object([("connections", .array(list))]))
    }

    mutating func listUsers(_ req: SandboxRequest) -> SandboxReply {
        Self.page(SandboxVocabulary.users.indices.map { userJSON($0) }, req)
    }

    mutating func getUser(_ req: SandboxRequest) -> SandboxReply {
        guard let u = SandboxID.index(req.param("user_id"), SandboxID.user), u < SandboxVocabulary.users.count else {
            return .leelooNotFound
        }
        return .leeloo(userJSON(u))
    }

    func tunnelJSON(_ t: Int, links: Bool) -> JSONNode {
        let tunnel = tunnels[t]
        var fields: [(String, JSONNode)] = [
            ("id", .string(SandboxID.make(SandboxID.tunnel, t))), ("name", .string(tunnel.name)),
            ("createdAt", .string(SandboxClock.iso(tunnel.createdAt))),
            ("updatedAt", .string(SandboxClock.iso(tunnel.createdAt + 86_400_000))),
        ]
        if links {
            let refs = tunnel.leadgentools.map {
                JSONNode.object([
                    ("type", .string("leadgentools")), ("id", .string(SandboxID.make(SandboxID.leadgentool, $0))),
                ])
            }
            var linkFields: [(String, JSONNode)] = [("leadgentools", .array(refs))]
            // Undocumented: the pages show only `links.leadgentools` (block ids come from the editor URL).
            if options.extensions {
                let blocks = tunnel.blocks.map {
                    JSONNode.object([("type", .string("blocks")), ("id", .string(SandboxID.make(SandboxID.block, $0)))])
                }
                linkFields.append(("blocks", .array(blocks)))
            }
            fields.append(("links", .object(linkFields)))
        }
        return .object(fields)
    }

    mutating func listTunnels(_ req: SandboxRequest) -> SandboxReply {
        Self.page(tunnels.indices.map { tunnelJSON($0, links: false) }, req)
    }

    mutating func getTunnel(_ req: SandboxRequest) -> SandboxReply {
        guard let t = SandboxID.index(req.param("tunnel_id"), SandboxID.tunnel), t < tunnels.count else {
            return .leelooNotFound
        }
        let lgts = tunnels[t].leadgentools.map { l in
            JSONNode.object([
                ("id", .string(SandboxID.make(SandboxID.leadgentool, l))), ("name", .string(leadgentools[l].name)),
                ("type", .string(leadgentools[l].type)),
            ])
        }
        let linked: JSONNode =
            (req.q("include") ?? "").contains("leadgentools") ? .object([("leadgentools", .array(lgts))]) : .object([])
        return SandboxReply(
            status: 200,
            body: JSONNode.object([("status", .int(1)), ("data", tunnelJSON(t, links: true)), ("linked", linked)])
                .serialized())
    }

    static let statKeys = [
        "subscribers", "uniqSubscribers", "orders", "sales", "uniqSales", "visits", "uniqVisits", "shows", "uniqShows",
        "totalSale", "totalExpenses",
    ]

    func statsJSON(_ values: [Int]) -> JSONNode {
        .array([.object(Self.statKeys.indices.map { (Self.statKeys[$0], .int($0 < values.count ? values[$0] : 0)) })])
    }

    mutating func allTunnelStats(_ req: SandboxRequest) -> SandboxReply {
        var sum = Array(repeating: 0, count: Self.statKeys.count)
        for t in tunnels { for (i, v) in t.stats.enumerated() where i < sum.count { sum[i] += v } }
        return .leeloo(statsJSON(sum))
    }

    mutating func tunnelStats(_ req: SandboxRequest) -> SandboxReply {
        guard let t = SandboxID.index(req.param("tunnel_id"), SandboxID.tunnel), t < tunnels.count else {
            return .leelooNotFound
        }
        return .leeloo(statsJSON(tunnels[t].stats))
    }

    mutating func createTrafficSource(_ req: SandboxRequest) -> SandboxReply {
        guard let l = SandboxID.index(req.param("leadgentool_id"), SandboxID.leadgentool), l < leadgentools.count else {
            return .leelooNotFound
        }
        guard let name = req.field("name"), !name.isEmpty else { return .leelooMissing("name") }
        let now = SandboxClock.iso(clockMs())
        let source = JSONNode.object([
            ("type", .string("normal")), ("fb_adset_id", .null), ("name", .string(name)),
            ("description", .string(req.field("description") ?? "")), ("synchronized_with_fb", .bool(false)),
            ("synchronization_error", .bool(false)), ("disabled", .bool(false)),
            ("company_id", .string(SandboxID.make(SandboxID.app, 0))),
            ("leadgentool_id", .string(SandboxID.make(SandboxID.leadgentool, l))),
            ("tunnel_id", .string(SandboxID.make(SandboxID.tunnel, leadgentools[l].tunnel))),
            ("created_by", .string(SandboxID.make(SandboxID.user, 0))), ("hash", .string("ts\(trafficSources.count)")),
            ("resubscribe_button_id", .string(SandboxID.make(SandboxID.block, 900 + trafficSources.count))),
            ("createdAt", .string(now)), ("updatedAt", .string(now)),
            ("id", .string(SandboxID.make(SandboxID.trafficSource, trafficSources.count))),
        ])
        trafficSources.append(source)
        return .leeloo(source)
    }

    mutating func createCall(_ req: SandboxRequest) -> SandboxReply {
        for field in ["user_id", "from", "to", "date", "account_id", "record_link", "status", "duration", "type"] {
            guard let v = req.field(field), !v.isEmpty else { return .leelooMissing(field) }
        }
        guard channelIndex(req.field("account_id") ?? "") != nil else {
            return .leelooError(404, "NOT_FOUND", fields: [("account_id", "NOT_FOUND")])
        }
        let now = SandboxClock.iso(clockMs())
        let call = JSONNode.object([
            ("raw_response", .object([])), ("record_link", .string(req.field("record_link") ?? "NOT_DEFINED")),
            ("company_id", .string(SandboxID.make(SandboxID.app, 0))), ("user_id", .string(req.field("user_id") ?? "")),
            ("account_id", .string(req.field("account_id") ?? "")), ("provider_type", .string("MANUAL")),
            ("to", .string(req.field("to") ?? "")), ("from", .string(req.field("from") ?? "")),
            ("type", .string(req.field("type") ?? "")), ("status", .string(req.field("status") ?? "")),
            ("telephone_connection_id", .string(SandboxID.make(SandboxID.connection, 99))),
            (
                "call_id",
                .string(
                    "00000000-0000-0000-0000-\(String(repeating: "0", count: max(0, 12 - String(calls.count).count)))\(calls.count)"
                )
            ),
            ("billsec", .int(Int(req.field("duration") ?? "") ?? 0)), ("created_at", .string(now)),
            ("updated_at", .string(now)),
            ("next_check", .string(now)), ("id", .string(SandboxID.make(SandboxID.call, calls.count))),
        ])
        calls.append(call)
        return .leeloo(call)
    }
}
