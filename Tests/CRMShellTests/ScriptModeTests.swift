import Foundation
import Testing

/// End-to-end: the real `crm` binary in script mode (exit codes, args, stdin, errors).
@Suite("crm binary, script mode")
struct ScriptModeTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("crm-e2e-\(UUID().uuidString)").path

    var env: [String: String] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state"]
    }

    @Test func echoInline() async throws {
        let r = try await CRMBinary.runAsync(["-c", "echo ok"], env: env)
        #expect(r.out == "ok\n")
        #expect(r.status == 0)
    }

    @Test func scriptArgumentsAndExitCode() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("args-\(UUID().uuidString).crm")
        try "#!/usr/bin/env crm\necho \"$1 and ${2}\"\necho $args\nexit 3\n".write(
            to: file, atomically: true, encoding: .utf8)
        let r = try await CRMBinary.runAsync([file.path, "a", "b"], env: env)
        #expect(r.out == "a and b\n[\"a\",\"b\"]\n")
        #expect(r.status == 3)
        let viaRun = try await CRMBinary.runAsync(["run", file.path, "x", "y"], env: env)
        #expect(viaRun.out.hasPrefix("x and y\n"))
    }

    @Test func stdinScript() async throws {
        let r = try await CRMBinary.runAsync(["-"], stdin: "set n = 2\necho $n\n", env: env)
        #expect(r.out == "2\n")
        #expect(r.status == 0)
    }

    @Test func syntaxErrorStopsBeforeRunning() async throws {
        let r = try await CRMBinary.runAsync(["-c", "echo first\nset x = (1 +\necho never"], env: env)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("<command line>:"))
        #expect(r.status == 3)
    }

    @Test func unknownCommandIsUsageError() async throws {
        let r = try await CRMBinary.runAsync(["-c", "echo before\npeple --tag vip"], env: env)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("Did you mean 'people'?"))
        #expect(r.status == 2)
    }

    @Test func unknownOptionAndMissingFile() async throws {
        let bad = try await CRMBinary.runAsync(["--verbos"], env: env)
        #expect(bad.status == 2)
        #expect(bad.err.contains("Did you mean '--verbose'?"))
        let missing = try await CRMBinary.runAsync(["/nonexistent/x.crm"], env: env)
        #expect(missing.status == 2)
        #expect(missing.err.contains("Cannot read"))
    }

    /// The README once said 1 and docs/language.md 2; the golden script passed only because its
    /// test host's reader said usage where the shipped one said runtime.
    @Test func missingSourceFileIsAUsageErrorBeforeAnythingRuns() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("src-\(UUID().uuidString).crm")
        try "echo before\nsource nope-\(UUID().uuidString).crm\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await CRMBinary.runAsync([file.path], env: env)
        #expect(r.out.isEmpty)
        #expect(r.err.contains(":2:1: Cannot read 'nope-"), "\(r.err)")
        #expect(r.status == 2)
    }

    /// `crm lower.crm --dry-run` once ran the script with `$1 = "--dry-run"`, writes and all.
    @Test func aLaunchOptionAfterTheScriptStopsBeforeRunning() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("opt-\(UUID().uuidString).crm")
        try "echo $args\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await CRMBinary.runAsync([file.path, "--dry-run"], env: env)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("Put it before the script (crm --dry-run \(file.path) …)"), "\(r.err)")
        #expect(r.status == 2)
        let passed = try await CRMBinary.runAsync([file.path, "--", "--dry-run"], env: env)
        #expect(passed.out == "[\"--dry-run\"]\n")
        #expect(passed.status == 0)
    }

    /// `yes | crm -c 'open -'` grew to 5.7 GB; files and scripts had no bound either.
    @Test func inputPastTheLimitIsALocatedErrorAndTheLimitIsASetting() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.txt").path
        let text = String(repeating: "y\n", count: 600_000)  // 1.2 MB
        try text.write(toFile: big, atomically: true, encoding: .utf8)
        let file = try await CRMBinary.runAsync(["--max-input", "1", "-c", "echo before\nopen \(big) --raw | length"], env: env)
        #expect(file.status == 1)
        #expect(file.out == "before\n")
        #expect(file.err.contains("<command line>:2:1: Cannot read '\(big)': it is larger than the 1 MB input limit."), "\(file.err)")
        let stdin = try await CRMBinary.runAsync(["--max-input", "1", "-c", "open - | lines | count"], stdin: text, env: env)
        #expect(stdin.status == 1)
        #expect(stdin.err.contains("Cannot read standard input: it is larger than the 1 MB input limit."), "\(stdin.err)")
        let raised = try await CRMBinary.runAsync(["--max-input", "2", "-c", "open - | lines | count"], stdin: text, env: env)
        #expect(raised.out == "600000\n", "\(raised.err)")
        let script = dir.appendingPathComponent("big.crm").path
        try ("# " + String(repeating: "x", count: 1_100_000) + "\necho hi\n").write(toFile: script, atomically: true, encoding: .utf8)
        let tooBig = try await CRMBinary.runAsync(["--max-input", "1", script], env: env)
        #expect(tooBig.status == 2)
        #expect(tooBig.err.contains("larger than the 1 MB input limit"), "\(tooBig.err)")
    }

    @Test func missingTokenIsAuthError() async throws {
        let r = try await CRMBinary.runAsync(["-c", "people | count"], env: env)
        #expect(r.status == 4)
        #expect(r.err.lowercased().contains("profile") || r.err.contains("CRM_LEELOO_TOKEN"))
    }

    @Test func demoAnswersThePeopleQuery() async throws {
        let r = try await CRMBinary.runAsync(["--demo", "-c", "people --tag vip | count"], env: env)
        #expect(r.status == 0)
        #expect((Int(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0)
    }

    @Test func onboardingExampleRunsAgainstTheDemo() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let r = try await CRMBinary.runAsync(
            ["--demo", root.appendingPathComponent("examples/onboarding.crm").path], env: env)
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("People tagged vip: "))
        #expect(r.err.contains(" sent, 0 failed"))
    }

    @Test func setSettingIsSugarForOption() async throws {
        let r = try await CRMBinary.runAsync(
            ["-c", "set verbose on\noption verbose\nset output csv\noption output"], env: env)
        #expect(r.out == "true\ncsv\n")
        #expect(r.status == 0)
    }
}
