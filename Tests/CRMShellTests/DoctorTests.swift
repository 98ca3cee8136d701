import CRMCore
import Foundation
import Testing

@testable import CRMShell

/// `crm doctor` against the sandbox: every check passes on the documented shapes, and a sandbox
/// started with `--drift` has each difference named and the exit status set.
@Suite struct DoctorTests {
    @Test func passesAgainstTheSandbox() async throws {
        let h = try await ShellHarness.start { $0.people = 60 }
        defer { Task { await h.stop() } }
        let r = try await h.run("doctor | where result != ok | count")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "0\n", "\(r.out)")
        let all = try await h.run("doctor | to json --compact")
        #expect(all.out.contains(#""check":"clock","target":"Leeloo","result":"ok""#), "\(all.out)")
        #expect(all.out.contains(#""target":"Chat-Tonic app token","result":"ok""#))
        #expect(!all.out.contains(h.options.leelooToken) && !all.out.contains(h.options.chattonicToken))
        #expect(!all.out.contains(h.options.chattonicAppToken))
    }

    @Test func namesEachDriftAndFails() async throws {
        let h = try await ShellHarness.start {
            $0.people = 60
            $0.drift = true
        }
        defer { Task { await h.stop() } }
        let r = try await h.run("doctor | where result == differs | each { $it.detail }")
        #expect(r.status == ExitStatus.api.rawValue, "the table comes out, then the failure: \(r.err)")
        #expect(r.out.contains("data[].lastMessageTime: missing (string)"), "\(r.out)")
        #expect(r.out.contains("data[].lastMessageAt: extra (string)"))
        #expect(r.out.contains("data[].phone: missing (string)"))
        #expect(r.out.contains("data[].id: number instead of string"))
        #expect(r.out.contains("objects[].interaction.last: missing (string)"))
        let failing = try await h.run("doctor")
        #expect(failing.status == ExitStatus.api.rawValue, "\(failing.err)")
        #expect(failing.err.contains("3 of"), "\(failing.err)")
    }

    @Test func checksOnlyTheTokensTheProfileHas() async throws {
        let h = try await ShellHarness.start { $0.people = 60 }
        defer { Task { await h.stop() } }
        let r = try await h.run(
            "doctor | where result == skipped | count", extraEnv: ["CRM_CHATTONIC_APP_TOKEN": ""])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "1\n", "only ct-archive-list needs the app token: \(r.out)")
        let refused = try await h.run("doctor", extraEnv: ["CRM_LEELOO_TOKEN": "wrong-token"])
        #expect(refused.status == ExitStatus.auth.rawValue, "\(refused.err)")
        #expect(refused.out.contains("refused"), "\(refused.out)")
    }
}
