import CRMClient
import CRMCore
import Foundation
import Testing

@testable import CRMShell

/// Issue 11, as a user meets it in the shell: `set-token app`, the request deadline setting, and
/// tokens with control characters.
@Suite("hardening in the shell", .serialized)
struct HardeningShellTests {
    @Test func setTokenAppWorks() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("set-token app typed-app-token-123; whoami | get app_token")
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("set"), "out: \(r.out)")
        #expect(!(r.out + r.err).contains("typed-app-token-123"))
    }

    @Test func aTypedTokenWithAControlCharacterIsRefusedUnprinted() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run(#"set-token leeloo "typed-token-123456\r""#)
        #expect(r.status == 4, "stderr: \(r.err)")
        #expect(r.err.contains("auth.bad-token") || r.err.contains("control character"), "stderr: \(r.err)")
        #expect(!r.err.contains("typed-token-123456"))
    }

    @Test func theDeadlineIsASetting() async throws {
        #expect(try LaunchOptions.parse(["--timeout", "2.5", "-c", "echo"]).settings.timeout == 2.5)
        #expect(throws: CRMError.self) { _ = try LaunchOptions.parse(["--timeout", "1e300", "-c", "echo"]) }
        #expect(throws: CRMError.self) { _ = try LaunchOptions.parse(["--timeout", "nan", "-c", "echo"]) }
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("set timeout 0.5; option timeout")
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("0.5"), "out: \(r.out)")
        #expect(try await h.run("option timeout 0").status == 2)
    }
}
