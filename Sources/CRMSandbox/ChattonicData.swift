/// Seeded Chat-Tonic data: funnels with groups, lead records, message users, agent queries and
/// the archive folder tree. A few hundred items at most, generated eagerly from the seed.
struct ChattonicData: Sendable {
    struct Group: Sendable {
        var id: String
        var name: String
        var newAt: Int
        var doubleCounting: Bool
    }

    struct Funnel: Sendable {
        var key: String
        var interactions: [String]
        var groups: [Group]
        var account: Int
    }

    struct Lead: Sendable {
        var funnel: Int
        var group: Int
        var account: Int
        var messageUser: Int
        var last: String
        var createdAt: Int64
    }

    /// Accounts (bot channels) as (platform, id).
    var accounts: [(platform: String, id: String)] = []
    var funnels: [Funnel] = []
    var leads: [Lead] = []
    var messageUsers: [(first: String, last: String, account: Int, createdAt: Int64, flow: String)] = []
    var queries:
        [(messageUser: Int, account: Int, status: String, createdAt: Int64, updatedAt: Int64, progressAt: Int64?)] = []
    /// What a `POST /query` body gave, by query index: the message user's names and the message.
    var queryBodies: [Int: QueryBody] = [:]
    /// Archive days (as `YYYY-MM-DD`), newest last.
    var archiveDays: [String] = []

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0xC4A7_7010_1C00_0000)
        accounts = [
            ("messenger", SandboxID.make(SandboxID.ctAccount, 0)), ("telegram", SandboxID.make(SandboxID.ctAccount, 1)),
            ("webchattonic", SandboxID.make(SandboxID.ctAccount, 2)),
        ]
        let specs: [(String, [String], [String])] = [
            ("leadForm", ["START", "NAME", "EMAIL", "PHONE", "DONE"], ["Website", "Ads"]),
            ("quote", ["START", "PRODUCT", "BUDGET", "CONTACT"], ["Retail", "Wholesale"]),
            ("support", ["START", "TOPIC", "HANDOFF"], ["Default"]),
        ]
        var groupCounter = 0
        for (f, spec) in specs.enumerated() {
            let groups = spec.2.map { name -> Group in
                defer { groupCounter += 1 }
                return Group(
                    id: SandboxID.make(SandboxID.funnelGroup, groupCounter), name: name, newAt: 24,
                    doubleCounting: name != "Ads")
            }
            funnels.append(Funnel(key: spec.0, interactions: spec.1, groups: groups, account: f % 3))
        }
        let firsts = SandboxVocabulary.firstNames
        let lasts = SandboxVocabulary.lastNames
        let flows = ["welcome", "catalog", "checkout", "support"]
        for u in 0..<60 {
            messageUsers.append(
                (
                    rng.pick(firsts) ?? "Ana", rng.pick(lasts) ?? "Diaz", u % 3,
                    SandboxClock.seedEpochMs - Int64(u * 7 + 1) * 3_600_000 * 5, rng.pick(flows) ?? "welcome"
                ))
        }
        for k in 0..<300 {
            let f = rng.below(funnels.count)
            let funnel = funnels[f]
            leads.append(
                Lead(
                    funnel: f, group: rng.below(funnel.groups.count), account: funnel.account,
                    messageUser: rng.below(messageUsers.count),
                    last: rng.pick(funnel.interactions) ?? "START",
                    createdAt: SandboxClock.seedEpochMs - Int64(k) * 3_600_000 * 3 - Int64(rng.below(3_600_000))))
        }
        let statuses = ["pending", "progress", "resolved"]
        for q in 0..<24 {
            let created = SandboxClock.seedEpochMs - Int64(q + 1) * 7_200_000
            let status = statuses[rng.below(3)]
            queries.append(
                (
                    rng.below(messageUsers.count), rng.below(3), status, created, created + 600_000,
                    status == "pending" ? nil : created + 300_000
                ))
        }
        archiveDays = (0..<7).map { SandboxClock.day(SandboxClock.seedEpochMs - Int64(7 - $0) * 86_400_000) }
    }

    /// The folder name of an account in archive paths: `account-<platform>-<accountId>`.
    func accountFolder(_ a: Int) -> String {
        "account-\(accounts[a].platform)-\(accounts[a].id)"
    }

    static let archiveModels = ["funnels", "leads", "messageUsers", "messages"]
}

extension ChattonicData {
    /// The parts of a created query that come from its request body (nil: not given).
    struct QueryBody: Sendable {
        var firstName: String?
        var lastName: String?
        var message: JSONNode?
    }
}
