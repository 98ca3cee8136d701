import Foundation
import Testing

/// The real libedit REPL in a real terminal: tmux runs `crm --demo`, send-keys types, capture-pane reads.
@Suite("REPL in tmux", .serialized)
struct TmuxREPLTests {
    let socket = "crm-test-\(UUID().uuidString.prefix(8))"
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("crm-tmux-\(UUID().uuidString)").path

    /// Runs a tmux client command through the C library's `popen` (the server that `new-session`
    /// forks gets /dev/null, never a pipe of ours), returning what it printed.
    @discardableResult
    func tmux(_ args: String..., output: Bool = false) -> String {
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let command = "tmux -L \(socket) \(quoted) </dev/null 2>/dev/null" + (output ? "" : " >/dev/null")
        guard let f = popen(command, "r") else { return "" }
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            data += buf[0..<n]
        }
        pclose(f)
        return String(decoding: data, as: UTF8.self)
    }

    /// Types `text` literally (so `--t` is not read as an option of send-keys), then presses `keys`.
    func type(_ text: String, then keys: String...) {
        if !text.isEmpty { tmux("send-keys", "-t", "repl", "-l", "--", text) }
        for k in keys { tmux("send-keys", "-t", "repl", k) }
    }

    var screen: String { tmux("capture-pane", "-p", "-t", "repl", output: true) }

    /// Polls the screen until `text` shows up (a liveness bound, not a timing assertion).
    func waitFor(_ text: String, _ comment: String = "") async -> Bool {
        for _ in 0..<150 {
            if screen.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for '\(text)' \(comment); screen:\n\(screen)")
        return false
    }

    func start() throws {
        guard let crm = CRMBinary.url else { throw CocoaError(.fileNoSuchFile) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let env =
            "HOME=\(home) XDG_STATE_HOME=\(home)/state XDG_CONFIG_HOME=\(home)/config TERM=xterm-256color LANG=C.UTF-8"
        // The shell prints crm's exit status when it ends, for the Ctrl-D check.
        tmux(
            "new-session", "-d", "-s", "repl", "-x", "120", "-y", "40",
            "env -u NO_COLOR -u LC_ALL -u LC_CTYPE \(env) \(crm.path) --demo; echo crm-exit=$?; sleep 60")
    }

    func exitStatus() async -> String? {
        guard await waitFor("crm-exit=") else { return nil }
        let line = screen.split(separator: "\n").first { $0.hasPrefix("crm-exit=") }
        return line.map { String($0.dropFirst("crm-exit=".count)) }
    }

    @Test func typingCompletionInterruptsHistoryAndExit() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"))
        try start()
        defer { tmux("kill-server") }
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
        tmux("kill-session", "-t", "repl")

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
        defer { tmux("kill-server") }
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
