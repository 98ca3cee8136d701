import Foundation
import Testing

/// A session recorded in a real terminal (tmux) runs again as a script with the same output, with
/// other values for its parameters, and replays with `crm play`.
@Suite("record and replay", .serialized)
struct RecordReplayTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("crm-rec-\(UUID().uuidString)").path

    var env: [String: String] {
        ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config", "COLUMNS": "120"]
    }

    /// A tmux session running `crm --demo` in this test's home, at its prompt.
    func startDemo() async throws -> TmuxSession {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"))
        let crm = try #require(CRMBinary.url)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let t = TmuxSession()
        let vars = env.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        t.start("env \(vars) TERM=xterm-256color LANG=C.UTF-8 \(crm.path) --demo; sleep 60")
        #expect(await t.waitFor("crm:demo[demo]>"))
        return t
    }

    @Test func recordedSessionRerunsAsAScript() async throws {
        let t = try await startDemo()
        defer {
            t.stop()
            try? FileManager.default.removeItem(atPath: home)
        }
        let file = home + "/vip.crm"
        let typed = [
            "record start \(file)",
            "set n = 2",
            "people --tag vip | first $n | select name",
            "peeple --tag vip",  // fails: left out
            "echo \"sandbox-leeloo-token\" | count",  // holds the demo profile's token: left out
            "echo \"shown $n\"",
            "record stop",
        ]
        for line in typed {
            t.type(line, then: "Enter")
            try? await Task.sleep(for: .milliseconds(150))
        }
        #expect(await t.waitFor("Wrote 3 lines to '\(file)'"))
        let screen = t.screen
        let script = try String(contentsOfFile: file, encoding: .utf8)
        #expect(script.contains("profile demo."))
        #expect(script.contains("set n = 2\nif $1 != null { set n = (from json $1) }"))
        #expect(script.contains("people --tag vip | first $n | select name\necho \"shown $n\"\n"))
        #expect(!script.contains("peeple"))
        #expect(!script.contains("sandbox-leeloo-token"), "a line with a secret is not recorded")
        #expect(!script.contains("\nrecord "))

        // The recording as a script prints what the session printed.
        let rerun = try await CRMBinary.runAsync(["--demo", "-o", "table", file], env: env)
        #expect(rerun.status == 0, "\(rerun.err)")
        let outLines = rerun.out.split(separator: "\n").map(String.init)
        #expect(outLines.count == 5, "\(rerun.out)")  // header, rule, two names, 'shown 2'
        for line in outLines { #expect(screen.contains(line), "'\(line)' not in the session:\n\(screen)") }

        // With another value for its parameter.
        let one = try await CRMBinary.runAsync(["--demo", "-o", "table", file, "1"], env: env)
        #expect(one.out.split(separator: "\n").count == 4)
        #expect(one.out.contains("shown 1"))

        // crm play shows the prompt and each line, then its output.
        let played = try await CRMBinary.runAsync(["--demo", "-o", "table", "play", file, "--delay", "0"], env: env)
        #expect(played.status == 0, "\(played.err)")
        #expect(played.out.contains("crm:demo[demo]> people --tag vip | first $n | select name\n"))
        for line in outLines { #expect(played.out.contains(line)) }

        // Issue 22 §11: crm play passes the words after the file to the script, as `crm FILE` does.
        let playedOne = try await CRMBinary.runAsync(
            ["--demo", "-o", "table", "play", file, "--delay", "0", "1"], env: env)
        #expect(playedOne.status == 0, "\(playedOne.err)")
        #expect(playedOne.out.contains("shown 1"), "\(playedOne.out)")
    }

    @Test func clearAndCtrlLClearTheScreen() async throws {
        let t = try await startDemo()
        defer {
            t.stop()
            try? FileManager.default.removeItem(atPath: home)
        }
        t.type("echo before-clear", then: "Enter")
        #expect(await t.waitFor("\nbefore-clear"))
        t.type("clear", then: "Enter")
        #expect(await t.waitForAbsence(of: "before-clear", "after 'clear'"))
        t.type("echo before-ctrl-l", then: "Enter")
        #expect(await t.waitFor("\nbefore-ctrl-l"))
        t.type("echo kept-on-the-line", then: "C-l")
        #expect(await t.waitForAbsence(of: "\nbefore-ctrl-l", "after Ctrl-L"))
        #expect(await t.waitFor("> echo kept-on-the-line"), "Ctrl-L keeps the line being typed")
        t.type("", then: "C-u", "C-d")
    }

    @Test func theOnboardingDemoPlays() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let demo = root.appendingPathComponent("examples/demo.crm").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let played = try await CRMBinary.runAsync(["--demo", "play", demo, "--delay", "0"], env: env)
        #expect(played.status == 0, "\(played.err)")
        #expect(played.out.contains("crm:demo[demo]> "))
        #expect(played.out.contains("crm:demo[demo]> people --tag $tag | count\n"))
        #expect(!played.out.contains("null"), "the argument overrides are not shown")
        #expect(!played.out.contains("# Recorded"), "comments are not shown")
        // --step waits for Enter before each line (read from stdin here).
        let stepped = try await CRMBinary.runAsync(
            ["--demo", "play", demo, "--delay", "0", "--step"], stdin: String(repeating: "\n", count: 20), env: env)
        #expect(stepped.status == 0, "\(stepped.err)")
        #expect(
            stepped.err.components(separatedBy: "[Enter]").count - 1 == 7, "one wait per typed line: \(stepped.err)")
    }
}
