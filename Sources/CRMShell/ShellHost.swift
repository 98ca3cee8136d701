import CRMBuiltins
import CRMBulk
import CRMClient
import CRMCore
import CRMLanguage
import CRMLineEditor
import Foundation

/// The interpreter's window on the world: renders statement output to stdout, notices to stderr,
/// and hands commands the session and the API client of the current profile.
public final class ShellHost: InterpreterHost, BulkProviding {
    /// Profiles and tokens; nil only in tests that run without one.
    public let sessionStore: Session?
    public var settings: Settings {
        get {
            var s = storedSettings
            s.display = terminal.display
            return s
        }
        set { storedSettings = newValue }
    }
    private var storedSettings: Settings
    public let isInteractive: Bool
    let terminal: Terminal
    /// Reads a line from the user for prompts (set by the REPL to route through libedit).
    var readLineHook: ((String) -> String?)?
    /// Timeouts and retry limits of the client (tests make them quick; `--timeout` sets the deadline).
    var clientOptions = ClientOptions()
    /// Where run journals live (`$XDG_STATE_HOME`, else `~/.local/state`).
    public let stateDirectory: URL
    /// The session's bulk runner (journals, guard, exactly-once sends).
    private(set) lazy var runner = BulkRunner(host: self)
    /// The prod write guard's count for the current statement.
    let writeGuard = WriteGuard()
    /// `record start` … `record stop` (fed by the REPL).
    let recorder = Recorder()

    public init(
        session: Session?, settings: Settings, isInteractive: Bool, terminal: Terminal = .shared,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.sessionStore = session
        self.storedSettings = settings
        self.isInteractive = isInteractive
        self.terminal = terminal
        self.stateDirectory = ShellHost.stateDirectory(environment)
    }

    /// `$XDG_STATE_HOME`, else `~/.local/state`.
    static func stateDirectory(_ env: [String: String]) -> URL {
        if let x = env["XDG_STATE_HOME"], !x.isEmpty { return URL(fileURLWithPath: x, isDirectory: true) }
        let home = env["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/state", isDirectory: true)
    }

    public var bulkRunner: (any BulkRunning)? { runner }
    public var planNotice: @Sendable (String) -> Void { { [terminal] in terminal.err($0) } }

    /// The request rate the current profile's scheduler for `request`'s endpoint allows, once a
    /// 429 or a `RateLimit-Policy` has taught it one.
    public func knownRateLimit(for request: APIRequest) -> Double? {
        guard let p = sessionStore?.currentProfile else { return nil }
        let base = (request.api == .leeloo ? p.leelooURL : p.chattonicURL) ?? ""
        return RateScheduler.shared(
            profile: p.name, api: request.api, baseURL: base, scope: RateScheduler.scope(of: request.path)
        ).currentRate
    }

    public var session: (any SessionContext)? { sessionStore }

    /// The current profile's API behind the prod write guard (what commands use).
    public var api: (any APIService)? {
        unguardedAPI.map { GuardedAPIService(inner: $0, host: Unchecked(value: self)) }
    }

    /// The current profile's API without the guard: for bulk runs, which count their targets first.
    public var unguardedAPI: (any APIService)? {
        var options = clientOptions
        options.requestTimeout = settings.timeout
        guard let service = sessionStore?.service(options: options, notice: { [terminal] in terminal.err($0) })
        else { return nil }
        service.verbose = settings.verbose
        service.curlMode = settings.curl
        return service
    }

    /// The output format for statement results: `--output`, else table on a TTY, else JSON.
    var outputFormat: OutputFormat {
        if let o = settings.output, let f = OutputFormat(rawValue: o) { return f }
        return terminal.stdoutIsTTY ? .table : .json
    }

    public func emit(_ data: PipelineData) async throws {
        let term = terminal
        try await Renderer.write(data, as: outputFormat, width: term.width) { term.out($0) }
        term.flush()
    }

    public func notice(_ text: String) { terminal.err(text) }

    public func prompt(_ text: String, secret: Bool) async throws -> String? {
        if secret { return TerminalPrompt.readSecret(text) }
        if let hook = readLineHook { return hook(text) }
        guard terminal.stdinIsTTY else { return nil }
        terminal.errRaw(text)
        return Swift.readLine()
    }

    public func readSource(_ path: String, relativeTo: String?) throws -> (text: String, name: String) {
        var full = (path as NSString).expandingTildeInPath
        if !full.hasPrefix("/"), let base = relativeTo, base.hasPrefix("/") || base.contains("/") {
            let dir = (base as NSString).deletingLastPathComponent
            if !dir.isEmpty { full = (dir as NSString).appendingPathComponent(full) }
        }
        guard let handle = FileHandle(forReadingAtPath: full) else {
            throw CRMError("io.not-found", "Cannot read '\(path)': no such file.")
        }
        defer { try? handle.close() }
        guard let data = try InputLimit.read(handle, limitMB: settings.maxInputMB) else {
            throw InputLimit.tooLarge("'\(path)'", limitMB: settings.maxInputMB)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CRMError("io.encoding", "Cannot read '\(path)': it is not UTF-8 text.")
        }
        return (text, path)
    }
}
