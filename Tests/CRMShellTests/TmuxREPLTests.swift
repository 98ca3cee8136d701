import Foundation
import Testing

/// The real libedit REPL in a real terminal: tmux runs `crm --demo`, send-keys types, capture-pane reads.
@Suite("REPL in tmux", .serialized)
struct TmuxREPLTests {
    let socket = "crm-test-\(UUID().uuidString.prefix(8))"
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("crm-tmux-\(UUID().uuidString)").path

    @discardableResult
    func tmux(_ args: String...) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tmux", "-L", socket] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        guard (try? p.run()) != nil else { return "" }
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    var screen: String { tmux("capture-pane", "-p", "-t", "repl") }

    /// Polls the screen until `text` shows up (a liveness bound, not a timing assertion).
    func waitFor(_ text: String, _ comment: String = "") async -> Bool {
        for _ in 0..<300 {
            if screen.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for '\(text)' \(comment); screen:\n\(screen)")
        return false
    }

    func start() throws {
        guard let crm = CRMBinary.url else { throw CocoaError(.fileNoSuchFile) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let env = "HOME=\(home) XDG_STATE_HOME=\(home)/state XDG_CONFIG_HOME=\(home)/config TERM=xterm-256color LANG=C.UTF-8"
        tmux("new-session", "-d", "-s", "repl", "-x", "120", "-y", "40", "env \(env) \(crm.path) --demo")
        tmux("set-option", "-t", "repl", "remain-on-exit", "on")
    }

    func exitStatus() async -> String? {
        for _ in 0..<100 {
            let dead = tmux("display-message", "-p", "-t", "repl", "#{pane_dead} #{pane_dead_status}")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if dead.hasPrefix("1 ") { return String(dead.dropFirst(2)) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    @Test func typingCompletionInterruptsHistoryAndExit() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"))
        try start()
        defer { tmux("kill-server") }
        #expect(await waitFor("crm:demo[demo]> ", "for the prompt"))

        tmux("send-keys", "-t", "repl", "echo hello-tmux", "Enter")
        #expect(await waitFor("\nhello-tmux"))

        // Tab completes a command, then a flag of that command.
        tmux("send-keys", "-t", "repl", "peo", "Tab")
        #expect(await waitFor("> people "))
        tmux("send-keys", "-t", "repl", "--t", "Tab")
        #expect(await waitFor("people --tag "))
        tmux("send-keys", "-t", "repl", "vip | count", "Enter")
        #expect(await waitFor("people --tag vip | count\n"))

        // Ctrl-C abandons the line being typed; the shell stays alive.
        tmux("send-keys", "-t", "repl", "echo abandoned-line", "C-c")
        tmux("send-keys", "-t", "repl", "echo still-alive", "Enter")
        #expect(await waitFor("\nstill-alive"))
        #expect(!screen.contains("\nabandoned-line"))

        // Ctrl-C stops a running command and returns to the prompt.
        tmux("send-keys", "-t", "repl", "while true { set s = 1 }", "Enter")
        try await Task.sleep(for: .milliseconds(300))
        tmux("send-keys", "-t", "repl", "C-c")
        #expect(await waitFor("Interrupted"))
        tmux("send-keys", "-t", "repl", "echo after-interrupt", "Enter")
        #expect(await waitFor("\nafter-interrupt"))

        // Ctrl-D on an empty line exits 0.
        tmux("send-keys", "-t", "repl", "C-d")
        #expect(await exitStatus() == "0")
        tmux("kill-session", "-t", "repl")

        // A second run: Up recalls the previous session's line from history.
        try start()
        #expect(await waitFor("crm:demo[demo]> "))
        tmux("send-keys", "-t", "repl", "Up")
        #expect(await waitFor("> echo after-interrupt"))
        tmux("send-keys", "-t", "repl", "C-u", "C-d")
        #expect(await exitStatus() == "0")
        let history = try String(contentsOfFile: home + "/state/crm/history", encoding: .utf8)
        #expect(history.contains("echo still-alive"))
        #expect(!history.contains("abandoned-line"))
    }
}
