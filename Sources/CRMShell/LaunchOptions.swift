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
        /// `--help`.
        case help
        /// `--version`.
        case version
    }

    public var mode: Mode = .repl
    /// Start the in-process sandbox and use the `demo` profile.
    public var demo = false
    /// With `--demo`: the sandbox's live rate (`--live [RATE]`, default 1 event per second).
    public var liveRate: Double?
    /// The profile to use (overrides `CRM_PROFILE` and the config's current).
    public var profile: String?
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
            switch a {
            case "--demo": o.demo = true
            case "--live":
                o.liveRate = 1
                if i + 1 < argv.count, Double(argv[i + 1]) != nil {
                    i += 1
                    do { o.liveRate = try SandboxCLI.liveRate(argv[i]) } catch {
                        throw CRMError.usage("bad-value", String(describing: error))
                    }
                }
            case "--profile", "-p": o.profile = try value(a)
            case "--verbose", "-v": o.settings.verbose = true
            case "--curl": o.settings.curl = true
            case "--dry-run": o.settings.dryRun = true
            case "--yes", "-y": o.settings.yes = true
            case "--output", "-o":
                o.settings = try o.settings.applying("output", try value(a), label: "Option '\(a)'", at: nil)
            case "--concurrency":
                o.settings = try o.settings.applying("concurrency", try value(a), label: "Option '\(a)'", at: nil)
            case "--timeout":
                o.settings = try o.settings.applying("timeout", try value(a), label: "Option '\(a)'", at: nil)
            case "--help", "-h":
                o.mode = .help
                return o
            case "--version":
                o.mode = .version
                return o
            case "-c":
                o.mode = .inline(text: try value(a), args: Array(argv[(i + 1)...]))
                return o
            case "-":
                o.mode = .script(path: "-", args: Array(argv[(i + 1)...]))
                return o
            case "sandbox":
                o.mode = .sandbox(args: Array(argv[(i + 1)...]))
                return o
            case "run":
                guard i + 1 < argv.count else {
                    throw CRMError.usage("missing-value", "'crm run' needs a script file.")
                }
                o.mode = .script(path: argv[i + 1], args: Array(argv[(i + 2)...]))
                return o
            case "resume":
                guard i + 1 < argv.count else {
                    throw CRMError.usage("missing-value", "'crm resume' needs a run id (see 'runs list').")
                }
                // Options may stand before or after `resume ID`: the line without those two words.
                var others = try parse(Array(argv[..<i]) + Array(argv[(i + 2)...]))
                guard case .repl = others.mode else {
                    throw CRMError.usage(
                        "unexpected-argument", "'crm resume' takes one run id and options. Run 'crm --help' for usage.")
                }
                others.mode = .resume(runID: argv[i + 1])
                return others
            default:
                if a.hasPrefix("-") {
                    let known = [
                        "--demo", "--profile", "--verbose", "--curl", "--dry-run", "--yes", "--output", "--concurrency",
                        "--timeout", "--help", "--version", "-c", "--live",
                    ]
                    throw CRMError.usage(
                        "unknown-option",
                        "Unknown option '\(a)'" + Suggestion.didYouMean(a, in: known) + " Run 'crm --help' for usage.")
                }
                o.mode = .script(path: a, args: Array(argv[(i + 1)...]))
                return o
            }
            i += 1
        }
        return o
    }

    /// The text of `crm --help`.
    public static let usage = """
        crm — a shell for the Leeloo.ai and Chat-Tonic APIs

        Usage:
          crm [options]                    interactive shell (REPL)
          crm [options] FILE [args…]       run a .crm script ($args, $1…)
          crm [options] run FILE [args…]   same
          crm [options] -c TEXT [args…]    run TEXT
          crm [options] -                  run a script from stdin
          crm sandbox [--port N] [--seed S] [--people N] [--latency-ms N] [--rate-limit RPS]
                      [--fault-5xx P] [--fault-429 P] [--fault-reset P] …   serve the sandbox APIs
          crm resume RUN_ID                continue an interrupted bulk run

        Options:
          --demo               start the built-in sandbox and use the 'demo' profile
          --live [RATE]        with --demo: new people, messages and leads appear at RATE/s (default 1)
          --profile, -p NAME   use profile NAME (else CRM_PROFILE, else the config's current)
          --verbose, -v        trace each request (method, URL, status, ms) to stderr
          --curl               print equivalent curl commands instead of sending
          --dry-run            print the plan of writes; send nothing
          --yes, -y            confirm guarded bulk writes on prod profiles
          --output, -o FMT     table | json | ndjson | csv (default: table on a TTY, json otherwise)
          --concurrency N      parallel requests for bulk writes (default 32)
          --timeout SECONDS    the most one HTTP request may take in all (default 60)
          --help, --version

        Exit codes: 0 ok, 1 runtime error, 2 usage, 3 syntax, 4 auth, 5 network, 6 rate-limited,
        7 partial bulk failure, 8 API error, 9 refused by a safety guard, 130 interrupted.
        """
}
