import Testing

@testable import CRMSandbox

@Suite("Sandbox Chat-Tonic")
struct SandboxChattonicTests {
    @Test func loginThenRecords() async throws {
        try await Harness.with { h in
            let login = try await h.call(
                .POST, "/api/v1/user/login", auth: false, chattonic: true,
                json: #"{"username":"demo","password":"demo"}"#)
            let token = login["token"]?.stringValue ?? ""
            let codename = login["appCodename"]?.stringValue ?? ""
            let funnels = try await h.call(
                .GET, "/api/v1/\(codename)/lead/funnels?limit=100", chattonic: true, token: token)
            let map = funnels["funnels"]
            #expect(map?.keys.isEmpty == false)
            let key = map?.keys.first ?? ""
            let group = map?[key]?["groups"]?.array.first
            #expect(group?["funnelId"]?.stringValue == key)
            let name = group?["name"]?.stringValue ?? ""
            let records = try await h.call(
                .GET, "/api/v1/\(codename)/lead/records?funnel=\(key)&funnelGroup=\(name)&limit=100", chattonic: true,
                token: token)
            #expect(records.status == 200)
            let objects = records["objects"]?.array ?? []
            #expect(!objects.isEmpty)
            #expect(objects.first?["interaction"]?["funnel"]?.stringValue == key)
            #expect(objects.first?["user"]?["extraData"]?.array.first?["cxt"] != nil)
        }
    }

    @Test func recordsRequireFunnel() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v1/demo/lead/records?funnelGroup=Website", chattonic: true)
            #expect(a.status == 400)
            #expect(a.text == #"{"message":"funnel is required"}"#)
            let b = try await h.call(.GET, "/api/v1/demo/lead/records?funnel=leadForm", chattonic: true)
            #expect(b.status == 400)
        }
    }

    @Test func exportAndArchiveTree() async throws {
        try await Harness.with { h in
            let export = try await h.call(
                .GET, "/api/v1/demo/lead/export?funnel=leadForm&funnelGroup=Website&exportType=csv&bot=demo",
                chattonic: true)
            #expect(export["message"]?.stringValue?.hasPrefix("Te enviaremos") == true)
            let app = h.options.chattonicAppToken
            let root = try await h.call(
                .GET, "/api/v1/demo/archive/list?format=csv&prefix=&token=\(app)", auth: false, chattonic: true)
            #expect(
                root["objects"]?.array.compactMap { $0["complete"]?.stringValue } == [
                    "funnels/", "leads/", "messageUsers/", "messages/",
                ])
            let accounts = try await h.call(
                .GET, "/api/v1/demo/archive/list?prefix=funnels%2F&token=\(app)", auth: false, chattonic: true)
            let folder = accounts["objects"]?.array.first?["complete"]?.stringValue ?? ""
            #expect(folder.hasPrefix("funnels/account-"))
            let files = try await h.call(
                .GET, "/api/v1/demo/archive/list?prefix=\(folder)&token=\(app)", auth: false, chattonic: true)
            let file = files["objects"]?.array.first?["complete"]?.stringValue ?? ""
            #expect(file.hasSuffix(".zip"))
            let url = try await h.call(
                .GET, "/api/v1/demo/archive/url?name=\(file)&token=\(app)", auth: false, chattonic: true)
            #expect(url.status == 200)
        }
    }

    @Test func queriesAndTake() async throws {
        try await Harness.with { h in
            let pending = try await h.call(
                .GET, "/api/v1/demo/query?limit=100&query=%7B%22status%22%3A%22pending%22%7D", chattonic: true)
            for q in pending["objects"]?.array ?? [] { #expect(q["status"]?.stringValue == "pending") }
            let created = try await h.call(
                .POST, "/api/v1/demo/query", chattonic: true,
                json: #"{"messageUser":{"_id":"x","firstName":"A"},"message":{"text":"help"}}"#)
            let id = created["_id"]?.stringValue ?? ""
            #expect(created["status"]?.stringValue == "pending")
            let taken = try await h.call(.PUT, "/api/v1/demo/query/take?queryId=\(id)", chattonic: true)
            #expect(taken["status"]?.stringValue == "progress")
            let bad = try await h.call(.POST, "/api/v1/demo/query", chattonic: true, json: #"{"message":{}}"#)
            #expect(bad.status == 400)
        }
    }
}
