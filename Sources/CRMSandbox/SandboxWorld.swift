/// The sandbox's whole mutable state: seeded Leeloo and Chat-Tonic data plus every change the
/// writes made. It is a value held behind one lock by `SandboxEngine`; handlers are `mutating`
/// methods in extensions, one file per resource.
struct SandboxWorld: Sendable {
    let options: SandboxOptions
    var people: [PersonRecord] = []
    var channels: [ChannelRecord] = []
    /// Tag names; the index is the tag's number in `PersonRecord.tags`.
    var tags: [String] = []
    /// Sorted person indices per tag, so tag filters never scan every person.
    var tagIndex: [[Int32]] = []
    /// Messages added by sends, per channel index, oldest first.
    var sentMessages: [Int: [MessageRecord]] = [:]
    var sentCounter = 0
    var categories: [String] = []
    var templates: [TemplateRecord] = []
    var orders: [OrderRecord] = []
    var tunnels: [TunnelRecord] = []
    var leadgentools: [LeadgentoolRecord] = []
    var trafficSources: [JSONNode] = []
    var comments: [JSONNode] = []
    var calls: [JSONNode] = []
    var subscriptions: [(channel: Int, tunnel: Int, block: Int)] = []
    /// People created through the API who never had a message (`PersonRecord.hasLastMessage`).
    var messagelessPeople = 0
    /// Noise draws made per channel index (see `SandboxWorld+Noise`).
    var noiseDraws: [Int: Int] = [:]
    /// Set by a send handler when a send was accepted: the (channel, template-or-text) key.
    var pendingSendKey: String?
    var chattonic: ChattonicData

    init(options: SandboxOptions) {
        self.options = options
        chattonic = ChattonicData(seed: options.seed)
        var rng = SplitMix64(seed: options.seed)
        tags = SandboxVocabulary.tags.map(\.0)
        tagIndex = Array(repeating: [], count: tags.count)
        generateCatalog(&rng)
        generatePeople()
        generateOrders(&rng)
    }

    // MARK: Generation

    private mutating func generateCatalog(_ rng: inout SplitMix64) {
        categories = ["Welcome", "Promotions", "Reminders"]
        let texts: [[(String, String)]] = [
            [
                ("Welcome message", "Welcome aboard, {{name}}! Your first lesson is waiting."),
                ("Onboarding day 2", "Day 2: here is what to try next."),
            ],
            [
                ("Spring sale", "Spring sale: 30% off all courses until Sunday."),
                ("VIP offer", "A private offer for our VIP clients: {{offer}}."),
                ("Black Friday", "Black Friday starts now!"),
            ],
            [
                ("Webinar reminder", "The webinar starts in one hour."),
                ("Payment reminder", "Your payment is due tomorrow."),
            ],
        ]
        for (c, list) in texts.enumerated() {
            for (name, text) in list {
                let id =
                    templates.isEmpty ? "5e42be758d4fff000cafe6ef" : SandboxID.make(SandboxID.template, templates.count)
                templates.append(TemplateRecord(id: id, name: name, text: text, category: c))
            }
        }
        let lgtTypes = ["LINK", "QR", "WIDGET", "POPUP", "FORM", "FB_AD", "DEFAULT"]
        for (t, name) in ["Main funnel", "Webinar funnel", "Course launch"].enumerated() {
            var lgts: [Int] = []
            for k in 0..<2 {
                lgts.append(leadgentools.count)
                let type = rng.pick(lgtTypes) ?? "LINK"
                leadgentools.append(LeadgentoolRecord(name: "\(name) LGT \(k + 1)", type: type, tunnel: t))
            }
            let stats = (0..<11).map { _ in rng.below(500) }
            tunnels.append(
                TunnelRecord(
                    name: name, createdAt: SandboxClock.seedEpochMs - Int64(400 - t * 50) * 86_400_000,
                    leadgentools: lgts, blocks: [t * 3, t * 3 + 1, t * 3 + 2], stats: stats))
        }
    }

    private mutating func generatePeople() {
        let count = max(0, options.people)
        people.reserveCapacity(count)
        channels.reserveCapacity(count * 3 / 2)
        for i in 0..<count {
            var rng = SplitMix64.derived(seed: options.seed, stream: 1, index: i)
            let first = rng.pick(SandboxVocabulary.firstNames) ?? "Ann"
            let last = rng.pick(SandboxVocabulary.lastNames) ?? "Lee"
            let phone = "+380" + String(500_000_000 + rng.below(499_999_999))
            let email = rng.unit() < 0.15 ? "NOT_DEFINED" : "\(first.lowercased()).\(last.lowercased())\(i)@example.com"
            var mask: UInt64 = 0
            for (t, entry) in SandboxVocabulary.tags.enumerated() {
                let p = t == 0 ? options.vipFraction : entry.1
                if rng.unit() < p { mask |= 1 << UInt64(t) }
            }
            let created =
                SandboxClock.seedEpochMs - Int64(1 + rng.below(700)) * 86_400_000 - Int64(rng.below(86_400_000))
            let span = UInt64(max(1, SandboxClock.seedEpochMs - created))
            let last_ = created + Int64(rng.next() % span)
            let channelCount = rng.unit() < 0.3 ? 2 : 1
            let firstMessenger = rng.below(3)
            let person = PersonRecord(
                name: first + " " + last, phone: phone, email: email, tags: mask, firstChannel: Int32(channels.count),
                channelCount: Int32(channelCount), gender: UInt8(rng.below(4)), contactedUser: Int32(rng.below(5)),
                tunnel: Int32(rng.below(3)), createdAt: created, updatedAt: last_, lastMessageAt: last_)
            for k in 0..<channelCount {
                channels.append(
                    ChannelRecord(
                        person: Int32(i), messenger: UInt8((firstMessenger + k) % 3), isAdminMode: rng.unit() < 0.1,
                        hasUTM: rng.unit() < 0.3))
            }
            people.append(person)
            for t in 0..<tags.count where mask & (1 << UInt64(t)) != 0 { tagIndex[t].append(Int32(i)) }
        }
    }

