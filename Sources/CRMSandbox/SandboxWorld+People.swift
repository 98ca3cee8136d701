import Foundation

/// Leeloo v2 people: list with filters, detail, create, update, SMS import, comments and tags.
extension SandboxWorld {
    // MARK: JSON shapes

    func accountsJSON(_ p: Int) -> JSONNode {
        let person = people[p]
        var list: [JSONNode] = []
        for c in Int(person.firstChannel)..<Int(person.firstChannel + person.channelCount) {
            let ch = channels[c]
            list.append(
                .object([
                    ("account_id", .string(SandboxID.make(SandboxID.channel, c))),
                    ("connection_id", .string(SandboxID.make(SandboxID.connection, Int(ch.messenger)))),
                    ("connection_status", .string("OK")),
                    ("from", .string(SandboxVocabulary.messenger(ch.messenger))),
                ]))
        }
        return .array(list)
    }

    /// The `/people` list item (camelCase).
    func personListItem(_ p: Int) -> JSONNode {
        let person = people[p]
        return .object([
            ("id", .string(SandboxID.make(SandboxID.person, p))), ("name", .string(person.name)),
            ("email", .string(person.email)), ("phone", .string(person.phone)), ("tags", .array(tagNames(person.tags))),
            ("accounts", accountsJSON(p)), ("lastMessageTime", .string(SandboxClock.iso(person.lastMessageAt))),
            ("createdAt", .string(SandboxClock.iso(person.createdAt))),
        ])
    }

    /// The same item as `personListItem`, written straight to text: this is the hot path of
    /// paging through 100,000 people, so it skips building a tree.
    func personListItemRaw(_ p: Int) -> JSONNode {
        let person = people[p]
        var out = "{\"id\":\""
        out.reserveCapacity(420)
        out += SandboxID.make(SandboxID.person, p)
        out += "\",\"name\":"
        JSONNode.writeString(person.name, into: &out)
        out += ",\"email\":"
        JSONNode.writeString(person.email, into: &out)
        out += ",\"phone\":"
        JSONNode.writeString(person.phone, into: &out)
        out += ",\"tags\":["
        var first = true
        for t in 0..<tags.count where person.tags & (1 << UInt64(t)) != 0 {
            if !first { out += "," }
            first = false
            JSONNode.writeString(tags[t], into: &out)
        }
        out += "],\"accounts\":["
        for c in Int(person.firstChannel)..<Int(person.firstChannel + person.channelCount) {
            let ch = channels[c]
            if c != Int(person.firstChannel) { out += "," }
            out += "{\"account_id\":\""
            out += SandboxID.make(SandboxID.channel, c)
            out += "\",\"connection_id\":\""
            out += SandboxID.make(SandboxID.connection, Int(ch.messenger))
            out += "\",\"connection_status\":\"OK\",\"from\":\""
            out += SandboxVocabulary.messenger(ch.messenger)
            out += "\"}"
        }
        out += "],\"lastMessageTime\":\""
        out += SandboxClock.iso(person.lastMessageAt)
        out += "\",\"createdAt\":\""
        out += SandboxClock.iso(person.createdAt)
        out += "\"}"
        return .raw(out)
    }

    func subscribeHistory(_ p: Int, withIDs: Bool) -> JSONNode {
        let person = people[p]
        let t = Int(person.tunnel) % max(1, tunnels.count)
        guard t < tunnels.count, let lgt = tunnels[t].leadgentools.first else { return .array([]) }
        var entry: [(String, JSONNode)] = [
            ("tunnelName", .string(tunnels[t].name)), ("leadgentoolName", .string(leadgentools[lgt].name)),
            ("trafficSource", .string("Default traffic source")),
        ]
        if withIDs {
            entry += [
                ("tunnelId", .string(SandboxID.make(SandboxID.tunnel, t))),
                ("leadgentoolId", .string(SandboxID.make(SandboxID.leadgentool, lgt))),
                ("trafficSourceId", .string(SandboxID.make(SandboxID.trafficSource, 9000 + t))),
                ("accountId", .string(SandboxID.make(SandboxID.channel, Int(person.firstChannel)))),
            ]
        }
        return .array([.object(entry)])
    }

