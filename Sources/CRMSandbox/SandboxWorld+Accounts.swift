import Foundation

/// Leeloo v1 accounts: a v1 "account" is a communication channel, carrying its person's tags.
/// The v1 tag filter is one comma-separated value (`filter[tags]=tag3,tag2`), matching any of the
/// tags as the v1 page's example answer shows; an unknown tag matches nothing.
extension SandboxWorld {
    func accountListItem(_ c: Int) -> JSONNode {
        let ch = channels[c]
        let person = people[Int(ch.person)]
        return .object([
            ("id", .string(SandboxID.make(SandboxID.channel, c))), ("name", .string(person.name)),
            ("tags", .array(tagNames(person.tags))),
            ("from", .string(SandboxVocabulary.messenger(ch.messenger))),
            ("botStatus", .string(ch.isAdminMode ? "ADMIN" : "BOT")),
            ("lastMessageTime", .string(SandboxClock.iso(person.lastMessageAt))),
            ("createdAt", .string(SandboxClock.iso(person.createdAt))),
        ])
    }

    mutating func listAccounts(_ req: SandboxRequest) -> SandboxReply {
        guard let (limit, offset) = Self.leelooPaging(req) else { return Self.pagingError(req) }
        let names = req.qAll("filter[tags]").flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        .filter { !$0.isEmpty }
        if names.isEmpty {
            let start = min(offset, channels.count)
            let items = (start..<min(start + limit, channels.count)).map { accountListItem($0) }
            return .leelooPage(items, limit: limit, offset: offset, total: channels.count)
        }
        var mask: UInt64 = 0
        for n in names.compactMap({ tagNumber($0) }) { mask |= 1 << UInt64(n) }
        var page: [JSONNode] = []
        var total = 0
        for person in people where person.tags & mask != 0 {
            for c in Int(person.firstChannel)..<Int(person.firstChannel + person.channelCount) {
                if total >= offset && page.count < limit { page.append(accountListItem(c)) }
                total += 1
            }
        }
        return .leelooPage(page, limit: limit, offset: offset, total: total)
    }

    mutating func getAccount(_ req: SandboxRequest) -> SandboxReply {
        guard let c = channelIndex(req.param("account_id")) else { return .leelooNotFound }
        let ch = channels[c]
        let p = Int(ch.person)
        let person = people[p]
        let orderList = personOrders(p)
        let user = Int(person.contactedUser)
        var custom: [(String, JSONNode)] = []
        if person.email != "NOT_DEFINED" { custom.append(("Email", .string(person.email))) }
        for field in person.customFields {
            if let name = field["name"]?.stringValue, let value = field["value"] { custom.append((name, value)) }
        }
        let data = JSONNode.object([
            ("id", .string(SandboxID.make(SandboxID.channel, c))), ("name", .string(person.name)),
            ("tags", .array(tagNames(person.tags))),
            ("from", .string(SandboxVocabulary.messenger(ch.messenger))),
            ("botStatus", .string(ch.isAdminMode ? "ADMIN" : "BOT")),
            ("gender", .string(SandboxVocabulary.genders[Int(person.gender) % 4])), ("phone", .string(person.phone)),
            ("email", .string(person.email)), ("locale", .string(SandboxVocabulary.locales[p % 4])),
            ("subscribeHistory", subscribeHistory(p, withIDs: false)),
            ("links", contactLinks(user: user, orders: orderList)),
            ("custom_fields", .object(custom)), ("createdAt", .string(SandboxClock.iso(person.createdAt))),
            ("updatedAt", .string(SandboxClock.iso(person.updatedAt))),
        ])
        let include = included(req.q("include"), users: [user], orders: orderList, v1: true)
        return .leeloo(data, extra: [("included", include)])
    }

    mutating func accountChatMessages(_ req: SandboxRequest) -> SandboxReply {
        chatMessages(req)
    }

    mutating func createAccount(_ req: SandboxRequest) -> SandboxReply {
        guard let name = req.field("name"), !name.isEmpty else { return .leelooMissing("name") }
        let p = appendPerson(
            name: name, email: req.field("email") ?? "NOT_DEFINED", phone: req.field("phone") ?? "NOT_DEFINED",
            tagMask: 0)
        return .leeloo(accountListItem(Int(people[p].firstChannel)))
    }

    mutating func changeAccountTag(_ req: SandboxRequest, on: Bool) -> SandboxReply {
        guard let c = channelIndex(req.param("account_id")) else { return .leelooNotFound }
        guard let tagID = req.field("tag_id"), !tagID.isEmpty else { return .leelooMissing("tag_id") }
        guard let t = tagNumber(tagID) else { return Self.tagNotFound }
        setTag(t, person: Int(channels[c].person), on: on)
        return .leeloo(.object([]))
    }

    /// One v1 `included.orders` item as the v1 page shows it (price, currency, paymentMethod,
    /// status, updatedAt); `--extensions` adds the `id` third-party code reads.
    func v1IncludedOrder(_ o: Int) -> JSONNode {
        let order = orders[o]
        var fields: [(String, JSONNode)] = []
        if options.extensions { fields.append(("id", .string(SandboxID.make(SandboxID.order, o)))) }
        fields += [
            ("price", .double(order.price)), ("currency", .string(order.currency)),
            ("paymentMethod", .string(order.paymentMethod)), ("status", .string(order.status)),
        ]
        fields += orderUpdatedAt(o)
        return .object(fields)
    }
}
