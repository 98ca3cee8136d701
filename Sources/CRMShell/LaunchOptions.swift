import CRMCore
import CRMSandbox

/// What `crm` was asked to do, parsed from the command line.
///
/// Hand-rolled rather than swift-argument-parser: `crm FILE args…` passes everything after the
/// script name through to the script untouched (`$args`, `$1`…), which a declarative parser fights.
/// `crm sandbox …` hands its own flags to `SandboxCLI`.
public struct LaunchOptions: Sendable {
    /// The mode of this run.
    public enum Mode: Sendable, Equatable {
        /// The interactive shell.
        case repl
        /// A script file (or `-` for stdin) with its arguments.
        case script(path: String, args: [String])
        /// `-c TEXT` with arguments.
        case inline(text: String, args: [String])
        /// `crm sandbox …`.
        case sandbox(args: [String])
        /// `crm resume RUN_ID`.
        case resume(runID: String)
        /// `--help` (empty topic), `crm MODE --help` or `crm help COMMAND…`.
        case help(topic: [String])
        /// `crm help --man`: the manual page as roff.
        case manPage
        /// `crm completions SHELL`: a completion script.
        case completions(shell: String)
        /// `crm completions --list KIND`: the values a completion script asks for (profiles, runs).
        case completionValues(kind: String)
        /// `crm play FILE [--delay MS] [--step] [ARGS…]`: ARGS are the script's `$1`…, as for `crm FILE`.
        case play(path: String, delayMs: Int, step: Bool, args: [String] = [])
        /// `--version`.
        case version
    }

    public var mode: Mode = .repl
    /// Start the in-process sandbox and use the `demo` profile.
    public var demo = false
    /// The profile to use (overrides `CRM_PROFILE` and the config's current).
    public var profile: String?
    /// With `--demo`: the sandbox's live rate (`--live [RATE]`, default 1 event per second).
    public var liveRate: Double?
    public var settings = Settings()

    /// Parses `argv` without the program name.
    public static func parse(_ argv: [String]) throws -> LaunchOptions {
        var o = LaunchOptions()
        var i = 0
        func value(_ flag: String) throws -> String {
            guard i + 1 < argv.count else {
                throw CRMError.usage("missing-value", "Option '\(flag)' needs a value. Run 'crm --help' for usage.")
            }
            i += 1
            return argv[i]
        }
        while i < argv.count {
            let a = argv[i]
            if let mode = LaunchSpec.mode(a) {
                let rest = Array(argv[(i + 1)...])
                // `crm -c --help` too: "--help" is never meant as a script. After `-` the words are the script's.
                if a != "-", a != "help", rest.first == "--help" || rest.first == "-h" {
                    o.mode = .help(topic: [a])
                    return o
                }
                if a == "resume" { return try parseResume(rest, before: Array(argv[..<i])) }
                o.mode = try parseMode(mode, rest)
                return o
            }
            guard let option = LaunchSpec.option(a) else {
                if a.hasPrefix("-") {
                    throw CRMError.usage(
                        "unknown-option",
                        "Unknown option '\(a)'" + Suggestion.didYouMean(a, in: LaunchSpec.optionWords)
                            + " Run 'crm --help' for usage.")
                }
                o.mode = .script(path: a, args: try scriptArguments(Array(argv[(i + 1)...]), of: a))
                return o
            }
            switch option.name {
            case "--demo": o.demo = true
            case "--profile": o.profile = try value(a)
            case "--verbose": o.settings.verbose = true
            case "--curl": o.settings.curl = true
            case "--dry-run": o.settings.dryRun = true
            case "--yes": o.settings.yes = true
            case "--output", "--concurrency", "--timeout", "--max-input":
                let name = String(option.name.dropFirst(2))
                o.settings = try o.settings.applying(name, try value(a), label: "Option '\(a)'", at: nil)
            case "--live":
                o.liveRate = 1
                if i + 1 < argv.count, Double(argv[i + 1]) != nil {
                    i += 1
                    do { o.liveRate = try SandboxCLI.liveRate(argv[i]) } catch {
                        throw CRMError.usage("bad-value", String(describing: error))
                    }
                }
            case "--help":
                o.mode = .help(topic: [])
                return o
            default:  // --version
                o.mode = .version
                return o
            }
            i += 1
        }
        return o
    }

