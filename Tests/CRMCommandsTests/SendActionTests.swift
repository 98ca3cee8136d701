import CRMCore
import Foundation
import Testing

@testable import CRMCommands

@Suite("send-template and send-message targets, and read-back")
struct SendActionTests {
    static let ann: Value = [
        "id": "P1", "name": "Ann",
        "accounts": [
            ["account_id": "FB1", "from": "FACEBOOK"], ["account_id": "TG1", "from": "TELEGRAM"],
        ],
    ]
    static let bob: Value = ["id": "P2", "name": "Bob", "accounts": [["account_id": "VK2", "from": "VKONTAKTE"]]]
    static let channel: Value = ["id": "CH9", "person_id": "P9", "name": "Cat", "from": "TELEGRAM"]

    func args(template: String? = "T1", text: String? = nil, to: String? = nil, via: String? = nil, vars: [String] = [])
        -> Arguments
    {
        var a = Arguments()
        if let template { a.positional["template"] = .string(template) }
        if let text { a.positional["text"] = .string(text) }
        if let to { a.flags["to"] = .string(to) }
        if let via { a.flags["via"] = .string(via) }
        if !vars.isEmpty { a.flags["var"] = .list(vars.map { .string($0) }) }
        return a
    }

    @Test func personWithTwoAccountsUsesViaOrTheFirst() throws {
        let viaTelegram = try SendAction.resolve(input: Self.ann, args: args(via: "TELEGRAM"))
        #expect(viaTelegram == [SendAction(channelID: "TG1", kind: .template(id: "T1", variables: nil), label: "Ann")])
        let first = try SendAction.resolve(input: Self.ann, args: args())
        #expect(first.map(\.channelID) == ["FB1"])
    }

    @Test func personWithoutTheMessengerIsAnError() {
        #expect(throws: CRMError.self) { try SendAction.resolve(input: Self.bob, args: self.args(via: "TELEGRAM")) }
    }

