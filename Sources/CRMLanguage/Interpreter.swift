import CRMCore
import Synchronization

/// Runs crm language source: parses all of it (reporting every syntax error), resolves names and
/// commands once, then executes. Keeps globals and `def`s between `run` calls, so the REPL can
/// feed it one line at a time.
///
/// Every statement's result is emitted through the host when the statement finishes (inside
/// blocks and loops too); `set`/`let` capture it instead.
public final class Interpreter {
    let commands: any CommandLookup
    let host: any InterpreterHost
    let globals = Globals()
    var functions: [String: Function] = [:]
    var scriptArguments: [String] = []
    var blocks: [BlockEntry] = []
    var callDepth = 0
    /// A failure a command registered to end its statement with once the statement's output is
    /// out (`CommandContext.failAfterOutput`); thrown when the statement ends.
    let deferredFailure = Mutex<CRMError?>(nil)
    /// Deeper `def` recursion than this is an error.
    static let maxCallDepth = 1000

    /// An interpreter that finds commands through `commands` and talks to the world through `host`.
    public init(commands: any CommandLookup, host: any InterpreterHost) {
        self.commands = commands
        self.host = host
    }

    /// Parses, resolves and runs `source`. Throws `SyntaxErrors` (every syntax error, or every
    /// unknown command) before anything runs; then the first runtime `CRMError` (Ctrl-C, i.e. task
    /// cancellation, is `CRMError.interrupted`), or `ExitRequest` for `exit N`.
    public func run(_ source: String, file: String) async throws {
        let statements = try Parser.parse(source, file: file)
        let host = self.host
        var resolver = Resolver(
            commands: commands, globals: globals, functions: functions, file: file,
            readSource: { path, relative in
                try host.readSource(path, relativeTo: relative.flatMap { $0.hasPrefix("<") ? nil : $0 })
            })
        let program = resolver.resolveProgram(statements)
        if !resolver.errors.isEmpty {
            throw SyntaxErrors(
                resolver.errors.sorted {
                    ($0.location?.line ?? 0, $0.location?.column ?? 0) < (
                        $1.location?.line ?? 0, $1.location?.column ?? 0
                    )
                })
        }
        functions = resolver.functions
        let mark = blocks.count
        defer { blocks.removeSubrange(min(mark, blocks.count)...) }
        do {
            let frame = Frame(size: program.frameSize)
            for statement in program.statements {
                try checkCancelled()
                host.statementBegins()  // the prod write guard counts per top-level statement
                guard case .normal = try await executeStatement(statement, frame) else { break }
            }
        } catch is CancellationError {
            throw CRMError.interrupted
        }
    }

    /// Sets `$args` and `$1` … `$9`.
    public func setScriptArguments(_ args: [String]) { scriptArguments = args }

    /// The visible globals that have a value, for Tab completion.
    public var variableSnapshot: [String: Value] { globals.snapshot }

    /// The names of the `def`s defined so far, sorted.
    public var functionNames: [String] { functions.keys.sorted() }

    /// Throws `CRMError.interrupted` when the running task was cancelled (Ctrl-C).
    @inline(__always)
    func checkCancelled() throws {
        if Task.isCancelled { throw CRMError.interrupted }
    }
}
