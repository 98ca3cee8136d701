import CRMCore
import Foundation
import Testing

@testable import CRMClient

@Suite struct SessionTests {
    func tempConfigURL() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("crm-test-\(UUID().uuidString)")
            .appendingPathComponent("crm").appendingPathComponent("config.toml")
    }

    @Test func defaultConfigURLUsesXDG() {
        #expect(Session.defaultConfigURL(environment: ["XDG_CONFIG_HOME": "/x/cfg"]).path == "/x/cfg/crm/config.toml")
        #expect(Session.defaultConfigURL(environment: ["HOME": "/home/u"]).path == "/home/u/.config/crm/config.toml")
    }

    /// After a `set-token` the previous token was no longer filtered from history and recordings.
    @Test func aReplacedTokenStaysASecret() throws {
        let s = try Session(configURL: nil, environment: [:])
        try s.addProfile(
            "work", fields: Record([("leeloo_url", "https://api.leeloo.ai"), ("leeloo_token", "first-token-111")]))
        try s.useProfile("work")
        try s.setToken("second-token-222", for: .leeloo, persist: false)
        #expect(s.secrets.contains("first-token-111"))
        #expect(s.secrets.contains("second-token-222"))
    }

    @Test func configRoundTripWithMode0600() throws {
        let url = tempConfigURL()
        let s = try Session(configURL: url, environment: ["LEELOO_SECRET": "resolved-secret-token-xyz"])
        #expect(!s.hasAnyProfile)
        try s.addProfile(
            "prod",
            fields: Record([
                ("class", "prod"), ("leeloo_url", "https://api.leeloo.ai/"), ("leeloo_token", "env:LEELOO_SECRET"),
                ("chattonic_url", "https://ct.example.com"), ("codename", "acme"),
                ("chattonic_token", "stored-chattonic-token-1"),
            ]))
        let attrs = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let dirAttrs = try FileManager.default.attributesOfItem(atPath: url.deletingLastPathComponent().path)
        #expect((dirAttrs[.posixPermissions] as? NSNumber)?.intValue == 0o700)

        let again = try Session(configURL: url, environment: ["LEELOO_SECRET": "resolved-secret-token-xyz"])
        let p = try #require(again.currentProfile)
        #expect(p.name == "prod" && p.safetyClass == .prod)
        #expect(p.leelooURL == "https://api.leeloo.ai")
        #expect(p.leelooToken == "resolved-secret-token-xyz")
        #expect(p.chattonicCodename == "acme")
        #expect(again.secrets.contains("resolved-secret-token-xyz"))
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("leeloo_token = \"env:LEELOO_SECRET\""))
        #expect(!text.contains("resolved-secret-token-xyz"))
    }

    @Test func unsetEnvReferenceIsNamedInTheError() async throws {
        let s = try Session(configURL: nil, environment: [:])
        try s.addProfile(
            "p", fields: Record([("leeloo_url", "http://127.0.0.1:1"), ("leeloo_token", "env:MY_LEELOO")]))
        let maybe = s.service(options: ClientOptions(), notice: { _ in })
        let svc = try #require(maybe)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/tags")) }
        #expect(e?.code == "auth.missing-token")
        #expect(e?.message.contains("MY_LEELOO") == true)
        #expect(try s.showProfile("p")[field: "leeloo_token"] == "env:MY_LEELOO (not set)")
    }

    @Test func sessionTokensAreSavedOnlyWhenAsked() throws {
        let url = tempConfigURL()
        let s = try Session(configURL: url, environment: [:])
        try s.addProfile("stage", fields: Record([("class", "staging"), ("leeloo_url", "http://127.0.0.1:1")]))
        try s.setToken("typed-session-token-abc", for: .leeloo, persist: false)
        #expect(s.currentProfile?.leelooToken == "typed-session-token-abc")
        #expect(try !String(contentsOf: url, encoding: .utf8).contains("typed-session-token-abc"))
        try s.setChattonicLogin(token: "persisted-jwt-token-123", codename: "demo", persist: true)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("persisted-jwt-token-123"))
        #expect(!text.contains("typed-session-token-abc"))
        #expect(s.currentProfile?.leelooToken == "typed-session-token-abc")
    }

    @Test func malformedConfigNamesFileAndLine() throws {
        let url = tempConfigURL()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "current = \"a\"\n\n[profiles.a]\nclass = \"prod\nleeloo_url = 3\n".write(
            to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try Session(configURL: url, environment: [:])
        } throws: { e in
            guard let e = e as? CRMError else { return false }
            return e.code == "config.invalid" && e.location?.file == url.path && e.location?.line == 4
        }
        try "[profiles.a]\nclass = \"bogus\"\n".write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try Session(configURL: url, environment: [:])
        } throws: { e in
            guard let e = e as? CRMError else { return false }
            return e.code == "config.invalid" && e.message.contains("'bogus'") && e.location?.line == 2
        }
    }

    @Test func environmentFormsAnEnvProfile() throws {
        let s = try Session(
            configURL: nil,
            environment: ["CRM_LEELOO_URL": "http://127.0.0.1:1", "CRM_LEELOO_TOKEN": "env-token-value-123"])
        let p = try #require(s.currentProfile)
        #expect(p.name == "env" && p.safetyClass == .prod)
        #expect(p.leelooToken == "env-token-value-123")
        #expect(s.profileName == "env" && s.safetyClass == "prod")
        let staged = try Session(
            configURL: nil, environment: ["CRM_LEELOO_TOKEN": "t-123456789", "CRM_PROFILE_CLASS": "staging"])
        #expect(staged.currentProfile?.safetyClass == .staging)
    }

    @Test func environmentOverridesTheSelectedProfile() throws {
        let url = tempConfigURL()
        let s = try Session(configURL: url, environment: [:])
        try s.addProfile(
            "one",
            fields: Record([
                ("class", "demo"), ("leeloo_url", "http://a.example"), ("leeloo_token", "file-token-1234567"),
            ]))
        try s.addProfile("two", fields: Record([("class", "staging"), ("leeloo_url", "http://b.example")]))
        let o = try Session(
            configURL: url, environment: ["CRM_PROFILE": "two", "CRM_LEELOO_TOKEN": "override-token-12345"])
        let p = try #require(o.currentProfile)
        #expect(p.name == "two" && p.leelooURL == "http://b.example" && p.leelooToken == "override-token-12345")
        #expect(p.safetyClass == .staging)
        let u = try Session(configURL: url, environment: ["CRM_LEELOO_URL": "http://c.example"])
        #expect(u.currentProfile?.name == "one" && u.currentProfile?.safetyClass == .prod)
        #expect(throws: CRMError.self) { _ = try Session(configURL: url, environment: ["CRM_PROFILE": "thre"]) }
    }

    @Test func listingsMaskTokens() throws {
        let s = try Session(configURL: nil, environment: [:])
        s.registerDemoProfile(
            leelooURL: "http://127.0.0.1:1", chattonicURL: "http://127.0.0.1:1/chattonic",
            leelooToken: "sandbox-leeloo-token",
            chattonicToken: "sandbox-chattonic-token", appToken: "sandbox-app-token", codename: "demo")
        let shown = try s.showProfile(nil)
        #expect(shown[field: "leeloo_token"] == "sand…(20 chars)")
        #expect(shown[field: "class"] == "demo")
        let everything = (s.listProfiles().map { $0.toJSON() } + [shown.toJSON(), s.whoami().toJSON()]).joined()
        for t in s.secrets { #expect(!everything.contains(t)) }
        #expect(s.secrets.count == 3)
        #expect(throws: CRMError.self) { try s.useProfile("dem") }
    }

    @Test(arguments: [
        Record([("class", "production")]), Record([("leeloo_url", "ftp://x")]), Record([("leelo_url", "http://x")]),
        Record([("leeloo_url", .int(3))]),
    ])
    func addProfileValidates(fields: Record) throws {
        let s = try Session(configURL: nil, environment: [:])
        #expect(throws: CRMError.self) { try s.addProfile("x", fields: fields) }
        #expect(!s.hasAnyProfile)
    }

    @Test func serviceIsCachedUntilTokensChange() throws {
        let s = try Session(
            configURL: nil,
            environment: ["CRM_LEELOO_URL": "http://127.0.0.1:1", "CRM_LEELOO_TOKEN": "first-token-12345"])
        let a = s.service(options: ClientOptions(), notice: { _ in })
        #expect(a != nil && a === s.service(options: ClientOptions(), notice: { _ in }))
        try s.setToken("second-token-12345", for: .leeloo, persist: false)
        let b = s.service(options: ClientOptions(), notice: { _ in })
        #expect(b !== a)
        #expect(b?.profile.leelooToken == "second-token-12345")
    }
}
