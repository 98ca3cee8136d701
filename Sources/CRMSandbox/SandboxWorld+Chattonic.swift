/// Chat-Tonic handlers: login, lead funnels/records/export, message users, queries, archives.
/// Lists page with `skip`/`limit` (default 10, max 100), echo both as numbers, and carry no total.
extension SandboxWorld {
    /// Reads `skip`/`limit`; a 400 reply when either is not a non-negative number.
    static func chattonicPaging(_ req: SandboxRequest) -> Result<(skip: Int, limit: Int), SandboxFailure> {
        var skip = 0
        var limit = 10
        if let text = req.q("skip"), !text.isEmpty {
            guard let v = Int(text), v >= 0 else {
                return .failure(SandboxFailure(.chattonicError(400, "skip must be a number")))
            }
            skip = v
        }
        if let text = req.q("limit"), !text.isEmpty {
            guard let v = Int(text), v >= 0 else {
                return .failure(SandboxFailure(.chattonicError(400, "limit must be a number")))
            }
            limit = min(v == 0 ? 10 : v, 100)
        }
        return .success((skip, limit))
    }

    static func chattonicPage(_ items: [JSONNode], _ req: SandboxRequest, key: String = "objects") -> SandboxReply {
        switch chattonicPaging(req) {
        case .failure(let f): return f.reply
        case .success(let (skip, limit)):
            let start = min(skip, items.count)
            let slice = Array(items[start..<min(start + limit, items.count)])
            return .chattonic(.object([("limit", .int(limit)), ("skip", .int(skip)), (key, .array(slice))]))
        }
    }

    /// Parses the `query` JSON parameter of messageuser/query lists.
    static func queryFilter(_ req: SandboxRequest) -> Result<JSONNode, SandboxFailure> {
        guard let text = req.q("query"), !text.isEmpty else { return .success(.object([])) }
        guard let node = JSONNode.parse(Array(text.utf8)), case .object = node else {
            return .failure(SandboxFailure(.chattonicError(400, "query must be a JSON object")))
        }
        return .success(node)
    }

    mutating func login(_ req: SandboxRequest) -> SandboxReply {
        guard let user = req.field("username"), !user.isEmpty else {
            return .chattonicError(400, "username is required")
        }
        guard let password = req.field("password"), !password.isEmpty else {
            return .chattonicError(400, "password is required")
        }
        guard user == options.username, password == options.password else {
            return .chattonicError(401, "Invalid credentials")
        }
        var fields: [(String, JSONNode)] = [
            ("id", .string(SandboxID.make(SandboxID.login, 0))), ("username", .string(user)),
        ]
        // Undocumented: the page shows id, username, appCodename and token, then "...".
        if options.extensions { fields.append(("email", .string("\(user)@example.com"))) }
        fields += [("appCodename", .string(options.codename)), ("token", .string(options.chattonicToken))]
        return .chattonic(.object(fields))
    }

    func accountIndex(_ id: String) -> Int? {
        chattonic.accounts.firstIndex { $0.id == id }
    }

    mutating func funnels(_ req: SandboxRequest) -> SandboxReply {
        let paging: (skip: Int, limit: Int)
        switch Self.chattonicPaging(req) {
        case .failure(let f): return f.reply
        case .success(let p): paging = p
        }
        let accountFilter = req.q("accountId") ?? req.q("account")
        let selected = chattonic.funnels.filter { f in
            guard let a = accountFilter, !a.isEmpty else { return true }
            return chattonic.accounts[f.account].id == a
        }
        let start = min(paging.skip, selected.count)
        let slice = selected[start..<min(start + paging.limit, selected.count)]
        let map = slice.map { f -> (String, JSONNode) in
            let groups = f.groups.map { g in
                JSONNode.object([
                    ("doubleCounting", .bool(g.doubleCounting)), ("newAt", .int(g.newAt)),
                    ("interactions", .array(f.interactions.map { .string($0) })), ("_id", .string(g.id)),
                    ("funnelId", .string(f.key)), ("name", .string(g.name)),
                ])
            }
            return (
                f.key,
                .object([("interactions", .array(f.interactions.map { .string($0) })), ("groups", .array(groups))])
            )
        }
        return .chattonic(
            .object([("limit", .int(paging.limit)), ("skip", .int(paging.skip)), ("funnels", .object(map))]))
    }

