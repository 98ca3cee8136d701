import Foundation

/// Communication channels, their chat history, and the two send endpoints. Seeded history is
/// generated on demand per channel; sends are stored and shown newest first.
extension SandboxWorld {
    /// The channel list item of v2 `/communication-channels`.
    func channelListItem(_ c: Int) -> JSONNode {
        let ch = channels[c]
        let person = people[Int(ch.person)]
        return .object([
            ("id", .string(SandboxID.make(SandboxID.channel, c))),
            ("person_id", .string(SandboxID.make(SandboxID.person, Int(ch.person)))), ("name", .string(person.name)),
            ("from", .string(SandboxVocabulary.messenger(ch.messenger))),
            ("botStatus", .string(ch.isAdminMode ? "ADMIN" : "BOT")),
            ("lastMessageTime", .string(SandboxClock.iso(person.lastMessageAt))),
            ("createdAt", .string(SandboxClock.iso(person.createdAt))),
            (
                "utmMarks",
                ch.hasUTM
                    ? .object([("utm_source", .string("sandbox_ads")), ("utm_campaign", .string("spring"))])
                    : .object([])
            ),
        ])
    }

    /// Every message of a channel listed now, newest first: sends, then the seeded history
    /// (`--history-order oldest-first` reverses the whole list before it is paged).
    func messages(ofChannel c: Int) -> [JSONNode] {
        let newestFirst = newestFirstMessages(ofChannel: c)
        return options.historyOrder == .oldestFirst ? newestFirst.reversed() : newestFirst
    }

    private func newestFirstMessages(ofChannel c: Int) -> [JSONNode] {
        var out: [JSONNode] = []
        let now = SandboxEngine.now()
        for m in (sentMessages[c] ?? []).reversed() where Self.isVisible(m, now: now) {
            var fields: [(String, JSONNode)] = [
                ("id", .string(m.id)), ("text", .string(m.text)), ("type", .string(m.type)), ("read", .bool(false)),
                ("createdAt", .string(SandboxClock.iso(m.createdAt))),
                ("updatedAt", .string(SandboxClock.iso(m.createdAt))),
            ]
            // Undocumented (the pages list id, text, type, read, createdAt, updatedAt, links).
            if options.extensions, let t = m.templateID { fields.append(("template_id", .string(t))) }
            if m.type == "YOUR_MESSAGE" {
                fields.append(
                    (
                        "links",
                        .object([
                            (
                                "createdBy",
                                .object([
                                    ("type", .string("users")), ("id", .string(SandboxID.make(SandboxID.user, 0))),
                                ])
                            )
                        ])
                    ))
            }
            out.append(.object(fields))
        }
        let ch = channels[c]
        // Created people have no seeded history.
        guard Int(ch.person) < options.people else { return out }
        var rng = SplitMix64.derived(seed: options.seed, stream: 7, index: c)
        let count = 2 + rng.below(4)
        let person = people[Int(ch.person)]
        var time = person.historyAnchor != 0 ? person.historyAnchor : person.lastMessageAt
        let types = ["FRIEND_MESSAGE", "BOT_MESSAGE", "YOUR_MESSAGE", "SYSTEM_MESSAGE"]
        for k in 0..<count {
            let type = types[rng.below(k == count - 1 ? 2 : 4)]
            var text = rng.pick(SandboxVocabulary.seededTexts) ?? ""
            if type != "SYSTEM_MESSAGE" && text.isEmpty { text = "Hi!" }
            var fields: [(String, JSONNode)] = [
                ("id", .string(SandboxID.make(SandboxID.message, c * 8 + k))), ("text", .string(text)),
                ("type", .string(type)), ("read", .bool(true)), ("createdAt", .string(SandboxClock.iso(time))),
                ("updatedAt", .string(SandboxClock.iso(time))),
            ]
            if type == "YOUR_MESSAGE" {
                fields.append(
                    (
                        "links",
                        .object([
                            (
                                "createdBy",
                                .object([
                                    ("type", .string("users")), ("id", .string(SandboxID.make(SandboxID.user, 1))),
                                ])
                            )
                        ])
                    ))
            }
            out.append(.object(fields))
            time -= Int64(1 + rng.below(72)) * 3_600_000
        }
        return out
    }

    mutating func chatMessages(_ req: SandboxRequest) -> SandboxReply {
        // v1 names the segment {account_id}; the v2 reference names it {id} (a channel id).
        guard let c = channelIndex(req.params["account_id"] ?? req.param("id")) else { return .leelooNotFound }
        return Self.page(messages(ofChannel: c), req)
    }

