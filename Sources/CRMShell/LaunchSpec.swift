import CRMCore
import CRMSandbox

/// What a word on `crm`'s own command line completes to in bash, zsh and fish.
enum LaunchCompletion: Sendable, Equatable {
    case nothing
    /// Profile names from the config (`crm completions --list profiles`).
    case profiles
    /// Run ids from the journal directory (`crm completions --list runs`).
    case runs
    /// `.crm` files.
    case scripts
    /// One of a fixed set of words.
    case choices([String])
}

/// One option of `crm` itself, or one flag of a mode: the single declaration read by the parser,
/// `crm --help`, the man page (`crm help --man`) and the outer shell completions.
struct LaunchOption: Sendable {
    /// The long form with dashes (`--profile`).
    let name: String
    /// The short form with its dash (`-p`), if any.
    let short: String?
    /// The placeholder of the value (`NAME`), nil for a switch.
    let value: String?
    /// What it does, one line.
    let summary: String
    /// What its value completes to.
    let completes: LaunchCompletion

    init(
        _ name: String, short: String? = nil, value: String? = nil, _ summary: String,
        completes: LaunchCompletion = .nothing
    ) {
        self.name = name
        self.short = short
        self.value = value
        self.summary = summary
        self.completes = completes
    }

    /// `--profile, -p NAME`.
    var label: String { name + (short.map { ", \($0)" } ?? "") + (value.map { " \($0)" } ?? "") }
}

/// One mode of `crm` (`run`, `sandbox`, `resume`, …), declared once for the parser's help, the
/// man page and the completions.
struct LaunchMode: Sendable {
    /// The word that selects the mode (empty for the REPL and for `crm FILE`).
    let word: String
    /// The usage line.
    let usage: String
    /// What it does.
    let summary: String
    /// What the word after the mode completes to.
    let argument: LaunchCompletion
    /// The mode's own flags.
    let flags: [LaunchOption]
}

/// The declarations of `crm`'s command line.
enum LaunchSpec {
    static var outputFormats: [String] { OutputFormat.allCases.map(\.rawValue) }
    static let shells = ["bash", "zsh", "fish"]

    /// The options that stand before the mode.
    static let options: [LaunchOption] = [
        LaunchOption("--demo", "start the built-in sandbox and use the 'demo' profile"),
        LaunchOption(
            "--profile", short: "-p", value: "NAME", "use profile NAME (else CRM_PROFILE, else the config's current)",
            completes: .profiles),
        LaunchOption("--verbose", short: "-v", "trace each request (method, URL, status, ms) to stderr"),
        LaunchOption("--curl", "print equivalent curl commands instead of sending"),
        LaunchOption("--dry-run", "print the plan of writes; send nothing"),
        LaunchOption("--yes", short: "-y", "confirm guarded bulk writes on prod profiles"),
        LaunchOption(
            "--output", short: "-o", value: "FMT",
            "table | json | ndjson | csv (default: table on a TTY, json otherwise)",
            completes: .choices(outputFormats)),
        LaunchOption("--concurrency", value: "N", "parallel requests for bulk writes (default 32)"),
        LaunchOption("--timeout", value: "SECONDS", "the most one HTTP request may take in all (default 60)"),
        LaunchOption(
            "--max-input", value: "MB",
            "the most a file, stdin or script read whole may hold (default \(InputLimit.defaultMB))"),
        LaunchOption(
            "--live", value: "[RATE]", "with --demo: new people, messages and leads appear at RATE/s (default 1)"),
        LaunchOption("--help", short: "-h", "show this help (after a mode: that mode's help)"),
        LaunchOption("--version", "print the version and exit"),
    ]

