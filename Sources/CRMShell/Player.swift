import CRMClient
import CRMCore
import CRMLanguage
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `crm play FILE [--delay MS] [--step] [ARGS…]`: replays a script as if typed at the REPL, for a live demo
/// or a screencast. For each entry (a line, or a block spread over lines): the prompt, the entry
/// typed one character at a time, then its output. `--step` waits for Enter before each entry.
/// Comment lines and the argument overrides a recording starts with run without being shown.
/// All entries share one interpreter, as at the prompt; a failing entry prints its error and the
/// replay goes on (the exit status is then 1).
struct Player {
    let host: ShellHost
    let registry: CommandRegistry
    let session: Session
    let delayMs: Int
    let step: Bool
    let term = Terminal.shared

    func play(_ path: String, arguments: [String] = []) -> Int32 {
        let text: String
        do {
            text = try host.readSource(path, relativeTo: nil).text
        } catch {
            term.err("crm: \(Shell.describe(error))")
            return ExitStatus.usage.rawValue
        }
        let interpreter = Interpreter(commands: registry, host: host)
        interpreter.setScriptArguments(arguments)
        var failed = false
        for entry in Self.entries(of: text) {
            // Comments and a recording's argument overrides were never typed: run, not shown.
            let shown = !entry.hasPrefix("#") && !RecordedScript.isArgumentOverride(entry)
            if shown {
                if step { waitForEnter() }
                type(REPL.prompt(for: session), entry)
            }
            switch EntryRunner.run(entry, on: interpreter, file: "<play>", term: term) {
            case .exit(let status): return status
            case .failed: failed = true
            case .ok: break
            }
        }
        return failed ? ExitStatus.runtime.rawValue : ExitStatus.ok.rawValue
    }

    /// The entries of a script as the REPL would read them: blank lines and the `#!` line dropped,
    /// unfinished input joined with the lines that finish it.
    static func entries(of text: String) -> [String] {
        var out: [String] = []
        var pending: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if pending.isEmpty && (line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#!")) {
                continue
            }
            pending.append(line)
            let joined = pending.joined(separator: "\n")
            if !InputCompleteness.needsMoreInput(joined) {
                out.append(joined)
                pending = []
            }
        }
        if !pending.isEmpty { out.append(pending.joined(separator: "\n")) }
        return out
    }

    /// Shows the prompt, then types `entry` at the configured pace (continuation lines get `> `).
    func type(_ prompt: String, _ entry: String) {
        term.out(prompt)
        term.flush()
        for ch in entry {
            term.out(ch == "\n" ? "\n> " : String(ch))
            term.flush()
            pause(delayMs)
        }
        pause(delayMs * 8)
        term.out("\n")
        term.flush()
    }

    private func pause(_ ms: Int) {
        guard ms > 0 else { return }
        usleep(useconds_t(min(ms, 5000) * 1000))
    }

    private func waitForEnter() {
        term.errRaw("[Enter] ")
        _ = Swift.readLine()
    }
}
