import CRMCore
import Foundation
import Synchronization
import Testing

@testable import CRMClient

/// Issue 11: nothing a server or a config can send crashes crm, leaks a token or pages forever.
@Suite struct HardeningTests {
    static let token = "tok/le+eloo=1234567890"

    func service(_ base: String, token: String = Self.token, options: ClientOptions = quickOptions()) -> HTTPAPIService
    {
        let p = Profile(
            name: "hard-\(UUID().uuidString)", safetyClass: .demo, leelooURL: base, leelooToken: token,
            chattonicURL: base, chattonicCodename: "demo", chattonicToken: "tok-chattonic-1234567890")
        return HTTPAPIService(profile: p, options: options, notice: { _ in })
    }

    /// Every way a server may echo the token.
    static let echoes = [
        token, "tok\\/le+eloo=1234567890", "tok%2Fle%2Beloo%3D1234567890", "tok%2fle%2beloo%3d1234567890",
        "tok/le%2Beloo%3D1234567890",
    ]

    @Test(arguments: echoes) func aLeelooErrorEchoingTheTokenNeverPrintsIt(_ echo: String) async throws {
        let body =
            #"{"status":0,"error":{"code":"BAD_\#(echo)","fields":{"authToken":"\#(echo)","x":"\#(echo)"},"message":"\#(echo)"}}"#
        let server = try ScriptedServer { _, _ in
            .status(200, "OK \(echo)", body: body, headers: [("X-Echo", echo)])
        }
        defer { server.stop() }
        let e = await crmError {
            _ = try await service(server.baseURL).send(APIRequest(.leeloo, "GET", "/api/v2/tags"))
        }
        let text = (e?.message ?? "") + (e?.help ?? "")
        #expect(e != nil)
        for form in Self.echoes { #expect(!text.contains(form), "\(text)") }
        #expect(!text.contains("1234567890"), "\(text)")
    }

    @Test(arguments: ["tok-abc-1234567890\r", "tok abc 1234567890", "tok-abc\n-1234567890"])
    func aTokenWithControlCharactersIsRefusedUnprinted(_ bad: String) async throws {
        let server = try ScriptedServer { _, _ in .status(200, "OK", body: "{}") }
        defer { server.stop() }
        let e = await crmError {
            _ = try await service(server.baseURL, token: bad).send(APIRequest(.leeloo, "GET", "/x"))
        }
        #expect(e?.code == "auth.bad-token")
        #expect(e?.message.contains("1234567890") == false)
        #expect(server.requests.isEmpty)
        let env = ["CRM_LEELOO_URL": "http://127.0.0.1:1", "CRM_LEELOO_TOKEN": bad]
        #expect(throws: CRMError.self) { _ = try Session(configURL: nil, environment: env) }
        let s = try Session(configURL: nil, environment: ["CRM_LEELOO_URL": "http://127.0.0.1:1"])
        #expect(throws: CRMError.self) { try s.setToken(bad, for: .leeloo, persist: false) }
    }

    @Test(arguments: [
        "Sun, 06 Nov 1994 99999999999999999:00:00 GMT", "Sun, 06 Nov 99999999999999999999 08:49:37 GMT",
        "Sun, 99999999999999 Nov 1994 08:49:37 GMT", "Sun, 06 Nov -1 08:49:37 GMT", "Sun, 06 Nov 1994 ::: GMT",
    ])
    func absurdRetryAfterDatesAreIgnored(_ header: String) async throws {
        #expect(HTTPDate.parse(header) == nil)
        #expect(RetryPolicy.retryAfter(header, cap: 30, now: 0) == nil)
        let server = try ScriptedServer { _, i in
            i == 0
                ? .status(429, "Too Many Requests", body: "{}", headers: [("Retry-After", header)])
                : .status(200, "OK", body: #"{"status":1,"data":[]}"#)
        }
        defer { server.stop() }
        _ = try await service(server.baseURL).send(APIRequest(.leeloo, "GET", "/api/v2/tags"))
    }

    @Test(arguments: ["1e300;w=1e300", "9999999999999999999999;w=1", "10;w=1e300", "-5;w=1", "nan;w=1", "10;w=0"])
    func absurdRateLimitPoliciesAreIgnored(_ policy: String) async throws {
        #expect(RateScheduler.parsePolicy(policy) == nil)
        let server = try ScriptedServer { _, _ in
            .status(
                200, "OK", body: #"{"status":1,"data":[]}"#,
                headers: [("RateLimit-Policy", policy), ("RateLimit-Remaining", "99999999999999999999999")])
        }
        defer { server.stop() }
        let svc = service(server.baseURL)
        for _ in 0..<3 { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/tags")) }
    }

    @Test(arguments: [
        "http://127.0.0.1:99999", "http://127.0.0.1:0", "http://h:-1", "http://h:12a", "http://:80", "http://a b",
        "https://[::1:80", "http://user:pw@h",
    ])
    func badBaseURLsAreRefusedWhenLoaded(_ url: String) throws {
        #expect(ProfileChecks.urlProblem(url) != nil)
        #expect(throws: CRMError.self) { _ = try Session(configURL: nil, environment: ["CRM_LEELOO_URL": url]) }
        let s = try Session(configURL: nil, environment: [:])
        #expect(throws: CRMError.self) { try s.addProfile("p", fields: ["leeloo_url": .string(url)]) }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("crm-\(UUID().uuidString).toml")
        defer { try? FileManager.default.removeItem(at: config) }
        try "[profiles.p]\nleeloo_url = \"\(url)\"\n".write(to: config, atomically: true, encoding: .utf8)
        #expect(throws: CRMError.self) { _ = try Session(configURL: config, environment: [:]) }
    }

    @Test func goodBaseURLsPass() {
        for url in ["http://127.0.0.1:65535", "https://api.leeloo.ai", "http://[::1]:8080/x", "http://h/p?q"] {
            #expect(ProfileChecks.urlProblem(url) == nil, "\(url)")
        }
    }

    /// The first error of a full pass over a list whose every page is `page`.
    func passError(_ paging: Paging, _ page: String, limit: Int? = nil) async throws -> CRMError? {
        let server = try ScriptedServer { _, _ in .status(200, "OK", body: page) }
        defer { server.stop() }
        let c = service(server.baseURL).stream(
            APIRequest(.leeloo, "GET", "/api/v2/people"), paging: paging, limit: limit
        )
        .makeCursor()
        return await crmError {
            for _ in 0..<100_000 { if try await c.next() == nil { return } }
        }
    }

    static func fullPage(_ n: Int, key: String) -> String {
        "{\"\(key)\":[" + (0..<n).map { "{\"id\":\($0)}" }.joined(separator: ",") + "]}"
    }

    @Test func aLeelooListWithoutATotalThatRepeatsItsPageStops() async throws {
        let e = try await passError(.leelooOffset(pageSize: 10), Self.fullPage(10, key: "data"))
        #expect(e?.code == "http.bad-page")
        #expect(e?.message.contains("repeats an earlier page") == true, "\(e?.message ?? "")")
    }

    @Test func aChattonicListThatAlwaysReturnsAFullPageStops() async throws {
        let e = try await passError(.chattonicSkip(pageSize: 10, itemsKey: "items"), Self.fullPage(10, key: "items"))
        #expect(e?.code == "http.bad-page")
    }

    @Test(arguments: [
        #"{"data":[{"id":1}],"meta":{"totalCount":-1}}"#, #"{"data":[{"id":1}],"meta":{"totalCount":1e300}}"#,
        #"{"data":[{"id":1}],"meta":{"totalCount":"lots"}}"#, "", "null", #"{"data":"oops"}"#, #"{"status":1}"#, "42",
    ])
    func aBodyThatIsNotAPageIsAnError(_ body: String) async throws {
        let e = try await passError(.leelooOffset(pageSize: 10), body)
        #expect(e?.code == "http.bad-page", "\(body): \(e?.message ?? "no error")")
        #expect(e?.message.hasPrefix("GET /api/v2/people") == true)
    }

    @Test(arguments: ["", "null", #"{"items":"oops"}"#, #"{"other":[]}"#])
    func aChattonicBodyThatIsNotAPageIsAnError(_ body: String) async throws {
        let e = try await passError(.chattonicSkip(pageSize: 10, itemsKey: "items"), body)
        #expect(e?.code == "http.bad-page", "\(body): \(e?.message ?? "no error")")
    }

    @Test func aTrickledBodyFailsAtTheDeadline() async throws {
        let body = #"{"status":1,"data":[]}"# + String(repeating: " ", count: 200)
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        let server = try ScriptedServer { _, _ in .trickle(head + body, interval: 0.05) }
        defer { server.stop() }
        var o = quickOptions(attempts: 1)
        o.requestTimeout = 0.3
        let e = await crmError {
            _ = try await service(server.baseURL, options: o).send(APIRequest(.leeloo, "GET", "/x"))
        }
        #expect(e?.code == "network.timeout")
        #expect(e?.message.contains("no complete response within 0.3 s") == true, "\(e?.message ?? "")")
        #expect(e?.help?.contains("--timeout") == true)
    }

    /// Issue 22 §10: a trickled read is retried once, not five times: at most twice `--timeout`.
    @Test func aTrickledReadIsRetriedOnlyOnce() async throws {
        let body = #"{"status":1,"data":[]}"# + String(repeating: " ", count: 200)
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        let server = try ScriptedServer { _, _ in .trickle(head + body, interval: 0.05) }
        defer { server.stop() }
        var o = quickOptions(attempts: 5)
        o.requestTimeout = 0.3
        let e = await crmError {
            _ = try await service(server.baseURL, options: o).send(APIRequest(.leeloo, "GET", "/x"))
        }
        #expect(e?.code == "network.timeout")
        #expect(server.requests.count == 2)
    }

    @Test func policiesApplyToTheEndpointTheyCameFrom() {
        #expect(RateScheduler.scope(of: "/api/v2/people/42/tags") == "/api/v2/people")
        #expect(RateScheduler.scope(of: "/api/v2/tags?limit=5") == "/api/v2/tags")
        #expect(RateScheduler.scope(of: "/chats/abc1") == "/chats")
        let a = RateScheduler.shared(profile: "scope-test", api: .leeloo, baseURL: "x", scope: "/api/v2/people")
        #expect(a !== RateScheduler.shared(profile: "scope-test", api: .leeloo, baseURL: "x", scope: "/api/v2/tags"))
    }

    @Test func aSlowEndpointsPolicyDoesNotStallAnotherEndpoint() async throws {
        let server = try ScriptedServer { req, _ in
            let policy = req.target.hasPrefix("/api/v2/tags") ? "1;w=60" : "1000;w=1"
            return .status(200, "OK", body: #"{"status":1,"data":[]}"#, headers: [("RateLimit-Policy", policy)])
        }
        defer { server.stop() }
        let notices = Notices()
        let p = Profile(
            name: "scope-\(UUID().uuidString)", safetyClass: .demo, leelooURL: server.baseURL, leelooToken: Self.token)
        let svc = HTTPAPIService(profile: p, options: quickOptions(), notice: notices.handler)
        _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/tags"))
        for _ in 0..<3 { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people")) }
        #expect(notices.all.isEmpty, "people waited for the pace tags announced: \(notices.all)")
        #expect(server.requests.count == 4)
    }

    @Test func aRetryWaitLongerThanASecondIsAnnouncedOutsideBulkRuns() {
        let svc = service("http://127.0.0.1:1")
        #expect(svc.announcesWait(1.5))
        #expect(!svc.announcesWait(0.5))
        #expect(!RetryBudget.$attempts.withValue(10) { svc.announcesWait(5) })  // a bulk run's progress line counts it
    }

    @Test func aPaceWaitLongerThanASecondIsAnnouncedOnce() async throws {
        let now = FakeClock()
        let s = RateScheduler(label: "leeloo", clock: { now.value }, sleep: { now.advance($0) })
        s.learnPolicy("1;w=2")
        let notices = Notices()
        for _ in 0..<4 { try await s.acquire(notice: notices.handler) }
        let waits = notices.all.filter { $0.contains("waiting") }
        #expect(waits.count >= 1, "\(notices.all)")
        #expect(
            waits.allSatisfy { $0.hasPrefix("leeloo rate limit: waiting ") && $0.contains("(pace of 0.5 requests/s)") })
        #expect(waits.count <= 3, "one notice per waiting spell: \(notices.all)")
    }
}

/// A clock the test moves by hand (sleeping advances it).
final class FakeClock: Sendable {
    private let now = Mutex(1000.0)
    var value: Double { now.withLock { $0 } }
    func advance(_ s: Double) { now.withLock { $0 += max(s, 0) } }
}

/// Issue 11: what a config file can do wrong is said, never silently worked around.
@Suite struct ConfigHardeningTests {
    func write(_ text: String, mode: Int = 0o600) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("config.toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        chmod(url.path, mode_t(mode))
        return url
    }

    @Test func currentNamingAMissingProfileIsAnError() throws {
        let url = try write("current = \"prdo\"\n[profiles.prod]\nleeloo_url = \"http://h\"\n")
        do {
            _ = try Session(configURL: url, environment: [:])
            Issue.record("loaded")
        } catch let e as CRMError {
            #expect(e.code == "config.invalid")
            #expect(e.message.contains("'prdo'") && e.message.contains("Did you mean 'prod'"), "\(e.message)")
        }
        // An explicit choice still works.
        #expect(throws: Never.self) { _ = try Session(configURL: url, environment: ["CRM_PROFILE": "prod"]) }
    }

    @Test func aNulByteInTheConfigIsAnError() throws {
        let url = try write("[profiles.a]\nleeloo_url = \"http://h\"\n\u{0}\n[profiles.b]\nleeloo_url = \"http://h\"\n")
        do {
            _ = try Session(configURL: url, environment: [:])
            Issue.record("loaded")
        } catch let e as CRMError {
            #expect(e.code == "config.invalid")
            #expect(e.location?.line == 3)
            #expect(e.message.contains("NUL"))
        }
    }

    @Test func literalTokensReadableByOthersAreWarnedAbout() throws {
        let text = "[profiles.p]\nleeloo_url = \"http://h\"\nleeloo_token = \"literal-token-123456\"\n"
        let open = try write(text, mode: 0o644)
        let warning = try Session(configURL: open, environment: [:]).warnings.first
        #expect(warning?.contains(open.path) == true)
        #expect(warning?.contains("chmod 600") == true)
        #expect(warning?.contains("literal-token") == false)
        #expect(try Session(configURL: try write(text, mode: 0o600), environment: [:]).warnings.isEmpty)
        let refs = try write("[profiles.p]\nleeloo_token = \"env:X\"\n", mode: 0o644)
        #expect(try Session(configURL: refs, environment: [:]).warnings.isEmpty)
    }

    @Test func setTokenAppWorks() throws {
        let s = try Session(configURL: nil, environment: ["CRM_CHATTONIC_URL": "http://127.0.0.1:1"])
        try s.setAppToken("app-token-1234567890", persist: false)
        #expect(s.currentProfile?.chattonicAppToken == "app-token-1234567890")
    }
}
