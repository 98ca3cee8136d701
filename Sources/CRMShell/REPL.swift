import CRMClient
import CRMCore
import CRMLanguage
import CRMLineEditor
import Foundation

/// The interactive shell: libedit line editing with history and Tab completion, continuation
/// lines for unfinished input, and one interpreter whose variables live for the session.
final class REPL {
    let host: ShellHost
    let registry: CommandRegistry
    let session: Session
    let interpreter: Interpreter
    let history: HistoryStore
    let completions: CompletionCache
    var editor: (any LineEditor)?
    /// How many tokens the session knew after the last entry (see `scrubHistoryOfNewTokens`).
    var knownSecrets = 0
    let term = Terminal.shared

    init(host: ShellHost, registry: CommandRegistry, session: Session) {
        self.host = host
        self.registry = registry
        self.session = session
        interpreter = Interpreter(commands: registry, host: host)
        history = HistoryStore(url: HistoryStore.defaultURL(environment: ProcessInfo.processInfo.environment))
        completions = CompletionCache(host: host)
    }

    var prompt: String { Self.prompt(for: session) }

    /// `crm:demo[demo]> `, or `crm> ` without a profile (also what `crm play` shows).
    static func prompt(for session: Session) -> String {
        guard let p = session.currentProfile else { return "crm> " }
        return "crm:\(p.name)[\(p.safetyClass.rawValue)]> "
    }

    func run() -> Int32 {
        // SAFE: the line editor's completion reads the interpreter on this (the main) thread while
        // no statement runs; statements run while this thread waits in `Blocking.run`.
        let interp = Unchecked(value: interpreter)
        let registry = self.registry
        let completions = self.completions
        let editor = LibEditLineEditor(programName: "crm", history: history) { line, cursor in
            let ctx = CompletionContext(
                specs: registry.allSpecs, variables: interp.value.variableSnapshot,
                functionNames: interp.value.functionNames,
                dynamicValues: { completions.cached($0) })
            return Completer.complete(line: line, cursor: cursor, context: ctx)
        }
        self.editor = editor
        host.readLineHook = { [weak self] text in
            guard let self, let editor = self.editor else { return nil }
            if case .line(let l) = editor.readLine(prompt: text) { return l }
            return nil
        }
        if session.currentProfile == nil {
            term.err(
                "No profile is configured. Add one with 'profile add NAME --leeloo-url URL --leeloo-token TOKEN',\n"
                    + "set CRM_LEELOO_URL and CRM_LEELOO_TOKEN, or restart with 'crm --demo' to try the built-in sandbox."
            )
        }
        term.err("crm \(Shell.version) — 'help' lists commands, Tab completes, Ctrl-D exits.")
        completions.refresh()
        while true {
            guard let entry = readEntry() else { return 0 }
            if entry.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let saved = remember(entry)
            if let status = execute(entry, saved: saved) { return status }
        }
    }

    /// Reads one complete entry, with continuation lines; nil on Ctrl-D at the first prompt.
    func readEntry() -> String? {
        var lines: [String] = []
        while true {
            let p = lines.isEmpty ? prompt : String(repeating: ".", count: max(prompt.count - 2, 3)) + "> "
            let result = editor.map { $0.readLine(prompt: p) } ?? .eof
            switch result {
            case .eof:
                if lines.isEmpty {
                    term.err("")
                    return nil
                }
                return lines.joined(separator: "\n")
            case .interrupted:
                lines.removeAll()
                continue
            case .line(let l):
                lines.append(l)
                let text = lines.joined(separator: "\n")
                if !InputCompleteness.needsMoreInput(text) { return text }
            }
        }
    }

    /// Saves the entry to history unless the policy keeps it out; returns whether it was saved.
    @discardableResult
    func remember(_ entry: String) -> Bool {
        guard HistoryPolicy.shouldSave(entry, specs: registry.allSpecs, secrets: session.secrets) else { return false }
        editor?.addHistory(entry)
        // Said once per session: the entry stays in memory, and a full disk should not nag.
        if let e = history.appendReportingOnce(entry) {
            term.err(e.rendered + " (history is kept for this session only)")
        }
        return true
    }

    /// When the entry made a token known (`set-token leeloo $t`), drops from the history file
    /// every line that holds it: `set t = "…"` was saved before its value was a token.
    func scrubHistoryOfNewTokens() {
        let secrets = session.secrets
        guard secrets.count != knownSecrets else { return }
        knownSecrets = secrets.count
        do { try history.scrub(secrets) } catch let e as CRMError { term.err(e.rendered) } catch {}
    }

    /// Runs one entry; returns an exit status when the entry was `exit N`. A recording keeps the
    /// entry when it ran without error and the history policy let it through (`saved`).
    func execute(_ entry: String, saved: Bool = true) -> Int32? {
        let outcome = EntryRunner.run(entry, on: interpreter, file: "<repl>", term: term)
        if outcome == .ok, saved { host.recorder.add(entry) }
        scrubHistoryOfNewTokens()
        if InterruptGuard.terminated { return ExitStatus.terminated.rawValue }  // SIGTERM ends the session
        completions.refresh()
        if case .exit(let status) = outcome { return status }
        return nil
    }
}