    /// The modes, in the order `crm --help` lists them.
    static let modes: [LaunchMode] = [
        LaunchMode(
            word: "", usage: "crm [options]", summary: "interactive shell (REPL)", argument: .nothing, flags: []),
        LaunchMode(
            word: "", usage: "crm [options] FILE [args…]", summary: "run a .crm script ($args, $1…)",
            argument: .scripts, flags: []),
        LaunchMode(
            word: "run", usage: "crm [options] run FILE [args…]", summary: "same", argument: .scripts, flags: []),
        LaunchMode(
            word: "-c", usage: "crm [options] -c TEXT [args…]", summary: "run TEXT", argument: .nothing, flags: []),
        LaunchMode(
            word: "-", usage: "crm [options] -", summary: "run a script from stdin", argument: .nothing, flags: []),
        LaunchMode(
            word: "play", usage: "crm [options] play FILE [--delay MS] [--step] [ARGS…]",
            summary: "replay a script for a demo: each line typed at a human pace, then its output",
            argument: .scripts,
            flags: [
                LaunchOption("--delay", value: "MS", "milliseconds between typed characters (default 40)"),
                LaunchOption("--step", "wait for Enter before each line"),
            ]),
        LaunchMode(
            word: "sandbox", usage: "crm sandbox [flags]", summary: "serve the sandbox APIs in the foreground",
            argument: .nothing,
            flags: SandboxCLI.flagSpecs.map {
                LaunchOption($0.name, value: $0.value.isEmpty ? nil : $0.value, $0.summary)
            }),
        LaunchMode(
            word: "resume", usage: "crm [options] resume RUN_ID", summary: "continue an interrupted bulk run",
            argument: .runs, flags: []),
        LaunchMode(
            word: "completions", usage: "crm completions bash|zsh|fish",
            summary: "print a completion script for the shell", argument: .choices(shells), flags: []),
        LaunchMode(
            word: "fmt", usage: "crm fmt [--check] [FILE…]",
            summary: "format scripts in place (no FILE: stdin to stdout); --check only reports, exit 1",
            argument: .scripts, flags: [LaunchOption("--check", "write nothing; exit 1 when a file is not formatted")]),
        LaunchMode(
            word: "lsp", usage: "crm lsp", summary: "serve the Language Server Protocol on stdin/stdout (for editors)",
            argument: .nothing, flags: []),
        LaunchMode(
            word: "help", usage: "crm help [--man] [COMMAND]",
            summary: "this help, a command's help, or the man page (roff)", argument: .nothing,
            flags: [LaunchOption("--man", "print the manual page as roff (man ./crm.1)")]),
    ]

    /// The option `word` names (`--profile` or `-p`).
    static func option(_ word: String) -> LaunchOption? {
        options.first { $0.name == word || $0.short == word }
    }

    /// The mode selected by `word`, if it is a mode word.
    static func mode(_ word: String) -> LaunchMode? {
        word.isEmpty ? nil : modes.first { $0.word == word }
    }

    /// Every option spelling, for "Did you mean".
    static var optionWords: [String] { options.flatMap { [$0.name] + ($0.short.map { [$0] } ?? []) } }

    /// Files the man page names (paths relative to the user's home or XDG directories).
    static let files: [(path: String, summary: String)] = [
        ("$XDG_CONFIG_HOME/crm/config.toml", "profiles (else ~/.config/crm/config.toml)"),
        ("$XDG_STATE_HOME/crm/history", "REPL history, mode 0600 (else ~/.local/state/crm/history)"),
        ("$XDG_STATE_HOME/crm/runs/", "bulk run journals, one per run (crm resume RUN_ID)"),
        ("~/.editrc", "libedit settings, e.g. 'bind -v' for vi keys"),
    ]

