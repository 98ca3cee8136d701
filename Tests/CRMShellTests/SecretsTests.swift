import CRMCore
import CRMLineEditor
import Foundation
import Testing

@testable import CRMShell

/// Tokens used in a session never reach history, traces, error text, journals, curl output or
/// the config (unless the user asked to save them).
@Suite("secrets", .serialized)
struct SecretsTests {
    @Test func tokensNeverLeak() async throws {
        let h = try await ShellHarness.start {
            $0.people = 30
            $0.vipFraction = 1.0
            $0.password = "pw-s3cret-xyz"
        }
        defer { Task { await h.stop() } }
        var verbose = Settings()
        verbose.verbose = true
        var outputs: [String] = []
        // Traces, a send run with a journal, an error that quotes the server, a login, curl.
        for (script, settings) in [
            ("people --limit 3 | count", verbose),
            ("for p in people --tag vip | send-template 5e42be758d4fff000cafe6ef", verbose),
            ("people get 000000000000000000000000", verbose),
            ("login --username demo --password-env CRM_TEST_PASSWORD\nfunnels | count", verbose),
            ("option curl on; people --limit 1; archive url funnels/x/2021-05-01.zip", Settings()),
            ("set-token chattonic typed-secret-token-123", Settings()),
            ("whoami; profile show", Settings()),
        ] {
            setenv("CRM_TEST_PASSWORD", h.options.password, 1)
            let r = try await h.run(script, settings: settings)
            outputs.append(r.out + r.err)
        }
        let secrets = [
            h.options.leelooToken, h.options.chattonicToken, h.options.chattonicAppToken, h.options.password,
            "typed-secret-token-123",
        ]
        var files: [String] = []
        if let e = FileManager.default.enumerator(atPath: h.stateDir.path) {
            for case let f as String in e {
                let full = h.stateDir.appendingPathComponent(f).path
                if let text = try? String(contentsOfFile: full, encoding: .utf8) { files.append(text) }
            }
        }
        #expect(!files.isEmpty, "the run wrote a journal")
        for secret in secrets {
            for (i, o) in outputs.enumerated() { #expect(!o.contains(secret), "output \(i) leaks a token") }
            for f in files { #expect(!f.contains(secret), "a file under the state/config dirs leaks a token") }
        }
        // History: the shell's policy keeps secret lines out.
        #expect(!HistoryPolicyCheck.saves("set-token leeloo abc123456"))
        #expect(!HistoryPolicyCheck.saves("login --username demo"))
        #expect(!HistoryPolicyCheck.saves("profile add x --leeloo-token sekret-value"))
        #expect(HistoryPolicyCheck.saves("people --tag vip | count"))
    }
}

enum HistoryPolicyCheck {
    static func saves(_ line: String) -> Bool {
        HistoryPolicy.shouldSave(line, specs: ShellRegistry.make().allSpecs, secrets: [])
    }
}
