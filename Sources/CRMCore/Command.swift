/// A runnable command: its declaration plus the code that runs it.
public struct Command: Sendable {
    /// The declaration.
    public let spec: CommandSpec
    /// Runs the command with bound arguments and its pipeline input.
    public let run: @Sendable (Arguments, PipelineData, any CommandContext) async throws -> PipelineData
    /// For write commands that the bulk runner can drive: the jobs for one input item.
    public let planner: Planner?

    public init(
        _ spec: CommandSpec, planner: Planner? = nil,
        run: @escaping @Sendable (Arguments, PipelineData, any CommandContext) async throws -> PipelineData
    ) {
        self.spec = spec
        self.planner = planner
        self.run = run
    }
}

/// How the language finds commands: a lookup protocol, so the language never imports the registry.
public protocol CommandLookup: Sendable {
    /// The command with this name or alias (`people get`, `count`), if any.
    func command(named name: String) -> Command?
    /// Every declaration, for help, completion and "Did you mean".
    var allSpecs: [CommandSpec] { get }
}

/// A registry built from lists of commands; later registrations of a name win.
public struct CommandRegistry: CommandLookup {
    private var byName: [String: Command] = [:]
    private var order: [String] = []

    public init(_ commands: [Command] = []) { register(commands) }

    /// Adds commands under their names and aliases.
    public mutating func register(_ commands: [Command]) {
        for c in commands {
            if byName[c.spec.name] == nil { order.append(c.spec.name) }
            byName[c.spec.name] = c
            for a in c.spec.aliases { byName[a] = c }
        }
    }

    public func command(named name: String) -> Command? { byName[name] }

    public var allSpecs: [CommandSpec] { order.compactMap { byName[$0]?.spec } }

    /// Every name and alias.
    public var allNames: [String] { Array(byName.keys).sorted() }
}

/// An opaque handle to a `{ … }` block in the script, run through `CommandContext`.
public struct BlockRef: Sendable, Hashable {
    public let id: Int
    public init(id: Int) { self.id = id }
}

/// What a running command may ask of the shell around it. Implemented by the interpreter; the
/// commands never import the language.
public protocol CommandContext: AnyObject {
    /// Runs a block with `$it` bound to `it` and `input` as its pipeline input.
    func runBlock(_ block: BlockRef, it: Value, input: PipelineData) async throws -> PipelineData
    /// Evaluates a predicate block (from `where`) against an item: bare names are its fields.
    func evaluatePredicate(_ block: BlockRef, it: Value) async throws -> Bool
    /// Where the command was called, for errors.
    var location: SourceLocation? { get }
    /// The API transport of the current profile, if one is configured.
    var api: (any APIService)? { get }
    /// The session (profiles, tokens), if the shell has one.
    var session: (any SessionContext)? { get }
    /// Shell-wide settings (`verbose`, `output`, `dry-run`, `yes`, `concurrency`).
    var settings: Settings { get }
    /// Writes a line to stderr (waits, progress, warnings). Never to stdout.
    func notice(_ text: String)
    /// Writes a value to stdout now, as a statement's result would be rendered.
    func emit(_ data: PipelineData) async throws
    /// Ends the calling statement with `error` once its output went through the rest of the
    /// pipeline and was rendered: a command whose output is whole but whose outcome is a failure
    /// (`doctor` with a failed check) returns its output and registers the failure here, so that
    /// `doctor | where result != ok` filters the rows and still exits non-zero.
    func failAfterOutput(_ error: CRMError)
    /// Asks the user for a line (no echo when `secret`); nil when there is no terminal.
    func prompt(_ text: String, secret: Bool) async throws -> String?
    /// Whether a person is at a terminal (REPL or a TTY script).
    var isInteractive: Bool { get }
    /// The item field paths a `where` condition reads as written (`interaction.last`), for the
    /// warning when no item has one; empty for a block.
    func predicateFields(_ block: BlockRef) -> [String]
    /// All of standard input as text (`open -`); nil when the host has none to give.
    func readStandardInput() async throws -> String?
    /// Waits `milliseconds`, or throws `CRMError.interrupted` when the user presses Ctrl-C.
    func sleep(milliseconds: Int) async throws
}

extension CommandContext {
    /// No known field paths (contexts without a language behind them).
    public func predicateFields(_ block: BlockRef) -> [String] { [] }
    /// No standard input by default.
    public func readStandardInput() async throws -> String? { nil }
    /// A plain task sleep by default (cancellation ends it).
    public func sleep(milliseconds: Int) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, milliseconds)) * 1_000_000)
    }
}

/// Shell-wide settings visible to commands.
public struct Settings: Sendable {
    /// Trace requests to stderr.
    public var verbose = false
    /// Print curl commands instead of sending.
    public var curl = false
    /// Print the plan of writes and send nothing.
    public var dryRun = false
    /// Confirm guarded writes without asking.
    public var yes = false
    /// Default rendering: `table`, `json`, `ndjson`, `csv`; nil picks by TTY.
    public var output: String?
    /// Concurrency for bulk writes.
    public var concurrency = 32
    /// On prod profiles, a write touching more targets than this needs confirmation (`--yes`).
    public var guardThreshold = 20
    /// Seconds one HTTP request may take in all, from connecting to its last byte (`--timeout`).
    public var timeout = 60.0
    /// The range `--timeout` and `option timeout` accept, in seconds.
    public static let timeoutRange = 0.001...86_400.0
    /// The most megabytes crm reads whole from a file, standard input or a script (`--max-input`).
    public var maxInputMB = InputLimit.defaultMB
    /// The terminal stdout is drawn on, for pictures (`chart`, `funnel`); nil off a terminal.
    public var display: Display?
    public init() {}
}