    /// Environment variables the man page names.
    static let environment: [(name: String, summary: String)] = [
        ("CRM_PROFILE", "the profile to use when --profile is not given"),
        ("CRM_LEELOO_URL, CRM_LEELOO_TOKEN", "a profile from the environment (Leeloo)"),
        ("CRM_CHATTONIC_URL, CRM_CHATTONIC_CODENAME, CRM_CHATTONIC_TOKEN, CRM_CHATTONIC_APP_TOKEN", "(Chat-Tonic)"),
        ("CRM_PROFILE_CLASS", "safety class of the environment profile: prod, staging or demo"),
        ("XDG_CONFIG_HOME, XDG_STATE_HOME", "where the config, history and run journals live"),
        ("COLUMNS", "the table width when stdout is not a terminal (else no limit)"),
    ]

    /// The text of `crm --help`.
    static var usage: String {
        let modeWidth = (modes.map(\.usage.count).max() ?? 30) + 2
        let optWidth = (options.map(\.label.count).max() ?? 20) + 2
        var out = ["crm \(Shell.version) — a shell for the Leeloo.ai and Chat-Tonic APIs", "", "Usage:"]
        for m in modes { out.append("  " + pad(m.usage, modeWidth) + m.summary) }
        out += ["", "Options:"]
        for o in options { out.append("  " + pad(o.label, optWidth) + o.summary) }
        out += [
            "", "'crm MODE --help' shows a mode's flags; 'crm help COMMAND' a command's; 'crm help --man' the manual.",
            "",
        ]
        var line = "Exit codes:"
        for (i, e) in ExitStatus.allCases.enumerated() {
            let item = " \(e.rawValue) \(e.short)" + (i == ExitStatus.allCases.count - 1 ? "." : ",")
            if line.count + item.count > 100 {
                out.append(line)
                line = " "
            }
            line += item
        }
        out.append(line)
        return out.joined(separator: "\n")
    }

    /// The help of one mode (`crm sandbox --help`).
    static func usage(of mode: LaunchMode) -> String {
        if mode.word == "sandbox" { return SandboxCLI.usage }
        var out = ["usage: \(mode.usage)", "", mode.summary.prefix(1).uppercased() + mode.summary.dropFirst() + "."]
        if !mode.flags.isEmpty {
            let w = (mode.flags.map(\.label.count).max() ?? 10) + 2
            out.append("")
            for f in mode.flags { out.append("  " + pad(f.label, w) + f.summary) }
        }
        if mode.usage.contains("[options]") { out += ["", "Options before the mode: see 'crm --help'."] }
        return out.joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(width - s.count, 1))
    }
}

/// What each exit status means, for `crm --help` and the man page (an exhaustive switch: a new
/// status cannot be left undocumented).
extension ExitStatus {
    /// A few words (`crm --help`).
    var short: String {
        switch self {
        case .ok: "ok"
        case .runtime: "runtime error"
        case .usage: "usage"
        case .syntax: "syntax"
        case .auth: "auth"
        case .network: "network"
        case .rateLimited: "rate-limited"
        case .partialFailure: "partial bulk failure"
        case .api: "API error"
        case .refused: "refused by a safety guard"
        case .assertion: "a script's assert failed"
        case .interrupted: "interrupted"
        case .terminated: "terminated (SIGTERM)"
        }
    }

    /// A sentence (the man page).
    var meaning: String {
        switch self {
        case .ok: "Success."
        case .runtime: "A runtime error in a script or command."
        case .usage: "Wrong usage of crm, or an unknown command or flag."
        case .syntax: "A syntax error; nothing ran."
        case .auth: "Missing or rejected credentials."
        case .network: "The server could not be reached, or did not speak the API."
        case .rateLimited: "The API kept answering 429 and crm gave up waiting."
        case .partialFailure: "A bulk run finished with some targets failed (runs show ID --failed)."
        case .api: "The API answered with an error."
        case .refused: "A safety guard refused to run; nothing was sent."
        case .assertion: "A script's assert failed (assert CONDITION MESSAGE)."
        case .interrupted: "Interrupted by Ctrl-C."
        case .terminated: "Terminated by SIGTERM; a bulk run stops as for Ctrl-C (journal flushed, resume hint printed)."
        }
    }
}