    func personOrders(_ p: Int) -> [Int] {
        orders.indices.filter { Int(orders[$0].person) == p }
    }

    /// The person detail (snake_case dates, `custom_fields` array) with optional `included`.
    func personDetail(_ p: Int, include: String?) -> SandboxReply {
        let person = people[p]
        let orderList = personOrders(p)
        let user = Int(person.contactedUser)
        var custom = person.customFields
        if custom.isEmpty {
            custom = [
                .object([("type", .string("PHONE")), ("name", .string("phone")), ("value", .string(person.phone))])
            ]
        }
        let data = JSONNode.object([
            ("id", .string(SandboxID.make(SandboxID.person, p))), ("name", .string(person.name)),
            ("tags", .array(tagNames(person.tags))), ("profileImage", .string("NOT_DEFINED")),
            ("gender", .string(SandboxVocabulary.genders[Int(person.gender) % 4])), ("phone", .string(person.phone)),
            ("email", .string(person.email)), ("locale", .string(SandboxVocabulary.locales[p % 4])),
            ("accounts", accountsJSON(p)), ("subscribeHistory", subscribeHistory(p, withIDs: true)),
            ("links", contactLinks(user: user, orders: orderList)),
            ("custom_fields", .array(custom)), ("created_at", .string(SandboxClock.iso(person.createdAt))),
            ("updated_at", .string(SandboxClock.iso(person.updatedAt))),
        ])
        return .leeloo(data, extra: [("included", included(include, users: [user], orders: orderList))])
    }

