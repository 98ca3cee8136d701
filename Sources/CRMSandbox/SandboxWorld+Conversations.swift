/// Chat-Tonic message users, agent queries and the archive endpoints.
extension SandboxWorld {
    func messageUserJSON(_ u: Int) -> JSONNode {
        let user = chattonic.messageUsers[u]
        let account = chattonic.accounts[user.account]
        return .object([
            ("allowedBroadcast", .bool(u % 5 != 0)), ("_id", .string(SandboxID.make(SandboxID.messageUser, u))),
            ("firstName", .string(user.first)), ("lastName", .string(user.last)),
            ("profilePictureURL", .string("https://example.com/pic/\(u).jpg")),
            ("app", .string(SandboxID.make(SandboxID.app, 0))),
            ("account", .string(account.id)), ("platform", .string(account.platform)), ("real", .bool(true)),
            ("pointers", .array([])), ("createdAt", .string(SandboxClock.iso(user.createdAt))),
            ("updatedAt", .string(SandboxClock.iso(user.createdAt + 3_600_000))), ("blockedAt", .null),
            ("context", .object([("visits", .string(String(u % 7 + 1))), ("nested", .object([("a", .null)]))])),
            ("inFlow", .string(user.flow)),
            (
                "lastMessageIn",
                .object([
                    ("flows", .array([.string(user.flow)])),
                    ("_id", .string(SandboxID.make(SandboxID.message, 50_000 + u))),
                    ("app", .string(SandboxID.make(SandboxID.app, 0))), ("account", .string(account.id)),
                    ("platform", .string(account.platform)), ("id", .string("mid.\(u)")),
                    ("receivedAt", .string(SandboxClock.iso(user.createdAt + 3_500_000))), ("to", .string("self")),
                    ("from", .string("psid-\(u)")), ("entities", .array([])), ("type", .string("text")),
                    ("text", .string("hello")), ("handledByBot", .bool(true)),
                ])
            ),
        ])
    }

    /// Orders indices by `createdAt` following `sort={"createdAt":1|-1}` (newest first by default).
    static func sorted(_ indices: [Int], createdAt: (Int) -> Int64, req: SandboxRequest) -> [Int] {
        var ascending = false
        if let text = req.q("sort"), let node = JSONNode.parse(Array(text.utf8)),
            let dir = node["createdAt"]?.stringValue
        {
            ascending = dir == "1"
        }
        return indices.sorted { ascending ? createdAt($0) < createdAt($1) : createdAt($0) > createdAt($1) }
    }

    mutating func listMessageUsers(_ req: SandboxRequest) -> SandboxReply {
        let filter: JSONNode
        switch Self.queryFilter(req) {
        case .failure(let f): return f.reply
        case .success(let node): filter = node
        }
        let account = filter["account"]?.stringValue
        var list = chattonic.messageUsers.indices.filter { u in
            account == nil || chattonic.accounts[chattonic.messageUsers[u].account].id == account
        }
        list = Self.sorted(list, createdAt: { chattonic.messageUsers[$0].createdAt }, req: req)
        return Self.chattonicPage(list.map { messageUserJSON($0) }, req)
    }

    func queryJSON(_ q: Int) -> JSONNode {
        let query = chattonic.queries[q]
        let seeded = chattonic.messageUsers[query.messageUser]
        let given = chattonic.queryBodies[q]
        let user = (
            first: given?.firstName ?? seeded.first, last: given?.lastName ?? seeded.last, account: seeded.account
        )
        var dates: [(String, JSONNode)] = [("pending", .string(SandboxClock.iso(query.createdAt)))]
        if let p = query.progressAt { dates.append(("progress", .string(SandboxClock.iso(p)))) }
        if query.status == "resolved" { dates.append(("resolved", .string(SandboxClock.iso(query.updatedAt)))) }
        return .object([
            ("_id", .string(SandboxID.make(SandboxID.query, q))), ("app", .string(SandboxID.make(SandboxID.app, 0))),
            (
                "messageUser",
                .object([
                    ("_id", .string(SandboxID.make(SandboxID.messageUser, query.messageUser))),
                    ("firstName", .string(user.first)),
                    ("lastName", .string(user.last)), ("platform", .string(chattonic.accounts[user.account].platform)),
                ])
            ),
            (
                "message",
                given?.message ?? .object([("type", .string("text")), ("text", .string("I need a human, please"))])
            ),
            ("account", .object([("_id", .string(chattonic.accounts[query.account].id))])), ("origins", .array([])),
            ("status", .string(query.status)), ("dates", .object(dates)),
            ("search", .string("\(user.first) \(user.last)")),
            ("createdAt", .string(SandboxClock.iso(query.createdAt))),
            ("updatedAt", .string(SandboxClock.iso(query.updatedAt))),
        ])
    }