    @Test func channelRecordAndStringID() throws {
        #expect(try SendAction.resolve(input: Self.channel, args: args()).map(\.channelID) == ["CH9"])
        #expect(try SendAction.resolve(input: Self.channel, args: args()).first?.label == "Cat")
        #expect(
            try SendAction.resolve(input: "CH7", args: args(text: "hi")) == [
                SendAction(channelID: "CH7", kind: .text("hi"), label: "")
            ])
    }

    @Test func toOverridesTheInput() throws {
        #expect(try SendAction.resolve(input: Self.ann, args: args(to: "X1")).map(\.channelID) == ["X1"])
        #expect(try SendAction.resolve(input: .null, args: args(to: "X1")).count == 1)
    }

    @Test func listInputIsOneActionPerItem() throws {
        let actions = try SendAction.resolve(input: [Self.ann, Self.bob, Self.channel], args: args())
        #expect(actions.map(\.channelID) == ["FB1", "VK2", "CH9"])
    }

    @Test func templateRecordGivesItsID() throws {
        var a = args(template: nil, to: "C")
        a.positional["template"] = ["id": "T7", "message_name": "Hello"]
        #expect(try SendAction.resolve(input: .null, args: a).first?.kind == .template(id: "T7", variables: nil))
    }

    @Test func missingTargetError() {
        #expect {
            try SendAction.resolve(input: .null, args: self.args())
        } throws: { error in
            (error as? CRMError)?.message
                == "send-template needs a target: pipe a person or channel in, or pass --to ID."
        }
    }

    @Test func variablesMergeAndV1LeavesThemOut() throws {
        var a = args(vars: ["name=Ann"])
        a.flags["variables"] = ["city": "Kyiv", "name": "X"]
        let action = try #require(
            try SendAction.resolve(
                input: .null,
                args: {
                    var b = a
                    b.flags["to"] = "C"
                    return b
                }()
            ).first)
        #expect(action.kind == .template(id: "T1", variables: Record([("city", "Kyiv"), ("name", "Ann")])))
        guard case .json(let v2) = action.request(v1: false).body, case .json(let v1) = action.request(v1: true).body
        else {
            Issue.record("JSON bodies expected")
            return
        }
        #expect(v2[field: "variables"] == ["city": "Kyiv", "name": "Ann"])
        #expect(v1[field: "variables"] == nil)
        #expect(action.request(v1: true).path == "/api/v1/messages/send-template")
    }

    @Test func streamOfPeopleSendsOncePerPerson() async throws {
        let api = FakeAPI()
        let ctx = FakeContext(api: api)
        let out = try await Harness.run(
            "send-template 5e0000000000000000000011 --via TELEGRAM", input: .stream(.of([Self.ann, Self.channel])),
            ctx: ctx)
        #expect(api.requests.count == 2)
        #expect(api.requests.map { $0.path } == ["/api/v2/messages/send-template", "/api/v2/messages/send-template"])
        #expect(
            out == [
                ["target": "TG1", "template": "5e0000000000000000000011", "status": "sent"],
                ["target": "CH9", "template": "5e0000000000000000000011", "status": "sent"],
            ])
    }

    @Test func singlePersonYieldsOneRecord() async throws {
        let ctx = FakeContext()
        let out = try await Harness.run("send-message hello", input: .value(Self.bob), ctx: ctx)
        #expect(out == ["target": "VK2", "text": "hello", "status": "sent"])
    }

    @Test func dryRunAndCurlSendNothing() async throws {
        let api = FakeAPI()
        let ctx = FakeContext(api: api)
        ctx.settings.dryRun = true
        let plan = try await Harness.run("send-message hello --to C1", ctx: ctx)
        #expect(plan[field: "dryRun"] == true)
        #expect(plan[field: "body"] == ["account_id": "C1", "text": "hello"])
        ctx.settings.dryRun = false
        ctx.settings.curl = true
        let curl = try await Harness.run("people", ctx: ctx)
        #expect(curl.stringValue?.hasPrefix("curl") == true)
        #expect(api.requests.isEmpty)
    }

    // MARK: read-back

    static let since = ISODate.parse("2024-05-01T12:00:00Z") ?? Date()

    func answer(_ action: SendAction, messages: String) async throws -> ReadBackAnswer {
        let api = FakeAPI()
        api.respond(
            "GET", "/api/v2/communication-channels/C1/chat-messages", json: #"{"status":1,"data":\#(messages)}"#)
        let result = try await action.wasDelivered(since: Self.since, api: api)
        #expect(api.requests.first?.query.first.map { "\($0.0)=\($0.1)" } == "limit=20")
        return result
    }

    static func message(_ type: String, _ text: String, at time: String = "2024-05-01T12:00:01Z") -> String {
        #"{"id":"m","type":"\#(type)","text":"\#(text)","read":false,"createdAt":"\#(time)","updatedAt":"\#(time)"}"#
    }

    /// Without a learned rendering, a template's read-back proves absence only when no bot message is
    /// in the window; any bot message there (an auto-reply, a tunnel step) leaves it undecidable. The
    /// undocumented `template_id` is never read.
    @Test func templateReadBackUsesOnlyDocumentedFields() async throws {
        let action = SendAction(channelID: "C1", kind: .template(id: "T1", variables: nil), label: "Ann")
        #expect(try await answer(action, messages: "[]") == .absent)
        let old = Self.message("BOT_MESSAGE", "Welcome, Ann", at: "2024-05-01T11:59:50Z")
        #expect(try await answer(action, messages: "[\(old)]") == .absent)
        let friend = Self.message("FRIEND_MESSAGE", "Hi")
        #expect(try await answer(action, messages: "[\(friend)]") == .absent)
        let tagged = #"{"type":"BOT_MESSAGE","template_id":"T1","text":"x","createdAt":"2024-05-01T12:00:01Z"}"#
        guard case .undecidable = try await answer(action, messages: "[\(tagged)]") else {
            Issue.record("a bot message in the window must leave an unlearned template undecidable")
            return
        }
        let rb = action.readBack
        #expect(rb.variables == ["name": "Ann"])
        let bot = Self.message("BOT_MESSAGE", "Welcome, Ann")
        let other = Self.message("BOT_MESSAGE", "Thanks for writing!")
        let expected = "Welcome, Ann"
        let since = Self.since
        #expect(rb.decide(in: try json("[\(other),\(bot)]"), since: since, expectedText: expected) == .delivered)
        #expect(rb.decide(in: try json("[\(other)]"), since: since, expectedText: expected) == .absent)
    }

    @Test func textReadBack() async throws {
        let action = SendAction(channelID: "C1", kind: .text("Hi there"), label: "")
        let friend = Self.message("FRIEND_MESSAGE", "Hi there", at: "2024-05-01T12:00:03Z")
        let mine = Self.message("YOUR_MESSAGE", "Hi there", at: "2024-05-01T12:00:02Z")
        #expect(try await answer(action, messages: "[\(friend),\(mine)]") == .delivered)
        #expect(try await answer(action, messages: "[\(Self.message("YOUR_MESSAGE", "Hi"))]") == .absent)
        let undated = Self.message("YOUR_MESSAGE", "Hi there", at: "not a date")
        guard case .undecidable = try await answer(action, messages: "[\(undated)]") else {
            Issue.record("a message without a readable date can neither prove nor disprove")
            return
        }
    }

    /// A full page of messages all inside the window may hide older ones: absence is not proven.
    @Test func aFullPageInsideTheWindowIsUndecidable() async throws {
        let action = SendAction(channelID: "C1", kind: .text("Hi there"), label: "")
        let page = Array(repeating: Self.message("FRIEND_MESSAGE", "spam"), count: 20).joined(separator: ",")
        guard case .undecidable = try await answer(action, messages: "[\(page)]") else {
            Issue.record("a full page inside the window must be undecidable")
            return
        }
    }

    /// The learner trusts a rendering only after it reproduced a second target's text exactly.
    @Test func learnerLearnsARenderingFromTwoSuccesses() async throws {
        let learner = ReadBackLearner()
        let since = Self.since
        func rb(_ channel: String, _ name: String) -> ReadBack {
            ReadBack(channelID: channel, messageType: "BOT_MESSAGE", templateID: "T1", variables: ["name": name])
        }
        let histories: [String: String] = [
            "A": "[\(Self.message("BOT_MESSAGE", "Hello Ann, day 2"))]",
            "B": "[\(Self.message("BOT_MESSAGE", "Hello Bob, day 2"))]",
            "C": "[\(Self.message("BOT_MESSAGE", "Thanks for writing!")),"
                + "\(Self.message("BOT_MESSAGE", "Hello Cy, day 2"))]",
            "D": "[\(Self.message("BOT_MESSAGE", "Thanks for writing!"))]",
        ]
        learner.noteSuccess(rb("A", "Ann"), since: since)
        learner.noteSuccess(rb("B", "Bob"), since: since)
        let fetch: @Sendable (APIRequest) async throws -> Value = { request in
            let channel = request.path.split(separator: "/").dropLast().last.map(String.init) ?? ""
            return try json(#"{"status":1,"data":\#(histories[channel] ?? "[]")}"#)
        }
        #expect(await learner.decide(rb("C", "Cy"), since: since, fetch: fetch) == .delivered)
        #expect(learner.expectedText(rb("Z", "Zoe")) == "Hello Zoe, day 2")
        #expect(await learner.decide(rb("D", "Di"), since: since, fetch: fetch) == .absent)
        let nameless = ReadBack(channelID: "D", messageType: "BOT_MESSAGE", templateID: "T1")
        guard case .undecidable = await learner.decide(nameless, since: since, fetch: fetch) else {
            Issue.record("a target whose name is unknown cannot be matched against a rendering with a name")
            return
        }
    }
}

/// Parses JSON text into a value for the read-back tests.
private func json(_ text: String) throws -> Value {
    try Value.parseJSON(text)
}
