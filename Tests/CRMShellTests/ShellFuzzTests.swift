import CRMClient
import CRMCore
import CRMLanguage
import Foundation
import Testing

@testable import CRMBulk
@testable import CRMShell

/// Issue 11: the hostile server of `ServerFuzzTests` (ScriptedServer and HostileReplies are
/// shared with CRMClientTests through symlinks) against whole statements, as a user types them:
/// `people | count`, `people | first 3`, `tags` and a small bulk send with its journal. Every
/// round ends with a documented exit status, every failure is an error located in the script,
/// and no token reaches stdout, stderr or a journal.
///
/// `CRM_SHELL_FUZZ_ROUNDS` raises the round count (default 400).
@Suite("hostile server, whole statements")
struct ShellFuzzTests {
    @Test func aHostileServerNeverCrashesTheShell() async throws {
        let env = ProcessInfo.processInfo.environment
        let rounds = env["CRM_SHELL_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 400
        let server = try ScriptedServer { _, i in HostileReplies.reply(seed: 1111, index: i) }
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scripts = [
            "people | count", "people | first 3", "tags",
            "for p in people --limit 2 | send-template \(BulkRunTests.template) --concurrency 2",
        ]
        let documented = Set(CRMCore.ExitStatus.allCases.map(\.rawValue))
        let token = HostileReplies.token
        var statuses: [Int32: Int] = [:]
        for round in 0..<rounds {
            // A profile per round: one round's rate limits and unfinished runs stay its own.
            let vars = [
                "CRM_PROFILE": "fuzz\(round)", "CRM_PROFILE_CLASS": "demo", "CRM_LEELOO_URL": server.baseURL,
                "CRM_LEELOO_TOKEN": token, "CRM_CHATTONIC_URL": server.baseURL, "CRM_CHATTONIC_CODENAME": "demo",
                "CRM_CHATTONIC_TOKEN": token, "CRM_CHATTONIC_APP_TOKEN": token,
                "XDG_CONFIG_HOME": dir.appendingPathComponent("config").path,
                "XDG_STATE_HOME": dir.appendingPathComponent("state").path, "HOME": dir.path,
            ]
            let session = try Session(configURL: nil, environment: vars)
            let term = Terminal.capturing()
            let host = ShellHost(
                session: session, settings: Settings(), isInteractive: false, terminal: term, environment: vars)
            host.clientOptions = Self.quick
            let registry = ShellRegistry.make(host: host)
            let script = scripts[round % scripts.count]
            let status = await ScriptRunner.run(
                source: script, file: "<fuzz>", args: [], commands: registry, host: host, errorOutput: { term.err($0) })
            term.flush()
            statuses[status, default: 0] += 1
            let err = term.capturedErr
            #expect(documented.contains(status), "round \(round) '\(script)': exit \(status)\n\(err)")
            if status != 0 {
                #expect(err.contains("<fuzz>:1:"), "round \(round) '\(script)': an unlocated failure\n\(err)")
            }
            #expect(!(term.capturedOut + err).contains("QZXWV"), "round \(round) leaked the token:\n\(err)")
        }
        let runs = dir.appendingPathComponent("state/crm/runs")
        for file in RunJournal.files(in: runs) {
            #expect(!(try String(contentsOf: file, encoding: .utf8)).contains("QZXWV"), "\(file.lastPathComponent)")
        }
        #expect(statuses[0, default: 0] > 0)
        #expect(statuses.count > 2, "\(statuses)")
    }

    /// Quick retries and waits, so a thousand hostile answers take seconds.
    static var quick: ClientOptions {
        var o = ClientOptions()
        o.maxAttempts = 2
        o.baseBackoff = 0.001
        o.maxBackoff = 0.005
        o.retryAfterCap = 0.01
        o.readTimeout = 5
        o.requestTimeout = 5
        return o
    }
}
