import Testing

@testable import CRMSandbox

@Suite("Sandbox sends, writes and stats")
struct SandboxSendTests {
    static let template = "5e42be758d4fff000cafe6ef"

    func firstChannel(_ h: Harness) async throws -> String {
        let people = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&limit=1")
        return people["data"]?.array.first?["accounts"]?.array.first?["account_id"]?.stringValue ?? ""
    }

    @Test func templateSendAppearsInChatMessagesAndStats() async throws {
        try await Harness.with { h in
            let channel = try await firstChannel(h)
            let sent = try await h.call(
                .POST, "/api/v2/messages/send-template",
                json: #"{"account_id":"\#(channel)","template_id":"\#(Self.template)","variables":{"name":"Ann"}}"#)
            #expect(sent.status == 200)
            #expect(sent.text == #"{"data":{},"status":1}"#)
            let messages = try await h.call(.GET, "/api/v2/communication-channels/\(channel)/chat-messages?limit=5")
            let newest = messages["data"]?.array.first
            #expect(newest?["type"]?.stringValue == "BOT_MESSAGE")
            #expect(newest?["template_id"] == nil, "template_id is served with --extensions only")
            #expect(newest?["text"]?.stringValue?.contains("Ann") == true)
            #expect(newest?["createdAt"]?.stringValue?.hasSuffix("Z") == true)
            let text = try await h.call(
                .POST, "/api/v1/messages/send-message", json: #"{"account_id":"\#(channel)","text":"Hello there"}"#)
            #expect(text.status == 200)
            let v1 = try await h.call(.GET, "/api/v1/accounts/\(channel)/chat-messages")
            #expect(v1["data"]?.array.first?["type"]?.stringValue == "YOUR_MESSAGE")
            #expect(v1["data"]?.array.first?["text"]?.stringValue == "Hello there")
            let stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == 2)
            #expect(stats["sends"]?["unique"]?.int == 2)
            #expect(stats["sends"]?["duplicates"]?.int == 0)
            #expect(stats["requests"]?["byRoute"]?["POST /api/v2/messages/send-template"]?.int == 1)
        }
    }

    @Test func duplicatesAreCountedAndResetClears() async throws {
        try await Harness.with { h in
            let channel = try await firstChannel(h)
            for _ in 0..<3 {
                let a = try await h.call(
                    .POST, "/api/v2/messages/send-template",
                    json: #"{"account_id":"\#(channel)","template_id":"\#(Self.template)"}"#)
                #expect(a.status == 200)
            }
            var stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == 3)
            #expect(stats["sends"]?["unique"]?.int == 1)
            #expect(stats["sends"]?["duplicates"]?.int == 2)
            let reset = try await h.call(.POST, "/_sandbox/reset", auth: false)
            #expect(reset.status == 200)
            stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == 0)
            #expect(stats["requests"]?["total"]?.int == 0)
            let messages = try await h.call(.GET, "/api/v2/communication-channels/\(channel)/chat-messages")
            #expect(messages["data"]?.array.first?["template_id"] == nil)
        }
    }

    @Test func sendValidation() async throws {
        try await Harness.with { h in
            let missing = try await h.call(
                .POST, "/api/v2/messages/send-template", json: #"{"template_id":"\#(Self.template)"}"#)
            #expect(missing.status == 400)
            #expect(missing["error"]?["fields"]?["account_id"]?.stringValue == "REQUIRED")
            let unknown = try await h.call(
                .POST, "/api/v2/messages/send-message", json: #"{"account_id":"66c0d1e2ffffffffffff0000","text":"x"}"#)
            #expect(unknown.status == 404)
            let stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == 0)
        }
    }

    @Test func tagWritesChangeState() async throws {
        try await Harness.with { h in
            let person = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&limit=1")
            let id = person["data"]?.array.first?["id"]?.stringValue ?? ""
            let tags = try await h.call(.GET, "/api/v2/tags")
            let partner = tags["data"]?.array.first { $0["name"]?.stringValue == "partner" }?["id"]?.stringValue ?? ""
            let add = try await h.call(.PUT, "/api/v2/people/\(id)/add-tag", form: "tag_id=\(partner)")
            #expect(add.text == #"{"data":{},"status":1}"#)
            var detail = try await h.call(.GET, "/api/v2/people/\(id)")
            #expect(detail["data"]?["tags"]?.array.contains(.string("partner")) == true)
            #expect(detail["data"]?["created_at"] != nil)
            let filtered = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&filter[tags]=partner&limit=100")
            #expect(filtered["data"]?.array.contains { $0["id"]?.stringValue == id } == true)
            _ = try await h.call(.PUT, "/api/v2/people/\(id)/remove-tag", json: #"{"tag_id":"\#(partner)"}"#)
            detail = try await h.call(.GET, "/api/v2/people/\(id)")
            #expect(detail["data"]?["tags"]?.array.contains(.string("partner")) == false)
            let quirk = try await h.call(
                .PUT, "/api/v2/people/\(id)/add-tag", json: #"{"tag_id":"5cf0aa01ffffffffffffffff"}"#)
            #expect(quirk.status == 200)
            #expect(quirk.text == #"{"status":0,"error":{"fields":{"tag_id":"NOT_FOUND"},"code":"NOT_FOUND"}}"#)
        }
    }

    @Test func createPersonAndOrder() async throws {
        try await Harness.with { h in
            let created = try await h.call(
                .POST, "/api/v2/people",
                json: #"{"name":"New Person","email":"n@example.com","phone":"+10000000000","leadgentool_id":"L1"}"#)
            let personID = created["data"]?["person_id"]?.stringValue ?? ""
            #expect(created["data"]?["from"]?.stringValue == "MANUAL")
            let list = try await h.call(.GET, "/api/v2/people?limit=1")
            #expect(list["meta"]?["totalCount"]?.int == 301)
            let order = try await h.call(
                .POST, "/api/v2/orders",
                json: #"{"paymentCreditsId":"p1","offerId":"o1","personId":"\#(personID)","isNotifyAccount":"false"}"#)
            let orderID = order["data"]?["id"]?.stringValue ?? ""
            #expect(order["data"]?["status"]?.stringValue == "OPENED")
            let update = try await h.call(
                .POST, "/api/v2/orders/\(orderID)", form: "status=RESOLVED&price=35&paymentDate=2024-10-03+11%3A02")
            #expect(update["status"]?.int == 1)
            let detail = try await h.call(.GET, "/api/v2/orders/\(orderID)")
            #expect(detail["data"]?["status"]?.stringValue == "RESOLVED")
            let missing = try await h.call(
                .POST, "/api/v2/people", json: #"{"email":"x@example.com","leadgentool_id":"L1"}"#)
            #expect(missing.status == 400)
            #expect(missing["error"]?["fields"]?["name"]?.stringValue == "REQUIRED")
        }
    }
}
