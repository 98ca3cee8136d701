import Foundation
import Testing

/// One tmux server and session for a test: start a command in a real terminal, type, read the screen.
struct TmuxSession {
    let socket = "crm-test-\(UUID().uuidString.prefix(8))"

    /// Runs a tmux client command through `popen` (the server that `new-session` forks gets
    /// /dev/null, never a pipe of ours), returning what it printed.
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

    /// Starts `command` (a shell command line) in a 120×40 terminal.
    func start(_ command: String) {
        tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", command)
    }

    /// Types `text` literally, then presses `keys`.
    func type(_ text: String, then keys: String...) {
        if !text.isEmpty { tmux("send-keys", "-t", "t", "-l", "--", text) }
        for k in keys { tmux("send-keys", "-t", "t", k) }
    }

    var screen: String { tmux("capture-pane", "-p", "-J", "-t", "t", output: true) }

    /// Polls the screen until `text` shows up (a liveness bound, not a timing assertion).
    @discardableResult
    func waitFor(_ text: String, _ comment: String = "") async -> Bool {
        for _ in 0..<150 {
            if screen.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for '\(text)' \(comment); screen:\n\(screen)")
        return false
    }

    /// Polls the screen until `text` is gone.
    @discardableResult
    func waitForAbsence(of text: String, _ comment: String = "") async -> Bool {
        for _ in 0..<150 {
            if !screen.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for '\(text)' to go \(comment); screen:\n\(screen)")
        return false
    }

    func stop() { tmux("kill-server") }
}
