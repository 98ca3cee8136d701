import CRMCore
import Foundation
import Testing

@testable import CRMCommands

@Suite("Chat-Tonic: funnels, login, session commands")
struct ChattonicTests {
    static let funnelsBody = #"""
        {"limit":100,"skip":0,"funnels":{"sales":{"interactions":["A","B"],"groups":[{"_id":"g1","funnelId":"sales","name":"Main"}]},
        "support":{"interactions":[],"groups":[{"_id":"g2","funnelId":"support","name":"Night"}]}}}
        """#

    @Test func funnelsMapBecomesAList() async throws {
        let api = FakeAPI()
        api.respond("GET", "/lead/funnels", json: Self.funnelsBody)
        let ctx = FakeContext(api: api)
        let out = try await Harness.run("funnels", ctx: ctx)
        #expect(out.listValue?.map { $0[field: "id"] } == ["sales", "support"])
        #expect(out.listValue?.first?[field: "interactions"] == ["A", "B"])
        #expect(out.listValue?.first?[field: "groups"]?.listValue?.count == 1)
        #expect(api.requests.count == 1)  // a short page ends the paging
        #expect(try await DynamicValues.fetch("groups", api: api).map(\.label) == ["Main — sales", "Night — support"])
        #expect(try await DynamicValues.fetch("funnels", api: api).first?.label == "sales — 1 group")
    }

    @Test func fullFunnelPagesAreFollowed() async throws {
        let api = FakeAPI()
        let many = (0..<100).map { "\"f\($0)\":{\"interactions\":[],\"groups\":[]}" }.joined(separator: ",")
        api.respond("GET", "/lead/funnels", json: "{\"funnels\":{\(many)}}")
        let ctx = FakeContext(api: api)
        let out = try await Harness.run("funnels --limit 150", ctx: ctx)
        #expect(out.listValue?.count == 150)
        #expect(api.requests.map { $0.query.first?.1 } == ["0", "100"])
    }

    @Test func loginStoresTheTokenAndNeverReturnsIt() async throws {
        let api = FakeAPI()
        api.respond(
            "POST", "/api/v1/user/login",
            json: #"{"id":"1","username":"ann@x.io","appCodename":"acme","token":"SECRET.JWT"}"#)
        let session = FakeSession()
        let ctx = FakeContext(api: api, session: session)
        ctx.answers = ["ann", "hunter2"]
        let out = try await Harness.run("login --save", ctx: ctx)
        #expect(out == "Logged in as ann@x.io (codename acme)")
        #expect(!out.displayText.contains("SECRET"))
        #expect(ctx.prompts.map(\.1) == [false, true])
        #expect(session.chattonicLogins.first?.token == "SECRET.JWT")
        #expect(session.chattonicLogins.first?.codename == "acme")
        #expect(session.chattonicLogins.first?.persist == true)
        let request = try #require(api.requests.first)
        #expect(request.usesCodename == false)
        guard case .none = request.auth else {
            Issue.record("login must not authenticate")
            return
        }
        guard case .json(let body) = request.body else {
            Issue.record("JSON body expected")
            return
        }
        #expect(body == ["username": "ann", "password": "hunter2"])
    }

    @Test func loginWithoutATerminalNeedsFlags() async throws {
        let ctx = FakeContext()
        await #expect(throws: CRMError.self) { try await Harness.run("login --username ann", ctx: ctx) }
        await #expect(throws: CRMError.self) { try await Harness.run("login", ctx: ctx) }
        await #expect(throws: CRMError.self) {
            try await Harness.run("login --username ann --password-env CRM_TEST_SURELY_UNSET_VAR", ctx: ctx)
        }
    }

    @Test func loginCurlHidesThePassword() async throws {
        let api = FakeAPI()
        let ctx = FakeContext(api: api)
        ctx.settings.curl = true
        let out = try await Harness.run("login --username ann", ctx: ctx)
        #expect(out.stringValue?.hasPrefix("curl") == true)
        #expect(ctx.prompts.isEmpty && api.requests.isEmpty)
    }

    @Test func sessionCommands() async throws {
        let session = FakeSession()
        let ctx = FakeContext(session: session)
        try await Harness.run(
            "profile add stage --class staging --leeloo-url https://x --leeloo-token env:T --app-token A", ctx: ctx)
        #expect(session.addedProfiles.first?.0 == "stage")
        #expect(session.addedProfiles.first?.1.keys == ["class", "leeloo-url", "leeloo-token", "app-token"])
        try await Harness.run("set-token leeloo L --save", ctx: ctx)
        try await Harness.run("set-token app A", ctx: ctx)
        #expect(session.setTokens.map(\.api) == ["leeloo", "app"])
        #expect(session.setTokens.first?.persist == true)
        #expect(try await Harness.run("profile use prod", ctx: ctx) == "Using profile 'prod' (demo).")
        await #expect(throws: CRMError.self) { try await Harness.run("profile use nope", ctx: ctx) }
        #expect(try await Harness.run("whoami", ctx: ctx) == ["profile": "prod"])
        #expect(try await Harness.run("profile list", ctx: ctx).listValue?.count == 1)
        #expect(try await Harness.run("profile show", ctx: ctx)[field: "leelooToken"] == "****")
    }
}
