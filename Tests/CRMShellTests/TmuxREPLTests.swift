import Foundation
import Testing

/// The real libedit REPL in a real terminal: tmux runs `crm --demo`, send-keys types, capture-pane reads.
@Suite("REPL in tmux", .serialized)
struct TmuxREPLTests {
    let t = TmuxSession()
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("crm-tmux-\(UUID().uuidString)").path

    func type(_ text: String, then keys: String...) {
        if !text.isEmpty { t.type(text) }
        for k in keys { t.type("", then: k) }
    }

    var screen: String { t.screen }

    func waitFor(_ text: String, _ comment: String = "") async -> Bool { await t.waitFor(text, comment) }

    func start() throws {
        guard let crm = CRMBinary.url else { throw CocoaError(.fileNoSuchFile) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let env =
            "HOME=\(home) XDG_STATE_HOME=\(home)/state XDG_CONFIG_HOME=\(home)/config TERM=xterm-256color LANG=C.UTF-8"
        // The shell prints crm's exit status when it ends, for the Ctrl-D check.
        t.start("env -u NO_COLOR -u LC_ALL -u LC_CTYPE \(env) \(crm.path) --demo; echo crm-exit=$?; sleep 60")
    }

    func exitStatus() async -> String? {
        guard await waitFor("crm-exit=") else { return nil }
        let line = screen.split(separator: "\n").first { $0.hasPrefix("crm-exit=") }
        return line.map { String($0.dropFirst("crm-exit=".count)) }
    }

    @Test func typingCompletionInterruptsHistoryAndExit() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"))
        try start()
        defer { t.stop() }
        #expect(await waitFor("crm:demo[demo]>", "for the prompt"))

        type("echo hello-tmux", then: "Enter")
        #expect(await waitFor("\nhello-tmux"))

        // Tab completes a command, then a flag of that command.
        type("peo", then: "Tab")
        #expect(await waitFor("> people"))
        type("--t", then: "Tab")
        #expect(await waitFor("people --tag "))
        type("vip | count", then: "Enter")
        #expect(await waitFor("people --tag vip | count\n"))

        // Ctrl-C abandons the line being typed; the shell stays alive.
        type("echo abandoned-line", then: "C-c")
        type("echo still-alive", then: "Enter")
        #expect(await waitFor("\nstill-alive"))
        #expect(!screen.contains("\nabandoned-line"))

        // Ctrl-C stops a running command and returns to the prompt.
        type("while true { set s = 1 }", then: "Enter")
        try await Task.sleep(for: .milliseconds(300))
        type("", then: "C-c")
        #expect(await waitFor("Interrupted"))
        type("echo after-interrupt", then: "Enter")
        #expect(await waitFor("\nafter-interrupt"))

        // Ctrl-D on an empty line exits 0.
        type("", then: "C-d")
        #expect(await exitStatus() == "0")
        t.tmux("kill-session", "-t", "t")

        // A second run: Up recalls the previous session's line from history.
        try start()
        #expect(await waitFor("crm:demo[demo]>"))
        type("", then: "Up")
        #expect(await waitFor("> echo after-interrupt"))
        type("", then: "C-u", "C-d")
        #expect(await exitStatus() == "0")
        let history = try String(contentsOfFile: home + "/state/crm/history", encoding: .utf8)
        #expect(history.contains("echo still-alive"))
        #expect(!history.contains("abandoned-line"))
    }

    @Test func funnelDrawsBlocksAndCtrlCEndsATail() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"))
        try start()
        defer { t.stop() }
        #expect(await waitFor("crm:demo[demo]>", "for the prompt"))

        // A UTF-8 terminal 120 columns wide (LANG=C.UTF-8, no NO_COLOR): the funnel draws Unicode bars
        // with the shares beside them.
        type("funnel leadForm Website", then: "Enter")
        #expect(await waitFor("% of previous"))
        let rows = screen.split(separator: "\n").filter { $0.contains("% of first") }
        #expect(rows.count == 5, "one row per step of leadForm: \(rows)")
        #expect(rows.first?.hasPrefix("START █") == true, "\(rows)")
        #expect(rows.allSatisfy { $0.count <= 120 })

        // An idle tail waits for news; Ctrl-C ends it and the shell goes on.
        type("tail leads --funnel leadForm --group Website", then: "Enter")
        try await Task.sleep(for: .milliseconds(500))
        type("", then: "C-c")
        type("echo after-tail", then: "Enter")
        #expect(await waitFor("\nafter-tail"))
        type("", then: "C-d")
        #expect(await exitStatus() == "0")
    }
}
