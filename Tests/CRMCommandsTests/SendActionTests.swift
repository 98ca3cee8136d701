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

    func delivered(_ action: SendAction, messages: String) async throws -> Bool {
        let api = FakeAPI()
        api.respond(
            "GET", "/api/v2/communication-channels/C1/chat-messages", json: #"{"status":1,"data":\#(messages)}"#)
        let result = try await action.wasDelivered(since: Self.since, api: api)
        #expect(api.requests.first?.query.first.map { "\($0.0)=\($0.1)" } == "limit=20")
        return result
    }

    @Test func templateReadBack() async throws {
        let action = SendAction(channelID: "C1", kind: .template(id: "T1", variables: nil), label: "")
        #expect(
            try await delivered(
                action, messages: #"[{"type":"BOT_MESSAGE","template_id":"T1","createdAt":"2024-05-01T12:00:01.000Z"}]"#
            ))
        #expect(
            try await delivered(action, messages: #"[{"type":"BOT_MESSAGE","createdAt":"2024-05-01T11:59:59.000Z"}]"#))
        #expect(
            !(try await delivered(
                action, messages: #"[{"type":"BOT_MESSAGE","template_id":"T2","createdAt":"2024-05-01T12:00:05Z"}]"#)))
        #expect(
            !(try await delivered(
                action, messages: #"[{"type":"BOT_MESSAGE","template_id":"T1","createdAt":"2024-05-01T11:59:50Z"}]"#)))
        #expect(
            !(try await delivered(action, messages: #"[{"type":"YOUR_MESSAGE","createdAt":"2024-05-01T12:00:05Z"}]"#)))
        #expect(!(try await delivered(action, messages: "[]")))
    }

    @Test func textReadBack() async throws {
        let action = SendAction(channelID: "C1", kind: .text("Hi there"), label: "")
        #expect(
            try await delivered(
                action,
                messages:
                    #"[{"type":"FRIEND_MESSAGE","text":"Hi there","createdAt":"2024-05-01T12:00:03Z"},{"type":"YOUR_MESSAGE","text":"Hi there","createdAt":"2024-05-01T12:00:02Z"}]"#
            ))
        #expect(
            !(try await delivered(
                action, messages: #"[{"type":"YOUR_MESSAGE","text":"Hi","createdAt":"2024-05-01T12:00:02Z"}]"#)))
        #expect(
            !(try await delivered(
                action, messages: #"[{"type":"YOUR_MESSAGE","text":"Hi there","createdAt":"not a date"}]"#)))
    }
}
