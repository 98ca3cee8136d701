import CRMBuiltins
import CRMClient
import CRMCommands
import CRMCore
import CRMLanguage
import CRMSandbox
import Foundation

/// The `crm` program: parses the command line, builds the session and registry, and runs the REPL,
/// a script, `-c TEXT`, or the sandbox server. Returns the process exit status.
public enum Shell {
    /// `main`'s status, except that a run stopped by SIGTERM exits 143 rather than 130.
    public static func mainExitStatus(_ argv: [String]) -> Int32 {
        let status = main(argv)
        if status == ExitStatus.interrupted.rawValue, InterruptGuard.terminated {
            return ExitStatus.terminated.rawValue
        }
        return status
    }

    /// Runs crm with `argv` (without the program name). Synchronous: the REPL owns the main thread.
    public static func main(_ argv: [String]) -> Int32 {
        let term = Terminal.shared
        let options: LaunchOptions
        do {
            options = try LaunchOptions.parse(argv)
        } catch {
            term.err("crm: \(describe(error))")
            return ExitStatus.usage.rawValue
        }
        switch options.mode {
        case .sandbox(let args):
            return SandboxMode.run(args)
        default:
            if let status = StaticModes.run(options.mode, term: term) { return status }
        }
        let env = ProcessInfo.processInfo.environment
        let session: Session
        do {
            session = try Session(configURL: Session.defaultConfigURL(environment: env), environment: env)
            if let p = options.profile { try session.useProfile(p) }
            for w in session.warnings { term.err("crm: \(w)") }
        } catch {
            term.err("crm: \(describe(error))")
            return exitStatus(of: error)
        }
        var demo: DemoSandbox?
        if options.demo {
            do {
                var sandboxOptions = SandboxOptions()
                sandboxOptions.liveRate = options.liveRate
                sandboxOptions.noise = SandboxOptions.defaultNoise
                demo = try DemoSandbox.start(session: session, options: sandboxOptions)
            } catch {
                term.err("crm: could not start the demo sandbox: \(describe(error))")
                return ExitStatus.network.rawValue
            }
        }
        defer { demo?.stop() }
        let interactive: Bool
        switch options.mode {
        case .repl: interactive = term.stdinIsTTY
        default: interactive = term.stdinIsTTY && term.stderrIsTTY
        }
        let host = ShellHost(session: session, settings: options.settings, isInteractive: interactive)
        let registry = ShellRegistry.make(host: host)
        switch options.mode {
        case .repl where term.stdinIsTTY:
            if demo != nil { term.err("Demo sandbox running with seeded data. Try: people --tag vip | first 3") }
            let repl = REPL(host: host, registry: registry, session: session)
            return withExtendedLifetime(repl) { repl.run() }
        case .repl, .script("-", _):
            let args = if case .script(_, let a) = options.mode { a } else { [String]() }
            guard let text = try? InputLimit.read(FileHandle.standardInput, limitMB: host.settings.maxInputMB) else {
                term.err("crm: " + InputLimit.tooLarge("the script on standard input", limitMB: host.settings.maxInputMB).rendered)
                return ExitStatus.usage.rawValue
            }
            return runScript(String(decoding: text, as: UTF8.self), file: "<stdin>", args: args, host: host, registry: registry)
        case .script(let path, let args):
            do {
                let (text, name) = try host.readSource(path, relativeTo: nil)
                return runScript(text, file: name, args: args, host: host, registry: registry)
            } catch {
                term.err("crm: \(describe(error))")
                return ExitStatus.usage.rawValue
            }
        case .inline(let text, let args):
            return runScript(text, file: "<command line>", args: args, host: host, registry: registry)
        case .resume(let runID):
            return runScript("runs resume \(runID)", file: "<resume>", args: [], host: host, registry: registry)
        case .play(let path, let delay, let step, let args):
            return Player(host: host, registry: registry, session: session, delayMs: delay, step: step).play(
                path, arguments: args)
        case .help, .version, .sandbox, .manPage, .completions, .completionValues:
            return 0
        }
    }

    /// The version string: its one owner (`crm --version`, `version`, the man page, scripts/package.sh).
    public static let version = "0.1.0"

    static func runScript(_ text: String, file: String, args: [String], host: ShellHost, registry: CommandRegistry)
        -> Int32
    {
        // SAFE: the host (not Sendable) moves to the script's task while this thread waits for it.
        let payload = Unchecked(value: (host, registry))
        let term = Terminal.shared
        let status: Int32 = Blocking.run {
            let (host, registry) = payload.value
            let code = await ScriptRunner.run(
                source: text, file: file, args: args, commands: registry, host: host,
                errorOutput: { term.err($0) })
            return code
        }
        term.flush()
        return status
    }

    /// An error as one line for the user.
    static func describe(_ error: any Error) -> String {
        if let e = error as? CRMError { return e.rendered }
        return String(describing: error)
    }

    static func exitStatus(of error: any Error) -> Int32 {
        (error as? CRMError)?.exitStatus.rawValue ?? ExitStatus.runtime.rawValue
    }
}