    /// `included` of a v2 person or (with `v1`) a v1 account: the v1 page's orders carry
    /// `paymentMethod` and no `id` or `title` (the id is an extension there).
    func included(_ include: String?, users: [Int], orders orderList: [Int], v1: Bool = false) -> JSONNode {
        let parts = Set((include ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        var out: [(String, JSONNode)] = []
        if parts.contains("contactedUsers") { out.append(("users", .array(users.map { userJSON($0) }))) }
        if parts.contains("orders") {
            out.append(
                (
                    "orders",
                    .array(
                        orderList.map { o in
                            let order = orders[o]
                            if v1 { return v1IncludedOrder(o) }
                            return .object(
                                [
                                    ("id", .string(SandboxID.make(SandboxID.order, o))),
                                    ("title", .string(order.title)),
                                    ("price", .double(order.price)), ("currency", .string(order.currency)),
                                    ("status", .string(order.status)),
                                ] + orderUpdatedAt(o))
                        })
                ))
        }
        return .object(out)
    }

    // MARK: Filtering

    /// Finds the page of people matching every filter, and the total. Tags match when the person
    /// has ANY of them (the v1 page's own example: `filter[tags]=tag3,tag2` returns one account
    /// tagged only `tag2`); `noTag` is true when tags were asked for but none exists, which
    /// matches nothing. Unfiltered and single-tag queries slice directly; others scan.
    func matchPeople(
        tagNumbers: [Int], phone: String?, email: String?, from: Int64?, to: Int64?, offset: Int, limit: Int,
        noTag: Bool = false
    ) -> (page: [Int], total: Int) {
        if noTag { return ([], 0) }
        // A range wider than every stored time while everyone has a message filters nothing: take
        // the fast paths (an optimisation only; the answer is the same as the scan's).
        let coversAll = messagelessPeople == 0 && (from ?? 0) <= 0 && (to ?? Self.farFuture) >= Self.farFuture
        let noOther = phone == nil && email == nil && (coversAll || (from == nil && to == nil))
        if tagNumbers.isEmpty && noOther {
            let start = min(offset, people.count)
            return (Array(start..<min(start + limit, people.count)), people.count)
        }
        if tagNumbers.count == 1 && noOther {
            let list = tagIndex[tagNumbers[0]]
            let start = min(offset, list.count)
            return (list[start..<min(start + limit, list.count)].map { Int($0) }, list.count)
        }
        var mask: UInt64 = 0
        for t in tagNumbers { mask |= 1 << UInt64(t) }
        let wantPhone = phone.map(Self.digits)
        let wantEmail = email?.lowercased()
        var page: [Int] = []
        var total = 0
        func consider(_ p: Int) {
            let person = people[p]
            guard mask == 0 || person.tags & mask != 0 else { return }
            if let wantPhone, !Self.samePhone(Self.digits(person.phone), wantPhone) { return }
            if let wantEmail, person.email.lowercased() != wantEmail { return }
            // A range filter keeps only people with a last message in it: one who never had a
            // message is outside every range (a guess; the pages do not say).
            if from != nil || to != nil, !person.hasLastMessage { return }
            if let from, person.lastMessageAt < from { return }
            if let to, person.lastMessageAt >= to { return }
            if total >= offset && page.count < limit { page.append(p) }
            total += 1
        }
        if tagNumbers.count == 1 {
            for p in tagIndex[tagNumbers[0]] { consider(Int(p)) }
        } else {
            for p in 0..<people.count { consider(p) }
        }
        return (page, total)
    }

    static func digits(_ s: String) -> String {
        String(s.filter(\.isNumber))
    }

    /// Phones match on their digits; when the lengths differ, the longer must end with the
    /// shorter (at least 7 digits), so `0501234567` finds `+380501234567`.
    static func samePhone(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        return short.count >= 7 && long.hasSuffix(short)
    }

    /// Reads `filter[last_message][from|to]` in any form `SandboxDates` reads; a `to` that names a
    /// day includes that whole day, one with a time ends at that instant.
    static func lastMessageRange(_ req: SandboxRequest) -> (from: Int64?, to: Int64?, bad: String?) {
        var from: Int64?
        var to: Int64?
        if let text = req.q("filter[last_message][from]"), !text.isEmpty {
            guard let v = SandboxDates.read(text) else { return (nil, nil, "filter[last_message][from]") }
            from = v.ms
        }
        if let text = req.q("filter[last_message][to]"), !text.isEmpty {
            guard let v = SandboxDates.read(text) else { return (nil, nil, "filter[last_message][to]") }
            to = v.isDay ? v.ms + 86_400_000 : v.ms
        }
        return (from, to, nil)
    }

    /// 3000-01-01, later than any time the sandbox stores.
    static let farFuture: Int64 = 32_503_680_000_000

    // MARK: Handlers

    mutating func listPeople(_ req: SandboxRequest) -> SandboxReply {
        guard let (limit, offset) = Self.leelooPaging(req) else { return Self.pagingError(req) }
        let range = Self.lastMessageRange(req)
        if let bad = range.bad { return .leelooMissing(bad, "INVALID") }
        // The v2 page calls `filter[last_message] { from, to }` "Required", but a public client
        // recorded the live API answering `/people?limit=50&offset=0` with data (reference §2.6.1
        // [code]): no filter lists everyone. Half a filter is refused, naming the missing half (a guess).
        let keys = ["filter[last_message][from]", "filter[last_message][to]"]
        let given = keys.filter { !(req.q($0) ?? "").isEmpty }
        if given.count == 1, let missing = keys.first(where: { !given.contains($0) }) {
            return .leelooMissing(missing)
        }
        // Repeated keys (`filter[tags]=vip&filter[tags]=tag2`), any of them; unknown names match nothing.
        let names = req.qAll("filter[tags]").filter { !$0.isEmpty }
        let numbers = Array(Set(names.compactMap { tagNumber($0) })).sorted()
        let phone = req.q("filter[phone]").flatMap { $0.isEmpty ? nil : $0 }
        let email = req.q("filter[email]").flatMap { $0.isEmpty ? nil : $0 }
        let result = matchPeople(
            tagNumbers: numbers, phone: phone, email: email, from: range.from, to: range.to, offset: offset,
            limit: limit, noTag: !names.isEmpty && numbers.isEmpty)
        return .leelooPage(
            result.page.map { personListItemRaw($0) }, limit: limit, offset: offset, total: result.total)
    }

    mutating func getPerson(_ req: SandboxRequest) -> SandboxReply {
        guard let p = personIndex(req.param("person_id")) else { return .leelooNotFound }
        return personDetail(p, include: req.q("include"))
    }

    mutating func updatePerson(_ req: SandboxRequest) -> SandboxReply {
        guard let p = personIndex(req.param("person_id")) else { return .leelooNotFound }
        if let phone = req.field("phone") { people[p].phone = phone }
        if let email = req.field("email") { people[p].email = email }
        if let name = req.field("name") { people[p].name = name }
        if case .array(let fields)? = req.node("custom_fields") { people[p].customFields = fields }
        people[p].updatedAt = clockMs()
        return personDetail(p, include: nil)
    }

    /// Appends a person with one channel (in `messenger`, by default `MANUAL`); returns its index.
    mutating func appendPerson(
        name: String, email: String, phone: String, tagMask: UInt64,
        messenger: UInt8 = SandboxVocabulary.manualMessenger
    ) -> Int {
        let now = clockMs()
        let p = people.count
        people.append(
            PersonRecord(
                name: name, phone: phone, email: email, tags: 0, firstChannel: Int32(channels.count), channelCount: 1,
                gender: 3, contactedUser: 0, tunnel: 0, createdAt: now, updatedAt: now, lastMessageAt: now))
        channels.append(ChannelRecord(person: Int32(p), messenger: messenger, isAdminMode: false, hasUTM: false))
        people[p].hasLastMessage = false
        messagelessPeople += 1
        for t in 0..<tags.count where tagMask & (1 << UInt64(t)) != 0 { setTag(t, person: p, on: true) }
        return p
    }

    mutating func createPerson(_ req: SandboxRequest) -> SandboxReply {
        guard let name = req.field("name"), !name.isEmpty else { return .leelooMissing("name") }
        let email = req.field("email") ?? "NOT_DEFINED"
        let phone = req.field("phone") ?? "NOT_DEFINED"
        let p = appendPerson(name: name, email: email, phone: phone, tagMask: createTags(req.node("tags")))
        let person = people[p]
        return .leeloo(
            .object([
                ("id", .string(SandboxID.make(SandboxID.channel, Int(person.firstChannel)))),
                ("person_id", .string(SandboxID.make(SandboxID.person, p))), ("name", .string(name)),
                ("tags", .array(tagNames(person.tags))),
                ("from", .string(SandboxVocabulary.messenger(channels[Int(person.firstChannel)].messenger))),
                ("botStatus", .string("BOT")), ("connectionStatus", .string("OK")),
                ("gender", .string("NOT_DEFINED")), ("phone", .string(phone)), ("email", .string(email)),
                ("locale", .string("")), ("subscribeHistory", .array([])),
                ("createdAt", .string(SandboxClock.iso(person.createdAt))),
                ("updatedAt", .string(SandboxClock.iso(person.updatedAt))),
            ]))
    }

    /// The tags a `POST /people` body asks for: tag ids or names the sandbox knows, as a list or one
    /// comma-separated text; anything else is ignored (issue 21 reports clients sending `tags` and
    /// the live API taking the body; what it did with them is not recorded, so this is a guess).
    func createTags(_ node: JSONNode?) -> UInt64 {
        let keys: [String]
        switch node {
        case .array(let items)?: keys = items.compactMap(\.stringValue)
        case .string(let text)?: keys = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        default: keys = []
        }
        var mask: UInt64 = 0
        for t in keys.compactMap({ tagNumber($0) }) { mask |= 1 << UInt64(t) }
        return mask
    }

    /// Records that person `p` now has a last message (a send, noise or a live message reached them).
    mutating func markHasLastMessage(_ p: Int) {
        guard !people[p].hasLastMessage else { return }
        people[p].hasLastMessage = true
        messagelessPeople -= 1
    }

    mutating func addSMSPeople(_ req: SandboxRequest) -> SandboxReply {
        guard case .array(let rows)? = req.node("data") else { return .leelooMissing("data") }
        guard let connection = req.field("connection_id"), !connection.isEmpty else {
            return .leelooMissing("connection_id")
        }
        var mask: UInt64 = 0
        if case .array(let ids)? = req.node("tags") {
            for id in ids.compactMap(\.stringValue) {
                guard let t = tagNumber(id) else { return Self.tagNotFound }
                mask |= 1 << UInt64(t)
            }
        }
        for row in rows {
            let name = row["name"]?.stringValue ?? "SMS contact"
            _ = appendPerson(
                name: name, email: row["email"]?.stringValue ?? "NOT_DEFINED",
                phone: row["phone"]?.stringValue ?? "NOT_DEFINED",
                tagMask: mask)
        }
        return .leeloo(.object([("count_to_process", .int(rows.count))]))
    }

    mutating func addComment(_ req: SandboxRequest) -> SandboxReply {
        guard let p = personIndex(req.param("person_id")) else { return .leelooNotFound }
        guard let text = req.field("comment"), !text.isEmpty else { return .leelooMissing("comment") }
        let now = SandboxClock.iso(clockMs())
        let comment = JSONNode.object([
            ("created_by", .string(SandboxID.make(SandboxID.user, 0))),
            ("company_id", .string(SandboxID.make(SandboxID.app, 0))),
            ("text", .string(text)), ("entity_id", .string(SandboxID.make(SandboxID.person, p))),
            ("entity_type", .string("PERSON")), ("created_at", .string(now)), ("updated_at", .string(now)),
            ("id", .string(SandboxID.make(SandboxID.comment, comments.count))),
        ])
        comments.append(comment)
        return .leeloo(comment)
    }

    /// An unknown tag id answers HTTP 200 with `status: 0`: no page documents this (the pages show
    /// no errors); it imitates the envelope quirk third-party clients guard against (they check
    /// `status` as well as the HTTP code, reference §0 "Errors"), and is a guess.
    static let tagNotFound = SandboxReply.leelooError(200, "NOT_FOUND", fields: [("tag_id", "NOT_FOUND")])

    mutating func changePersonTag(_ req: SandboxRequest, on: Bool) -> SandboxReply {
        guard let p = personIndex(req.param("person_id")) else { return .leelooNotFound }
        guard let tagID = req.field("tag_id"), !tagID.isEmpty else { return .leelooMissing("tag_id") }
        guard let t = tagNumber(tagID) else { return Self.tagNotFound }
        setTag(t, person: p, on: on)
        return .leeloo(.object([]))
    }

    mutating func channelPerson(_ req: SandboxRequest) -> SandboxReply {
        guard let c = channelIndex(req.param("account_id")) else { return .leelooNotFound }
        return personDetail(Int(channels[c].person), include: req.q("include"))
    }

    /// The `links` of a person or v1 account: the staff user who contacted them and their orders.
    func contactLinks(user: Int, orders: [Int]) -> JSONNode {
        .object([
            (
                "contactedUsers",
                .array([.object([("type", .string("users")), ("id", .string(SandboxID.make(SandboxID.user, user)))])])
            ),
            (
                "orders",
                .array(
                    orders.map {
                        .object([("type", .string("orders")), ("id", .string(SandboxID.make(SandboxID.order, $0)))])
                    })
            ),
        ])
    }
}
