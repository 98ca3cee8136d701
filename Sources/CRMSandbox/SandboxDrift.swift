/// `crm sandbox --drift`: some list answers drift from the documented shapes the way a changed
/// live API might, so `crm doctor` can be shown naming each difference. The one list of drifts:
/// - `GET /api/v2/people`: `lastMessageTime` renamed `lastMessageAt`, `phone` left out;
/// - `GET /api/v2/tags`: `id` a number instead of a string;
/// - `GET /api/v1/{codename}/lead/records`: `interaction.last` left out.
enum SandboxDrift {
    /// The drifted body of a successful answer to `route`, or the body unchanged.
    static func apply(_ route: SandboxRoute, _ reply: SandboxReply) -> SandboxReply {
        guard reply.status == 200, route.method == "GET" else { return reply }
        let change: (JSONNode) -> JSONNode
        switch route.path {
        case "/api/v2/people":
            change = { item in item.renaming("lastMessageTime", to: "lastMessageAt").removing("phone") }
        case "/api/v2/tags":
            change = { item in item.setting("id", .int(Int(item["id"]?.stringValue?.suffix(6) ?? "", radix: 16) ?? 0)) }
        case "/api/v1/{codename}/lead/records":
            change = { item in item.setting("interaction", (item["interaction"] ?? .null).removing("last")) }
        default: return reply
        }
        guard let body = JSONNode.parse(Array(reply.body.utf8)) else { return reply }
        let key = route.isChattonic ? "objects" : "data"
        guard case .array(let items)? = body[key] else { return reply }
        var out = reply
        out.body = body.setting(key, .array(items.map(change))).serialized()
        return out
    }
}

extension JSONNode {
    /// This object with `key` set (added at the end when new); other nodes unchanged.
    func setting(_ key: String, _ value: JSONNode) -> JSONNode {
        guard case .object(var pairs) = self else { return self }
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
        return .object(pairs)
    }

    /// This object without `key`.
    func removing(_ key: String) -> JSONNode {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.filter { $0.0 != key })
    }

    /// This object with `key` renamed in place.
    func renaming(_ key: String, to new: String) -> JSONNode {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.map { $0.0 == key ? (new, $0.1) : $0 })
    }
}
