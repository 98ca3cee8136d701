import Testing

@testable import CRMSandbox

@Suite("Sandbox documented shapes and quirks")
struct SandboxShapeTests {
    @Test func sideLoadingKeysAndCustomFields() async throws {
        try await Harness.with { h in
            let tunnels = try await h.call(.GET, "/api/v2/tunnels")
            let tunnelID = tunnels["data"]?.array.first?["id"]?.stringValue ?? ""
            let tunnel = try await h.call(.GET, "/api/v2/tunnels/\(tunnelID)?include=leadgentools")
            #expect(tunnel["linked"]?["leadgentools"]?.array.isEmpty == false)
            #expect(tunnel["included"] == nil)
            let stats = try await h.call(.GET, "/api/v2/tunnels/\(tunnelID)/stats")
            #expect(stats["data"]?.array.count == 1)
            #expect(stats["data"]?.array.first?["uniqSubscribers"] != nil)
            let all = try await h.call(.GET, "/api/v2/tunnels/stats")
            #expect(all["data"]?.array.first?["totalSale"] != nil)

            let account = SandboxID.make(SandboxID.channel, 0)
            let v1 = try await h.call(.GET, "/api/v1/accounts/\(account)?include=contactedUsers,orders")
            if case .object = v1["data"]?["custom_fields"] {
            } else {
                Issue.record("v1 custom_fields must be an object")
            }
            #expect(v1["included"]?["users"]?.array.isEmpty == false)
            let person = try await h.call(.GET, "/api/v2/communication-channels/\(account)/person")
            if case .array = person["data"]?["custom_fields"] {
            } else {
                Issue.record("v2 custom_fields must be an array")
            }
            #expect(person["data"]?["profileImage"]?.stringValue == "NOT_DEFINED")
            #expect(person["included"] != nil)
        }
    }

    @Test func unpagedListsHaveNoMeta() async throws {
        try await Harness.with { h in
            let tags = try await h.call(.GET, "/api/v2/tags")
            #expect(tags["meta"] == nil)
            #expect(tags["data"]?.array.count == 7)
            let categories = try await h.call(.GET, "/api/v2/categories/templates")
            let category = categories["data"]?["categories"]?.array.first?["id"]?.stringValue ?? ""
            let templates = try await h.call(.GET, "/api/v2/categories/templates/\(category)")
            let ids = templates["data"]?["templates"]?.array.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.contains("5e42be758d4fff000cafe6ef"))
            #expect(templates["data"]?["templates"]?.array.first?["message_name"] != nil)
            let connections = try await h.call(.GET, "/api/v2/connections")
            #expect(connections["data"]?["connections"]?.array.first?["type"]?.stringValue == "telegram")
        }
    }

    @Test func otherWrites() async throws {
        try await Harness.with { h in
            let account = SandboxID.make(SandboxID.channel, 1)
            let tunnel = SandboxID.make(SandboxID.tunnel, 0)
            let block = SandboxID.make(SandboxID.block, 0)
            let subscribe = try await h.call(
                .POST, "/api/v2/communication-channels/\(account)/manual-subscribe",
                form: "tunnel_id=\(tunnel)&tunnel_block_id=\(block)")
            #expect(subscribe.text == #"{"data":{},"status":1}"#)
            let lgt = SandboxID.make(SandboxID.leadgentool, 0)
            let source = try await h.call(
                .POST, "/api/v2/leadgentools/\(lgt)/create-traffic-source", json: #"{"name":"Ads","description":"d"}"#)
            #expect(source["data"]?["leadgentool_id"]?.stringValue == lgt)
            let call = try await h.call(
                .POST, "/api/v2/calls",
                form: "user_id=u&from=606&to=607&date=2024-03-22T15:30:17.339Z&account_id=\(account)"
                    + "&record_link=NOT_DEFINED&status=SUCCESS&duration=140&type=OUTBOUND")
            #expect(call["data"]?["billsec"]?.int == 140)
            let partial = try await h.call(.POST, "/api/v2/calls", json: #"{"user_id":"u"}"#)
            #expect(partial.status == 400)
            let sms = try await h.call(
                .POST, "/api/v2/people/sms",
                json: #"{"data":[{"name":"A","phone":"+1"},{"name":"B"}],"connection_id":"c","leadgentool_id":"L1","tags":["vip"]}"#)
            #expect(sms["data"]?["count_to_process"]?.int == 2)
            // No date filter: a range would leave out the two new people, who have no message yet.
            let people = try await h.call(.GET, "/api/v2/people?limit=1")
            #expect(people["meta"]?["totalCount"]?.int == 302)
            let person = SandboxID.make(SandboxID.person, 0)
            let comment = try await h.call(.PUT, "/api/v2/people/\(person)/add-comment", json: #"{"comment":"hi"}"#)
            #expect(comment["data"]?["entity_type"]?.stringValue == "PERSON")
            let update = try await h.call(.PUT, "/api/v2/people/\(person)", json: #"{"email":"new@example.com"}"#)
            #expect(update["data"]?["email"]?.stringValue == "new@example.com")
        }
    }
}