    mutating func listChannels(_ req: SandboxRequest) -> SandboxReply {
        guard let (limit, offset) = Self.leelooPaging(req) else { return Self.pagingError(req) }
        let range = Self.lastMessageRange(req)
        if let bad = range.bad { return .leelooMissing(bad, "INVALID") }
        if range.from == nil && range.to == nil {
            let start = min(offset, channels.count)
            let items = (start..<min(start + limit, channels.count)).map { channelListItem($0) }
            return .leelooPage(items, limit: limit, offset: offset, total: channels.count)
        }
        var page: [JSONNode] = []
        var total = 0
        for c in 0..<channels.count {
            let person = people[Int(channels[c].person)]
            let t = person.lastMessageAt
            if !person.hasLastMessage { continue }
            if let from = range.from, t < from { continue }
            if let to = range.to, t >= to { continue }
            if total >= offset && page.count < limit { page.append(channelListItem(c)) }
            total += 1
        }
        return .leelooPage(page, limit: limit, offset: offset, total: total)
    }

    /// Records one message in the channel history: an accepted send (the caller counts it in the
    /// stats) or noise. `lagMs` holds it back from the lists for that long (real time) after now.
    mutating func appendSent(channel c: Int, text: String, type: String, templateID: String?, lagMs: Int = 0) {
        let now = clockMs()
        let record = MessageRecord(
            id: SandboxID.make(SandboxID.sentMessage, sentCounter), text: text, type: type, createdAt: now,
            templateID: templateID, visibleAt: lagMs > 0 ? SandboxEngine.now() + Double(lagMs) / 1000 : 0)
        sentCounter += 1
        sentMessages[c, default: []].append(record)
        let p = Int(channels[c].person)
        if people[p].historyAnchor == 0 { people[p].historyAnchor = people[p].lastMessageAt }
        people[p].lastMessageAt = now
        markHasLastMessage(p)
    }

    /// Validates and applies a send; returns the reply and, when accepted, the duplicate key.
    mutating func send(_ req: SandboxRequest, template: Bool) -> (SandboxReply, String?) {
        guard let account = req.field("account_id"), !account.isEmpty else {
            return (.leelooMissing("account_id"), nil)
        }
        if template {
            guard let templateID = req.field("template_id"), !templateID.isEmpty else {
                return (.leelooMissing("template_id"), nil)
            }
            guard let c = channelIndex(account) else {
                return (.leelooError(404, "NOT_FOUND", fields: [("account_id", "NOT_FOUND")]), nil)
            }
            guard let tpl = templates.first(where: { $0.id == templateID }) else {
                return (.leelooError(404, "NOT_FOUND", fields: [("template_id", "NOT_FOUND")]), nil)
            }
            let text = render(tpl.text, channel: c, variables: req.node("variables"))
            appendSent(
                channel: c, text: options.storedText.store(text), type: options.sendType ?? "BOT_MESSAGE",
                templateID: tpl.id, lagMs: options.historyLagMs)
            return (.leeloo(.object([])), "\(c)|t:\(tpl.id)")
        }
        guard let text = req.field("text"), !text.isEmpty else { return (.leelooMissing("text"), nil) }
        guard let c = channelIndex(account) else {
            return (.leelooError(404, "NOT_FOUND", fields: [("account_id", "NOT_FOUND")]), nil)
        }
        appendSent(
            channel: c, text: options.storedText.store(text), type: options.sendType ?? "YOUR_MESSAGE", templateID: nil,
            lagMs: options.historyLagMs)
        return (.leeloo(.object([])), "\(c)|m:\(text)")
    }

    /// A template as the bot sends it: `{{key}}` from the send's `variables`, else the person's own
    /// (`name`, `email`, `phone`); a placeholder with no value renders empty (a guess).
    func render(_ template: String, channel c: Int, variables: JSONNode?) -> String {
        let person = people[Int(channels[c].person)]
        var values = ["name": person.name, "email": person.email, "phone": person.phone]
        if case .object(let pairs)? = variables {
            for (key, value) in pairs { values[key] = value.stringValue ?? "" }
        }
        var out = ""
        var rest = template[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let key = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += values[key] ?? ""
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    mutating func manualSubscribe(_ req: SandboxRequest) -> SandboxReply {
        guard let c = channelIndex(req.param("account_id")) else { return .leelooNotFound }
        guard let tunnelID = req.field("tunnel_id"), !tunnelID.isEmpty else { return .leelooMissing("tunnel_id") }
        guard let blockID = req.field("tunnel_block_id"), !blockID.isEmpty else {
            return .leelooMissing("tunnel_block_id")
        }
        guard let t = SandboxID.index(tunnelID, SandboxID.tunnel), t < tunnels.count else {
            return .leelooError(404, "NOT_FOUND", fields: [("tunnel_id", "NOT_FOUND")])
        }
        guard let b = SandboxID.index(blockID, SandboxID.block), tunnels[t].blocks.contains(b) else {
            return .leelooError(404, "NOT_FOUND", fields: [("tunnel_block_id", "NOT_FOUND")])
        }
        subscriptions.append((c, t, b))
        people[Int(channels[c].person)].tunnel = Int32(t)
        return .leeloo(.object([]))
    }
}

extension SandboxWorld {
    /// Runs a send and leaves its duplicate key in `pendingSendKey` for the stats.
    mutating func recordSend(_ req: SandboxRequest, template: Bool) -> SandboxReply {
        let (reply, key) = send(req, template: template)
        pendingSendKey = key
        return reply
    }
}
