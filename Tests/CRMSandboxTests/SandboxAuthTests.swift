import Testing

@testable import CRMSandbox

@Suite("Sandbox authentication")
struct SandboxAuthTests {
    @Test func leelooMissingTokenIsFormatError() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v2/people", auth: false)
            #expect(a.status == 401)
            #expect(a.text == #"{"status":0,"error":{"fields":{"authToken":"REQUIRED"},"code":"FORMAT_ERROR"}}"#)
        }
    }

    @Test func leelooWrongTokenIsAuthError() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v2/people", token: "nope")
            #expect(a.status == 401)
            #expect(a.text == #"{"status":0,"error":{"code":"AUTH_ERROR"}}"#)
        }
    }

    @Test func leelooTokenInHeaderOnlyAndUntrimmed() async throws {
        try await Harness.with { h in
            let query = try await h.call(.GET, "/api/v2/tags?authToken=\(h.options.leelooToken)", auth: false)
            #expect(query.status == 401)
            #expect(query.text.contains(#""authToken":"REQUIRED""#))
        }
        // HTTP strips spaces around a header value before the handler sees it: ask the engine directly.
        let engine = SandboxEngine(options: SandboxOptions())
        for token in [" sandbox-leeloo-token", "sandbox-leeloo-token\u{A0}"] {
            guard case .reply(let reply) = engine.handle(
                method: "GET", path: "/api/v2/tags", query: "", headers: ["x-leeloo-authtoken": token], body: [])
            else {
                Issue.record("no reply")
                continue
            }
            #expect(reply.status == 401)
            #expect(reply.body.contains("AUTH_ERROR"))
        }
    }

    @Test func chattonicNeedsBearer() async throws {
        try await Harness.with { h in
            let missing = try await h.call(.GET, "/api/v1/demo/lead/funnels", auth: false, chattonic: true)
            #expect(missing.status == 401)
            #expect(missing.text == #"{"message":"Unauthorized"}"#)
            let wrong = try await h.call(.GET, "/api/v1/demo/lead/funnels", chattonic: true, token: "bad")
            #expect(wrong.status == 401)
            let ok = try await h.call(.GET, "/api/v1/demo/lead/funnels", chattonic: true)
            #expect(ok.status == 200)
        }
    }

    @Test func unknownCodenameIs404() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v1/other/lead/funnels", chattonic: true)
            #expect(a.status == 404)
            #expect(a["message"] != nil)
        }
    }

    @Test func loginReturnsTokenAndCodename() async throws {
        try await Harness.with { h in
            let ok = try await h.call(
                .POST, "/api/v1/user/login", auth: false, chattonic: true,
                json: #"{"username":"demo","password":"demo"}"#)
            #expect(ok.status == 200)
            #expect(ok["token"]?.stringValue == h.options.chattonicToken)
            #expect(ok["appCodename"]?.stringValue == "demo")
            let bad = try await h.call(
                .POST, "/api/v1/user/login", auth: false, chattonic: true, json: #"{"username":"demo","password":"x"}"#)
            #expect(bad.status == 401)
            let missing = try await h.call(
                .POST, "/api/v1/user/login", auth: false, chattonic: true, json: #"{"username":"demo"}"#)
            #expect(missing.status == 400)
        }
    }

    @Test func archiveURLNeedsAppToken() async throws {
        try await Harness.with { h in
            let name = "funnels/account-telegram-\(SandboxID.make(SandboxID.ctAccount, 1))/2025-05-25.zip"
            let without = try await h.call(.GET, "/api/v1/demo/archive/url?name=\(name)", chattonic: true)
            #expect(without.status == 401)
            let with = try await h.call(
                .GET, "/api/v1/demo/archive/url?token=\(h.options.chattonicAppToken)&name=\(name)", auth: false,
                chattonic: true)
            #expect(with.status == 200)
            #expect(with["expiresIn"]?.int == 86_400)
            #expect(with["url"]?.stringValue?.contains("/csv/funnels/") == true)
        }
    }

    @Test func unknownIdIs404WithLeelooBody() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v2/people/000000000000000000000000")
            #expect(a.status == 404)
            #expect(a.text == #"{"status":0,"error":{"code":"NOT_FOUND"}}"#)
        }
    }
}