    private mutating func generateOrders(_ rng: inout SplitMix64) {
        guard !people.isEmpty else { return }
        let count = max(10, min(people.count / 5, 1000))
        for k in 0..<count {
            let person = Int32(rng.below(people.count))
            let created = SandboxClock.seedEpochMs - Int64(rng.below(300)) * 86_400_000 - Int64(k) * 1000
            let title = rng.pick(SandboxVocabulary.orderTitles) ?? "Course"
            orders.append(
                OrderRecord(
                    person: person, title: title, description: "\(title) for \(people[Int(person)].name)",
                    price: Double(50 + rng.below(20) * 25), currency: rng.pick(SandboxVocabulary.currencies) ?? "USD",
                    status: rng.pick(SandboxVocabulary.orderStatuses) ?? "OPENED",
                    paymentMethod: rng.pick(SandboxVocabulary.paymentMethods) ?? "MANUAL", createdAt: created,
                    updatedAt: created + Int64(rng.below(86_400_000))))
            // Every third manual order is paid in parts (no draw, so the rest of the data stays as it was).
            let last = orders.count - 1
            orders[last].hasPartialPayments = orders[last].paymentMethod == "MANUAL" && k % 3 == 0
        }
    }

    // MARK: Lookups shared by the handlers

    /// The person index for a person id, if it exists.
    func personIndex(_ id: String) -> Int? {
        guard let i = SandboxID.index(id, SandboxID.person), i < people.count else { return nil }
        return i
    }

    /// The channel index for a channel (account) id, if it exists.
    func channelIndex(_ id: String) -> Int? {
        guard let i = SandboxID.index(id, SandboxID.channel), i < channels.count else { return nil }
        return i
    }

    /// The tag number for a tag id or name (names are case-sensitive, as on the platform).
    func tagNumber(_ key: String) -> Int? {
        if let i = SandboxID.index(key, SandboxID.tag), i < tags.count { return i }
        return tags.firstIndex(of: key)
    }

    /// Tag names of a mask, in tag order.
    func tagNames(_ mask: UInt64) -> [JSONNode] {
        var out: [JSONNode] = []
        for t in 0..<tags.count where mask & (1 << UInt64(t)) != 0 { out.append(.string(tags[t])) }
        return out
    }

    /// Sets or clears a tag on a person, keeping the tag index sorted.
    mutating func setTag(_ tag: Int, person: Int, on: Bool) {
        let bit: UInt64 = 1 << UInt64(tag)
        let has = people[person].tags & bit != 0
        guard has != on else { return }
        people[person].tags ^= bit
        people[person].updatedAt = clockMs()
        let key = Int32(person)
        var list = tagIndex[tag]
        var lo = 0
        var hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        if on {
            list.insert(key, at: lo)
        } else if lo < list.count, list[lo] == key {
            list.remove(at: lo)
        }
        tagIndex[tag] = list
    }

    /// Paging parameters from `limit`/`offset`: default 20, capped at 100; nil on bad numbers.
    static func leelooPaging(_ req: SandboxRequest) -> (limit: Int, offset: Int)? {
        var limit = 20
        var offset = 0
        if let text = req.q("limit") {
            guard let v = Int(text), v >= 0 else { return nil }
            limit = min(v == 0 ? 20 : v, 100)
        }
        if let text = req.q("offset") {
            guard let v = Int(text), v >= 0 else { return nil }
            offset = v
        }
        return (limit, offset)
    }

    /// The 400 for paging parameters `leelooPaging` refused, naming the one that is bad.
    static func pagingError(_ req: SandboxRequest) -> SandboxReply {
        let limitIsBad = req.q("limit").map { Int($0).map { $0 < 0 } ?? true } ?? false
        return .leelooMissing(limitIsBad ? "limit" : "offset", "INVALID")
    }

    /// Slices an in-memory list into a Leeloo page.
    static func page(_ items: [JSONNode], _ req: SandboxRequest) -> SandboxReply {
        guard let (limit, offset) = leelooPaging(req) else { return Self.pagingError(req) }
        let start = min(offset, items.count)
        let end = min(start + limit, items.count)
        return .leelooPage(Array(items[start..<end]), limit: limit, offset: offset, total: items.count)
    }
}