    /// The mode `mode` with the words after it (`rest`); `before` are the options before it.
    private static func parseMode(_ mode: LaunchMode, _ rest: [String]) throws -> Mode {
        func need(_ what: String) throws -> String {
            guard let first = rest.first else {
                throw CRMError.usage("missing-value", "'\(mode.usage)' needs \(what). Run 'crm \(mode.word) --help'.")
            }
            return first
        }
        switch mode.word {
        case "-c":
            return .inline(text: try need("TEXT"), args: try scriptArguments(Array(rest.dropFirst()), of: "-c TEXT"))
        case "-": return .script(path: "-", args: try scriptArguments(rest, of: "-"))
        case "sandbox": return .sandbox(args: rest)
        case "run":
            let path = try need("a script file")
            return .script(path: path, args: try scriptArguments(Array(rest.dropFirst()), of: "run " + path))
        case "completions":
            if rest.first == "--list", rest.count == 2 { return .completionValues(kind: rest[1]) }
            let shell = try need("a shell: bash, zsh or fish")
            guard LaunchSpec.shells.contains(shell), rest.count == 1 else {
                throw CRMError.usage(
                    "bad-value", "'crm completions' takes bash, zsh or fish, got '\(rest.joined(separator: " "))'.")
            }
            return .completions(shell: shell)
        case "lsp":  // `crm lsp` alone is served by main.swift before parsing (it needs CRMLSP)
            throw CRMError.usage(
                "unexpected-argument", "'crm lsp' takes no options or arguments: an editor starts it as 'crm lsp'.")
        case "fmt":  // `crm fmt …` is run by main.swift before parsing; options before it do not apply
            throw CRMError.usage(
                "unexpected-argument", "'crm fmt' takes no options before it: 'crm fmt [--check] FILE…'.")
        case "help":
            if rest.contains("--man") { return .manPage }
            return .help(topic: rest)
        default:  // play
            return try parsePlay(rest)
        }
    }

    /// The words after `FILE`, `-c TEXT` or `-` as the script's arguments.
    ///
    /// One of crm's own launch options there is refused (exit 2, before anything runs): `crm
    /// lower.crm --dry-run` once handed `--dry-run` to the script as `$1` and the writes were sent.
    /// The first `--` ends the check and is dropped; every word after it is the script's.
    static func scriptArguments(_ words: [String], of script: String) throws -> [String] {
        for (n, word) in words.enumerated() {
            if word == "--" { return Array(words[..<n] + words[(n + 1)...]) }
            guard let option = LaunchSpec.option(word) else { continue }
            let named = word == option.name ? "'\(word)'" : "'\(word)' (\(option.name))"
            let before = word + (option.value.map { " " + $0 } ?? "")
            throw CRMError.usage(
                "option-after-script",
                "Option \(named) after '\(script)' is crm's own, not the script's: nothing ran. "
                    + "Put it before the script (crm \(before) \(script) …), "
                    + "or after '--' to hand it to the script (crm \(script) -- \(word))."
            )
        }
        return words
    }

    /// `resume ID`: options may stand before or after it (the line without those two words).
    private static func parseResume(_ rest: [String], before: [String]) throws -> LaunchOptions {
        guard let id = rest.first else {
            throw CRMError.usage("missing-value", "'crm resume' needs a run id (see 'runs list').")
        }
        var others = try parse(before + Array(rest.dropFirst()))
        guard case .repl = others.mode else {
            throw CRMError.usage(
                "unexpected-argument", "'crm resume' takes one run id and options. Run 'crm --help' for usage.")
        }
        others.mode = .resume(runID: id)
        return others
    }

    private static func parsePlay(_ rest: [String]) throws -> Mode {
        var path: String?
        var delay = 40
        var step = false
        var args: [String] = []
        var i = 0
        while i < rest.count {
            switch rest[i] {
            case "--" where path != nil:
                // Everything after `--` is the script's, options included.
                args += rest[(i + 1)...]
                i = rest.count
                continue
            case "--step": step = true
            case "--delay":
                guard i + 1 < rest.count, let n = Int(rest[i + 1]), (0...5000).contains(n) else {
                    throw CRMError.usage("bad-value", "'crm play --delay' needs milliseconds from 0 to 5000.")
                }
                delay = n
                i += 1
            case let w where w.hasPrefix("-") && w != "-":
                throw CRMError.usage(
                    "unknown-option",
                    "Unknown option '\(w)' for 'crm play'" + Suggestion.didYouMean(w, in: ["--delay", "--step"])
                        + " Run 'crm play --help'.")
            case let w:
                // The first word is the script; the rest are its arguments (`$1`, a recording's
                // parameters), as for `crm FILE ARGS…`.
                if path == nil { path = w } else { args.append(w) }
            }
            i += 1
        }
        guard let path else { throw CRMError.usage("missing-value", "'crm play' needs a script file.") }
        return .play(path: path, delayMs: delay, step: step, args: args)
    }

    /// The text of `crm --help`.
    public static var usage: String { LaunchSpec.usage }
}
