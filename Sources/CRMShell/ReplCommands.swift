import CRMCore
import CRMLanguage
import CRMLineEditor
import Foundation

/// The registry as the commands below see it: filled in once `ShellRegistry.make` has registered
/// everything (`run FILE` needs the whole registry to run a script).
final class RegistryBox: @unchecked Sendable {
    // @unchecked: set once in ShellRegistry.make before any command runs, only read afterwards.
    var registry = CommandRegistry()
}

/// Shell commands for working at the prompt: `version`, `clear`, `run FILE args…`, `history`,
/// `history save`, `record start` and `record stop`.
enum ReplCommands {
    static let group = "shell"

    static let versionSpec = CommandSpec(
        "version", group: group, summary: "Print crm's version (the same as 'crm --version').", examples: ["version"])
    static let clearSpec = CommandSpec(
        "clear", group: group, summary: "Clear the screen (also Ctrl-L at the prompt).", examples: ["clear"])
    static let runSpec = CommandSpec(
        "run", group: group,
        summary: "Run a script file with arguments ($args, $1…) in a fresh scope, as 'crm FILE args…' would.",
        parameters: [
            ParameterSpec("file", .path, "the script"),
            ParameterSpec("args", .string, "its arguments", optional: true, variadic: true),
        ],
        examples: ["run examples/hello.crm Ann"])
    static let historySpec = CommandSpec(
        "history", group: group,
        summary: "List the history (newest last), the last N entries, or those matching a pattern.",
        parameters: [ParameterSpec("pattern", .string, "text the entries contain (any case)", optional: true)],
        flags: [FlagSpec("last", short: "n", .int, "only the newest N entries")],
        examples: ["history --last 5", "history people"])
    static let historySaveSpec = CommandSpec(
        "history save", group: group,
        summary: "Write history entries as a script (literal 'set' values become its parameters).",
        parameters: [ParameterSpec("file", .path, "the script to write")],
        flags: [FlagSpec("last", short: "n", .int, "the newest N entries (default 20)")],
        examples: ["history save /tmp/crm-history-example.crm --last 3"])
    static let recordStartSpec = CommandSpec(
        "record start", group: group,
        summary: "Start recording the lines that run without error into a script (default recording-TIME.crm).",
        parameters: [ParameterSpec("file", .path, "the script to write at 'record stop'", optional: true)],
        examples: ["record start /tmp/crm-example-recording.crm; record stop"])
    static let recordStopSpec = CommandSpec(
        "record stop", group: group, summary: "Stop recording and write the script.",
        examples: ["record start /tmp/crm-example-recording.crm; record stop"])

    static func commands(host: ShellHost?, registry: RegistryBox) -> [Command] {
        // SAFE: the host (not Sendable) is only used by the statement task that runs the command, one
        // statement at a time; the closure is @Sendable only because commands may be.
        let box = Unchecked(value: host)
        return [
            Command(versionSpec) { _, _, _ in .value(.string("crm \(Shell.version)")) },
            Command(clearSpec) { _, _, _ in
                if let term = box.value?.terminal, term.stdoutIsTTY { term.out("\u{1B}[H\u{1B}[2J") }
                return .empty
            },
            Command(runSpec) { args, _, ctx in
                guard let host = box.value else { throw CRMError.runtime("no-shell", "'run' needs the shell.") }
                try await runFile(
                    args.string("file") ?? "", args.strings("args"), host: host, registry: registry, at: ctx.location)
                return .empty
            },
            Command(historySpec) { args, _, _ in
                var entries = Array(historyEntries(box.value).enumerated())
                if let p = args.string("pattern")?.lowercased() {
                    entries = entries.filter { $0.element.lowercased().contains(p) }
                }
                if let n = args.int("last") { entries = Array(entries.suffix(max(n, 0))) }
                return .value(
                    .list(entries.map { .record(Record([("n", .int($0.offset + 1)), ("line", .string($0.element))])) }))
            },
            Command(historySaveSpec) { args, _, ctx in
                let lines = historyEntries(box.value).filter(RecordedScript.isScriptLine).suffix(
                    max(args.int("last") ?? 20, 0))
                let profile = ctx.session?.profileName ?? "none"
                let file = args.string("file") ?? ""
                _ = try RecordedScript.write(
                    RecordedScript.text(lines: Array(lines), how: "Saved from history", profile: profile), to: file)
                ctx.notice("Wrote \(lines.count) lines to '\(file)'.")
                return .empty
            },
            Command(recordStartSpec) { args, _, ctx in
                guard let host = box.value else { throw CRMError.runtime("no-shell", "'record' needs the shell.") }
                let file = try host.recorder.start(
                    path: args.string("file"), profile: ctx.session?.profileName ?? "none", at: ctx.location)
                ctx.notice("Recording to '\(file)': lines that run without error are kept; 'record stop' writes it.")
                return .empty
            },
            Command(recordStopSpec) { _, _, ctx in
                guard let host = box.value else { throw CRMError.runtime("no-shell", "'record' needs the shell.") }
                let (file, count) = try host.recorder.stop(at: ctx.location, secrets: host.sessionStore?.secrets ?? [])
                ctx.notice("Wrote \(count) lines to '\(file)'. Run it with 'crm \(file)' or 'crm play \(file)'.")
                return .empty
            },
        ]
    }

    static var specs: [CommandSpec] {
        [versionSpec, clearSpec, runSpec, historySpec, historySaveSpec, recordStartSpec, recordStopSpec]
    }

    /// The saved history, oldest first, without an entry that holds a token known now (`history`
    /// shows and `history save` writes what the history file may keep).
    static func historyEntries(_ host: ShellHost?) -> [String] {
        guard let host else { return [] }
        let secrets = host.sessionStore?.secrets ?? []
        return HistoryStore(url: host.stateDirectory.appendingPathComponent("crm/history")).entries.filter {
            !HistoryPolicy.holdsSecret($0, secrets)
        }
    }

    /// `run FILE args…`: the file in a fresh interpreter (its own variables and `$args`) on the
    /// same shell; `exit 0` in it ends the script only, another status is an error here.
    static func runFile(
        _ path: String, _ args: [String], host: ShellHost, registry: RegistryBox, at loc: SourceLocation?
    ) async throws {
        let (text, name) = try host.readSource(path, relativeTo: nil)
        let interpreter = Interpreter(commands: registry.registry, host: host)
        interpreter.setScriptArguments(args)
        do {
            try await interpreter.run(text, file: name)
        } catch let e as ExitRequest where e.status != 0 {
            throw CRMError("script.exit", "'\(path)' exited with status \(e.status).", at: loc)
        } catch is ExitRequest {
            return
        }
    }
}