    /// Validates `funnel` and `funnelGroup`; returns the matching leads or a 400.
    func selectLeads(_ req: SandboxRequest) -> Result<[Int], SandboxFailure> {
        guard let funnel = req.q("funnel"), !funnel.isEmpty else {
            return .failure(SandboxFailure(.chattonicError(400, "funnel is required")))
        }
        guard let group = req.q("funnelGroup"), !group.isEmpty else {
            return .failure(SandboxFailure(.chattonicError(400, "funnelGroup is required")))
        }
        var from: Int64?
        var to: Int64?
        if let text = req.q("startDate"), !text.isEmpty {
            guard let v = SandboxClock.parse(text) else {
                return .failure(SandboxFailure(.chattonicError(400, "startDate must be an ISO 8601 date")))
            }
            from = v
        }
        if let text = req.q("endDate"), !text.isEmpty {
            guard let v = SandboxClock.parse(text) else {
                return .failure(SandboxFailure(.chattonicError(400, "endDate must be an ISO 8601 date")))
            }
            to = text.count <= 10 ? v + 86_400_000 : v
        }
        guard let f = chattonic.funnels.firstIndex(where: { $0.key == funnel }),
            let g = chattonic.funnels[f].groups.firstIndex(where: { $0.name == group })
        else { return .success([]) }
        let account = req.q("account").flatMap { $0.isEmpty ? nil : $0 }
        let list = chattonic.leads.indices.filter { i in
            let lead = chattonic.leads[i]
            guard lead.funnel == f, lead.group == g else { return false }
            if let account, chattonic.accounts[lead.account].id != account { return false }
            if let from, lead.createdAt < from { return false }
            if let to, lead.createdAt >= to { return false }
            return true
        }
        return .success(list)
    }

    func leadJSON(_ i: Int) -> JSONNode {
        let lead = chattonic.leads[i]
        let funnel = chattonic.funnels[lead.funnel]
        let user = chattonic.messageUsers[lead.messageUser]
        return .object([
            ("_id", .string(SandboxID.make(SandboxID.record, i))), ("app", .string(SandboxID.make(SandboxID.app, 0))),
            ("account", .string(chattonic.accounts[lead.account].id)),
            (
                "interaction",
                .object([
                    ("funnel", .string(funnel.key)), ("last", .string(lead.last)),
                    ("group", .string(funnel.groups[lead.group].name)),
                ])
            ),
            (
                "user",
                .object([
                    ("extraData", leadExtraData(i, firstName: user.first)),
                    ("messageUser", .string(SandboxID.make(SandboxID.messageUser, lead.messageUser))),
                    ("platform", .string(chattonic.accounts[lead.account].platform)),
                    ("firstName", .string(leadName(i, user.first, user.last).first)),
                    ("lastName", .string(leadName(i, user.first, user.last).last)),
                ])
            ),
            ("createdAt", .string(SandboxClock.iso(lead.createdAt))),
            ("updatedAt", .string(SandboxClock.iso(lead.createdAt + 120_000))),
        ])
    }

    mutating func leadRecords(_ req: SandboxRequest) -> SandboxReply {
        switch selectLeads(req) {
        case .failure(let f): return f.reply
        case .success(let list): return Self.chattonicPage(list.map { leadJSON($0) }, req)
        }
    }

    mutating func leadExport(_ req: SandboxRequest) -> SandboxReply {
        if case .failure(let f) = selectLeads(req) { return f.reply }
        guard let type = req.q("exportType"), !type.isEmpty else {
            return .chattonicError(400, "exportType is required")
        }
        guard ["csv", "json", "xlsx"].contains(type) else {
            return .chattonicError(400, "exportType must be csv, json or xlsx")
        }
        guard let bot = req.q("bot"), !bot.isEmpty else { return .chattonicError(400, "bot is required") }
        return .chattonic(
            .object([("message", .string("Te enviaremos un email en cuanto se termine de procesar el listado"))]))
    }
}

/// A ready error reply carried through a `Result`.
struct SandboxFailure: Error, Sendable {
    let reply: SandboxReply

    init(_ reply: SandboxReply) {
        self.reply = reply
    }
}
