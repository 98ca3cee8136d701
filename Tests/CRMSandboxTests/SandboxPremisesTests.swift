import AsyncHTTPClient
import Foundation
import Testing

@testable import CRMSandbox

/// Each option that breaks a premise of crm's read-back, shown over HTTP (docs/sandbox.md,
/// "Breaking the read-back's premises").
@Suite("Sandbox breaks the read-back's premises")
struct SandboxPremisesTests {
    static let template = "5e42be758d4fff000cafe6ef"
    static let channel = SandboxID.make(SandboxID.channel, 0)
    static var history: String { "/api/v2/communication-channels/\(channel)/chat-messages?limit=100" }

    static func sendText(_ h: Harness, _ text: String, v1: Bool = false) async throws -> Answer {
        let body = JSONNode.object([("account_id", .string(channel)), ("text", .string(text))]).serialized()
        return try await h.call(.POST, "/api/\(v1 ? "v1" : "v2")/messages/send-message", json: body)
    }

    static func sendTemplate(_ h: Harness) async throws -> Answer {
        try await h.call(
            .POST, "/api/v2/messages/send-template", json: #"{"account_id":"\#(channel)","template_id":"\#(template)"}"#
        )
    }

    static func messages(_ h: Harness, _ path: String = history) async throws -> [JSONNode] {
        try await h.call(.GET, path)["data"]?.array ?? []
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    static func ms(_ node: JSONNode?) -> Int64? { node?.stringValue.flatMap { SandboxDates.read($0)?.ms } }

    // MARK: --history-lag

    @Test func aLaggedSendIsAppliedButNotListedYet() async throws {
        try await Harness.with({ $0.historyLagMs = 600_000 }) { h in
            let before = try await Self.messages(h)
            #expect(try await Self.sendText(h, "lagged").status == 200)
            #expect(try await Self.sendText(h, "lagged v1", v1: true).status == 200)
            #expect(try await h.stats()["sends"]?["total"]?.int == 2)
            let v2 = try await h.call(.GET, Self.history)
            #expect(v2["meta"]?["totalCount"]?.int == before.count)
            #expect(!(v2["data"]?.array ?? []).contains { $0["text"]?.stringValue?.hasPrefix("lagged") == true })
            let v1 = try await Self.messages(h, "/api/v1/accounts/\(Self.channel)/chat-messages?limit=100")
            #expect(v1.count == before.count)
        }
    }

    @Test func aLaggedSendAppearsLaterWithItsSendTime() async throws {
        try await Harness.with({ $0.historyLagMs = 2 }) { h in
            let start = Self.nowMs()
            #expect(try await Self.sendTemplate(h).status == 200)
            let end = Self.nowMs()
            // No sleep: read until it is listed (a handful of reads outlast 2 ms of real time).
            var found: JSONNode?
            for _ in 0..<10_000 where found == nil {
                found = try await Self.messages(h).first {
                    $0["id"]?.stringValue?.hasPrefix(SandboxID.sentMessage) == true
                }
            }
            let message = try #require(found)
            let created = try #require(Self.ms(message["createdAt"]))
            #expect(created >= start && created <= end)
        }
    }

    // MARK: --history-order

    @Test func oldestFirstPutsTheNewestMessagesOnTheLastPage() async throws {
        for order in SandboxPremises.HistoryOrder.allCases {
            try await Harness.with({ $0.historyOrder = order }) { h in
                #expect(try await Self.sendText(h, "first").status == 200)
                #expect(try await Self.sendText(h, "second").status == 200)
                let all = try await Self.messages(h)
                let texts = all.compactMap { $0["text"]?.stringValue }
                let total = all.count
                let last = try await Self.messages(
                    h, "/api/v2/communication-channels/\(Self.channel)/chat-messages?limit=1&offset=\(total - 1)")
                let first = try await Self.messages(h, "/api/v1/accounts/\(Self.channel)/chat-messages?limit=1")
                if order == .oldestFirst {
                    #expect(Array(texts.suffix(2)) == ["first", "second"])
                    #expect(last.first?["text"]?.stringValue == "second")
                    #expect(first.first?["text"]?.stringValue != "second")
                } else {
                    #expect(Array(texts.prefix(2)) == ["second", "first"])
                    #expect(first.first?["text"]?.stringValue == "second")
                }
            }
        }
    }

    // MARK: --send-type

    @Test(arguments: ["YOUR_MESSAGE", "BOT_MESSAGE"])
    func sendsAreStoredWithTheGivenType(type: String) async throws {
        try await Harness.with({ $0.sendType = type }) { h in
            #expect(try await Self.sendTemplate(h).status == 200)
            #expect(try await Self.sendText(h, "typed").status == 200)
            let sent = try await Self.messages(h).prefix(2)
            #expect(sent.map { $0["type"]?.stringValue } == [type, type])
        }
        try await Harness.with { h in
            _ = try await Self.sendTemplate(h)
            _ = try await Self.sendText(h, "typed")
            let sent = try await Self.messages(h).prefix(2)
            #expect(sent.map { $0["type"]?.stringValue } == ["YOUR_MESSAGE", "BOT_MESSAGE"])
        }
    }

    // MARK: --orders-without-updated-at

    @Test func ordersCanComeWithoutUpdatedAt() async throws {
        for without in [false, true] {
            try await Harness.with({ $0.ordersWithoutUpdatedAt = without }) { h in
                let world = SandboxWorld(options: h.options)
                let order = world.orders[0]
                let person = SandboxID.make(SandboxID.person, Int(order.person))
                let account = SandboxID.make(SandboxID.channel, Int(world.people[Int(order.person)].firstChannel))
                let detail = try await h.call(.GET, "/api/v2/orders/\(SandboxID.make(SandboxID.order, 0))")
                let v2 = try await h.call(.GET, "/api/v2/people/\(person)?include=orders")
                let v1 = try await h.call(.GET, "/api/v1/accounts/\(account)?include=orders")
                let included = (v2["included"]?["orders"]?.array ?? []) + (v1["included"]?["orders"]?.array ?? [])
                #expect(included.count >= 2)
                #expect((detail["data"]?["updatedAt"] == nil) == without)
                #expect(included.allSatisfy { ($0["updatedAt"] == nil) == without })
                #expect(detail["data"]?["createdAt"] != nil)
            }
        }
    }

    // MARK: --fault-after-write

    @Test func everyFaultAfterWriteWasApplied() async throws {
        try await Harness.with({
            $0.faultAfterWrite = 1
            $0.faultAfterWriteDelayMs = 0
        }) { h in
            var statuses: [Int] = []
            for _ in 0..<24 { statuses.append(try await Self.sendTemplate(h).status) }
            #expect(Set(statuses) == [200, 502, 503, 504])
            #expect(try await h.call(.GET, "/api/v2/tags").status == 200)  // reads are never hit
            let stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == 24)
            #expect(stats["faults"]?["afterWrite"]?.int == 24)
            let slow = statuses.filter { $0 == 200 }.count
            #expect(stats["faults"]?["afterWriteSlow"]?.int == slow)
            #expect(stats["faults"]?["appliedThenFailed"]?.int == 24 - slow)
        }
    }

