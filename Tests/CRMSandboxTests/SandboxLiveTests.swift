import Testing

@testable import CRMSandbox

/// Live mode and the lead/person links: what `tail` and `join-on` rely on.
@Suite("Sandbox live mode and lead links")
struct SandboxLiveTests {
    /// Names, phones, message texts and lead steps after N ticks (no times, which are the wall clock's).
    func snapshot(_ h: Harness, ticks: Int) async throws -> [String] {
        let tick = try await h.call(.POST, "/_sandbox/tick/\(ticks)", auth: false)
        #expect(tick.status == 200)
        let people = try await h.call(
            .GET, "/api/v2/people?\(Harness.everyDate)&limit=100&offset=\(h.options.people)")
        var out =
            people["data"]?.array.map { "\($0["name"]?.stringValue ?? "") \($0["phone"]?.stringValue ?? "")" } ?? []
        for f in ["leadForm", "quote", "support"] {
            for g in ["Website", "Ads", "Retail", "Wholesale", "Default"] {
                let leads = try await h.call(
                    .GET, "/api/v1/demo/lead/records?funnel=\(f)&funnelGroup=\(g)&limit=100", chattonic: true)
                out +=
                    leads["objects"]?.array.map { "\(f)/\(g) \($0["interaction"]?["last"]?.stringValue ?? "")" } ?? []
            }
        }
        return out
    }

    @Test func ticksAddPeopleMessagesAndLeadsTheSameWayForTheSameSeed() async throws {
        var first: [String] = []
        try await Harness.with({ $0.people = 50 }) { h in first = try await snapshot(h, ticks: 30) }
        var second: [String] = []
        try await Harness.with({ $0.people = 50 }) { h in second = try await snapshot(h, ticks: 30) }
        #expect(first == second)
        #expect(first.filter { $0.hasPrefix("+") || $0.contains(" +380") }.count == 10, "one person in three events")
        var other: [String] = []
        try await Harness.with({
            $0.people = 50
            $0.seed = 7
        }) { h in other = try await snapshot(h, ticks: 30) }
        #expect(other != first)
    }

    @Test func aLiveMessageDoesNotMoveTheSeededHistory() async throws {
        try await Harness.with({ $0.people = 20 }) { h in
            let channel = "/api/v2/communication-channels/66c0d1e20000000000000000/chat-messages?limit=100"
            let before = try await h.call(.GET, channel)
            _ = try await h.call(.POST, "/_sandbox/tick/60", auth: false)
            let after = try await h.call(.GET, channel)
            let seeded = before["data"]?.array.map { $0.serialized() } ?? []
            let kept = after["data"]?.array.map { $0.serialized() } ?? []
            #expect(!seeded.isEmpty)
            #expect(Array(kept.suffix(seeded.count)) == seeded, "the seeded messages keep their ids and times")
        }
    }

    @Test func tickRejectsABadCount() async throws {
        try await Harness.with { h in
            let zero = try await h.call(.POST, "/_sandbox/tick/0", auth: false)
            let word = try await h.call(.POST, "/_sandbox/tick/x", auth: false)
            #expect(zero.status == 400 && word.status == 400)
        }
    }

    @Test func oneLeadInThreeIsAPersonWithThePhoneWrittenAnotherWay() {
        #expect(SandboxWorld.rewritePhone("+380501234567", style: 0) == "+380 50 123-45-67")
        #expect(SandboxWorld.rewritePhone("+380501234567", style: 1) == "380501234567")
        #expect(SandboxWorld.rewritePhone("+380501234567", style: 2) == "0501234567")
        #expect(SandboxWorld.rewritePhone("+380501234567", style: 3) == "050 123 45 67")
        #expect(SandboxWorld.rewritePhone("NOT_DEFINED", style: 0) == "NOT_DEFINED")
        #expect(SandboxWorld.capitalised("ann.lee3@example.com") == "Ann.lee3@Example.com")
        var options = SandboxOptions()
        options.people = 10
        let world = SandboxWorld(options: options)
        #expect(world.linkedPerson(ofLead: 0) == 0)
        #expect(world.linkedPerson(ofLead: 1) == nil)
        #expect(world.linkedPerson(ofLead: 3) == 1)  // 3 * 37 % 10
    }
}