    mutating func listQueries(_ req: SandboxRequest) -> SandboxReply {
        let filter: JSONNode
        switch Self.queryFilter(req) {
        case .failure(let f): return f.reply
        case .success(let node): filter = node
        }
        let status = filter["status"]?.stringValue
        if let status, !["pending", "progress", "resolved"].contains(status) {
            return .chattonicError(400, "status must be pending, progress or resolved")
        }
        var list = chattonic.queries.indices.filter { status == nil || chattonic.queries[$0].status == status }
        list = Self.sorted(list, createdAt: { chattonic.queries[$0].createdAt }, req: req)
        return Self.chattonicPage(list.map { queryJSON($0) }, req)
    }

    mutating func createQuery(_ req: SandboxRequest) -> SandboxReply {
        guard case .object(let user)? = req.node("messageUser") else {
            return .chattonicError(400, "messageUser is required")
        }
        guard case .object? = req.node("message") else { return .chattonicError(400, "message is required") }
        let userID = user.first { $0.0 == "_id" }?.1.stringValue ?? ""
        let u =
            SandboxID.index(userID, SandboxID.messageUser).flatMap { $0 < chattonic.messageUsers.count ? $0 : nil } ?? 0
        var account = chattonic.messageUsers[u].account
        if let id = req.node("account")?["_id"]?.stringValue, let a = accountIndex(id) { account = a }
        let now = clockMs()
        chattonic.queries.append((u, account, "pending", now, now, nil))
        // Keep what the body said, so the answer and later lists echo the names and message given
        // (not the seeded message user's).
        let names = (
            user.first { $0.0 == "firstName" }?.1.stringValue, user.first { $0.0 == "lastName" }?.1.stringValue
        )
        chattonic.queryBodies[chattonic.queries.count - 1] = ChattonicData.QueryBody(
            firstName: names.0, lastName: names.1, message: req.node("message"))
        return .chattonic(queryJSON(chattonic.queries.count - 1))
    }

    mutating func takeQuery(_ req: SandboxRequest) -> SandboxReply {
        guard let id = req.q("queryId") ?? req.field("queryId"), !id.isEmpty else {
            return .chattonicError(400, "queryId is required")
        }
        guard let q = SandboxID.index(id, SandboxID.query), q < chattonic.queries.count else {
            return .chattonicError(404, "Query not found")
        }
        let now = clockMs()
        chattonic.queries[q].status = "progress"
        chattonic.queries[q].progressAt = now
        chattonic.queries[q].updatedAt = now
        return .chattonic(queryJSON(q))
    }

    /// Entries of the archive tree under a prefix: models, account folders, then dated zips.
    func archiveEntries(_ prefix: String) -> [(String, String)]? {
        let parts = prefix.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch parts.count {
        case 0:
            return ChattonicData.archiveModels.map { ($0, $0 + "/") }
        case 1:
            guard ChattonicData.archiveModels.contains(parts[0]) else { return nil }
            return chattonic.accounts.indices.map { a in
                (chattonic.accountFolder(a), "\(parts[0])/\(chattonic.accountFolder(a))/")
            }
        case 2:
            guard ChattonicData.archiveModels.contains(parts[0]),
                chattonic.accounts.indices.contains(where: { chattonic.accountFolder($0) == parts[1] })
            else { return nil }
            return chattonic.archiveDays.map { ("\($0).zip", "\(parts[0])/\(parts[1])/\($0).zip") }
        default:
            return nil
        }
    }

    mutating func archiveList(_ req: SandboxRequest) -> SandboxReply {
        let prefix = req.q("prefix") ?? ""
        if let format = req.q("format"), !format.isEmpty, format != "csv" {
            return .chattonicError(400, "format must be csv")
        }
        guard let entries = archiveEntries(prefix) else { return .chattonic(.object([("objects", .array([]))])) }
        return .chattonic(
            .object([
                ("objects", .array(entries.map { .object([("prefix", .string($0.0)), ("complete", .string($0.1))]) }))
            ]))
    }

    mutating func archiveURL(_ req: SandboxRequest) -> SandboxReply {
        guard let name = req.q("name"), !name.isEmpty else { return .chattonicError(400, "name is required") }
        let folder = name.split(separator: "/").dropLast().joined(separator: "/") + "/"
        guard name.hasSuffix(".zip"), let entries = archiveEntries(folder), entries.contains(where: { $0.1 == name })
        else {
            return .chattonicError(404, "File not found")
        }
        let url =
            "https://s3.amazonaws.com/chattonic.mobile-tonic.com/archive/\(options.codename)/csv/\(name)?X-Amz-Expires=86400"
        return .chattonic(.object([("expiresIn", .int(86_400)), ("url", .string(url))]))
    }
}