    @Test func aSlowAnswerComesAfterTheWriteWasApplied() async throws {
        try await Harness.with({
            $0.faultAfterWrite = 1
            // Far past the client's 3 s, which a fast fault's answer never nears, even on a busy
            // machine (at 1 s, a 502 answered late under load was taken for the slow case).
            $0.faultAfterWriteDelayMs = 9000
        }) { h in
            var attempts = 0
            var gaveUp = false
            while !gaveUp && attempts < 16 {
                attempts += 1
                do {
                    let body = #"{"account_id":"\#(Self.channel)","template_id":"\#(Self.template)"}"#
                    let a = try await h.call(.POST, "/api/v2/messages/send-template", json: body, timeout: .seconds(3))
                    #expect([502, 503, 504].contains(a.status))
                } catch {
                    gaveUp = true
                }
            }
            #expect(gaveUp)
            // The client gave up, yet the write it gave up on was applied.
            let stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == attempts)
            #expect(stats["faults"]?["afterWriteSlow"]?.int == 1)
        }
    }

    @Test func theSameSeedGivesTheSameFaultsAfterWrites() async throws {
        var runs: [[Int]] = []
        for _ in 0..<2 {
            try await Harness.with({
                $0.faultAfterWrite = 0.5
                $0.faultAfterWriteDelayMs = 0
            }) { h in
                var statuses: [Int] = []
                for _ in 0..<16 { statuses.append(try await Self.sendTemplate(h).status) }
                runs.append(statuses)
            }
        }
        #expect(runs[0] == runs[1])
    }

    // MARK: --clock-skew

    @Test func theServersClockIsSkewed() async throws {
        #expect(SandboxClock.httpDate(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(SandboxClock.httpDate(1_727_953_320_000) == "Thu, 03 Oct 2024 11:02:00 GMT")
        let skew: Int64 = -3600
        try await Harness.with({ $0.clockSkewSeconds = Int(skew) }) { h in
            let start = Self.nowMs() + skew * 1000
            let sent = try await Self.sendText(h, "skewed")
            let person = SandboxID.make(SandboxID.person, 0)
            let order = try await h.call(
                .POST, "/api/v2/orders", json: #"{"paymentCreditsId":"P","offerId":"O","personId":"\#(person)"}"#)
            let end = Self.nowMs() + skew * 1000
            let message = try await Self.messages(h).first
            #expect(message?["text"]?.stringValue == "skewed")
            for stamp in [message?["createdAt"], order["data"]?["createdAt"], order["data"]?["updatedAt"]] {
                let t = try #require(Self.ms(stamp))
                #expect(t >= start && t <= end)
            }
            let header = try #require(sent.headers.first(name: "Date"))
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let date = try #require(formatter.date(from: header))
            let dateMs = Int64(date.timeIntervalSince1970 * 1000)
            #expect(dateMs >= start - 1000 && dateMs <= end)
        }
    }

    // MARK: --stored-text

    @Test(arguments: [
        (SandboxPremises.StoredText.exact, "  a<b> & \"c\" 'd'\nnext  "),
        (.trimmed, "a<b> & \"c\" 'd'\nnext"),
        (.html, "  a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;\nnext  "),
        (.crlf, "  a<b> & \"c\" 'd'\r\nnext  "),
    ])
    func sentTextIsStoredInTheMode(mode: SandboxPremises.StoredText, stored: String) async throws {
        try await Harness.with({ $0.storedText = mode }) { h in
            let sent = try await Self.sendText(h, "  a<b> & \"c\" 'd'\nnext  ")
            #expect(sent.status == 200)
            let listed = try await Self.messages(h)
            #expect(listed.first?["text"]?.stringValue == stored)
        }
    }

    // MARK: flags

    @Test func everyPremiseFlagParsesAndIsOffByDefault() throws {
        let off = try SandboxCLI.parse([])
        #expect(off.historyLagMs == 0 && off.historyOrder == .newestFirst && off.sendType == nil)
        #expect(!off.ordersWithoutUpdatedAt && off.faultAfterWrite == 0 && off.faultAfterWriteDelayMs == 65_000)
        #expect(off.clockSkewSeconds == 0 && off.storedText == .exact)
        let on = try SandboxCLI.parse([
            "--history-lag", "250", "--history-order=oldest-first", "--send-type", "YOUR_MESSAGE",
            "--orders-without-updated-at", "--fault-after-write", "0.2", "--fault-after-write-delay", "100",
            "--clock-skew", "-90", "--stored-text", "html",
        ])
        #expect(on.historyLagMs == 250 && on.historyOrder == .oldestFirst && on.sendType == "YOUR_MESSAGE")
        #expect(on.ordersWithoutUpdatedAt && on.faultAfterWrite == 0.2 && on.faultAfterWriteDelayMs == 100)
        #expect(on.clockSkewSeconds == -90 && on.storedText == .html)
        #expect(throws: SandboxCLI.UsageError.self) { try SandboxCLI.parse(["--history-order", "random"]) }
        #expect(throws: SandboxCLI.UsageError.self) { try SandboxCLI.parse(["--stored-text", "upper"]) }
        #expect(throws: SandboxCLI.UsageError.self) { try SandboxCLI.parse(["--send-type", "ROBOT"]) }
        for flag in [
            "--history-lag", "--history-order", "--send-type", "--orders-without-updated-at",
            "--fault-after-write ", "--fault-after-write-delay", "--clock-skew", "--stored-text",
        ] {
            #expect(SandboxCLI.usage.contains("  " + flag))
        }
        #expect(SandboxCLI.premisesBanner(on).count == 7)
        #expect(SandboxCLI.premisesBanner(off).isEmpty)
    }
}
