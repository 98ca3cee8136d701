import CRMCore
import Testing

@testable import CRMShell

@Suite("crm command line")
struct LaunchOptionsTests {
    @Test func resumeTakesOptionsBeforeAndAfterTheRunID() throws {
        let after = try LaunchOptions.parse(["resume", "r1", "--yes", "--concurrency", "8"])
        guard case .resume(let id) = after.mode else {
            Issue.record("not resume: \(after.mode)")
            return
        }
        #expect(id == "r1")
        #expect(after.settings.yes)
        #expect(after.settings.concurrency == 8)
        let before = try LaunchOptions.parse(["--yes", "resume", "r1"])
        #expect(before.settings.yes)
        #expect(throws: CRMError.self) { try LaunchOptions.parse(["resume", "r1", "extra.crm"]) }
    }

    /// `crm lower.crm --dry-run` once ran the script with `$1 = "--dry-run"` and sent its writes.
    @Test(arguments: [
        ["lower.crm", "--dry-run"], ["lower.crm", "x", "-y"], ["run", "lower.crm", "--yes"],
        ["-c", "people", "--dry-run"], ["-", "--profile", "prod"], ["--demo", "lower.crm", "-o", "csv"],
    ])
    func aLaunchOptionAfterTheScriptIsAUsageError(_ argv: [String]) {
        do {
            let o = try LaunchOptions.parse(argv)
            Issue.record("parsed as \(o.mode)")
        } catch let e as CRMError {
            #expect(e.exitStatus == .usage)
            #expect(e.message.contains("Put it before the script"), "\(e.message)")
            #expect(e.message.contains("after '--' to hand it to the script"), "\(e.message)")
        } catch { Issue.record("\(error)") }
    }

    @Test func wordsAfterDoubleDashAreTheScripts() throws {
        let o = try LaunchOptions.parse(["--dry-run", "lower.crm", "a", "--", "--dry-run", "--"])
        #expect(o.mode == .script(path: "lower.crm", args: ["a", "--dry-run", "--"]))
        #expect(o.settings.dryRun)
        let c = try LaunchOptions.parse(["-c", "echo $1", "--", "-v"])
        #expect(c.mode == .inline(text: "echo $1", args: ["-v"]))
        let plain = try LaunchOptions.parse(["lower.crm", "--tag", "vip"])
        #expect(plain.mode == .script(path: "lower.crm", args: ["--tag", "vip"]))
    }
}

/// Shell settings have one parser (`Settings.applying`): the launch options, `option`/`set` and a
/// write command's own `--concurrency` refuse the same bad values, and nothing is silently clamped.
@Suite("shell settings")
struct ShellSettingsTests {
    @Test func launchOptionsRefuseBadValues() {
        #expect(throws: CRMError.self) { try LaunchOptions.parse(["--concurrency", "1000", "-c", "echo"]) }
        #expect(throws: CRMError.self) { try LaunchOptions.parse(["--output", "yaml", "-c", "echo"]) }
        #expect((try? LaunchOptions.parse(["--output", "csv", "-c", "echo"]))?.settings.output == "csv")
    }

    @Test func optionAndWriteFlagRefuseOutOfRangeConcurrency() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let option = try await h.run("option concurrency 0")
        #expect(option.status == 2)
        #expect(option.err.contains("Setting 'concurrency' takes a number from 1 to 256, got '0'."), "\(option.err)")
        let typo = try await h.run("option output jsn")
        #expect(typo.err.contains("Did you mean 'json'?"), "\(typo.err)")
        // 1,000 workers used to be clamped to 256 without a word; now nothing is sent.
        let flag = try await h.run("people --tag vip | first 3 | people add-tag newsletter --concurrency 1000")
        #expect(flag.status == 2)
        #expect(flag.err.contains("Flag '--concurrency' takes a number from 1 to 256, got '1000'."), "\(flag.err)")
        let routes = try await h.stats()[field: "requests"]?[field: "byRoute"]?.recordValue?.keys ?? []
        #expect(!routes.contains { $0.hasPrefix("POST") || $0.hasPrefix("PUT") }, "routes: \(routes)")
    }
}
