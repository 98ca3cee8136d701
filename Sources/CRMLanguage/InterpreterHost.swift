import CRMCore

/// What the interpreter needs from the program around it: where output goes, the API and session
/// of the current profile, settings, prompting, and reading `source` files. The shell implements
/// it; tests use a small fake.
public protocol InterpreterHost: AnyObject {
    /// Renders a statement's output to stdout.
    func emit(_ data: PipelineData) async throws
    /// Writes one line to stderr.
    func notice(_ text: String)
    /// The API transport of the current profile, if any.
    var api: (any APIService)? { get }
    /// The session (profiles, tokens), if any.
    var session: (any SessionContext)? { get }
    /// Shell-wide settings.
    var settings: Settings { get set }
    /// Whether a person is at a terminal.
    var isInteractive: Bool { get }
    /// Asks the user for a line (no echo when `secret`); nil when there is no terminal.
    func prompt(_ text: String, secret: Bool) async throws -> String?
    /// Reads the file a `source` statement names, relative to the file that sources it (nil when
    /// the source is the REPL or another `<label>`); returns its text and the name to use in error
    /// locations. Called while resolving, before the script runs; throw a `CRMError` when missing.
    func readSource(_ path: String, relativeTo: String?) throws -> (text: String, name: String)
    /// All of standard input as text, for `open -` (default: none).
    func readStandardInput() async throws -> String?
    /// Waits, ending early with `CRMError.interrupted` on Ctrl-C (default: a plain task sleep).
    func sleep(milliseconds: Int) async throws
    /// The prod write guard (see the extension below for what each does; defaults: no guard).
    var writesNeedConfirming: Bool { get }
    func expectWrites(_ count: Int, what: String) async throws
    func statementBegins()
}

/// The prod write guard as the interpreter sees it. The shell counts every write request of a
/// top-level statement and stops one more than the threshold unless confirmed; a loop or a piped
/// write that may write once per item announces its item count first, so the guard can ask (or
/// refuse) before anything is sent. The defaults (no guard) suit hosts without profiles.
extension InterpreterHost {
    /// Whether writes still need confirming in this statement (a prod profile without `--yes`).
    public var writesNeedConfirming: Bool { false }
    /// `count` items are about to be handled by code that may write for each (`what` names it for
    /// the question or the refusal). Throws the guard's refusal; returns once confirmed or when
    /// `count` stays within the threshold.
    public func expectWrites(_ count: Int, what: String) async throws {}
    /// A new top-level statement begins: the guard counts writes per statement.
    public func statementBegins() {}
    /// No standard input by default.
    public func readStandardInput() async throws -> String? { nil }
    /// A plain task sleep by default.
    public func sleep(milliseconds: Int) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, milliseconds)) * 1_000_000)
    }
}

/// Thrown by `exit N`: the script (or shell) should stop with `status`.
public struct ExitRequest: Error, Sendable {
    /// The requested exit status.
    public let status: Int32

    /// An exit request with `status`.
    public init(status: Int32) { self.status = status }
}

/// The control flow a statement hands back to the block that runs it.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(PipelineData)
}

/// A block or `where` condition handed to a command, with the frame it was written in.
struct BlockEntry {
    enum Body {
        case block(Block)
        case predicate(Expr)
    }
    let body: Body
    let itSlot: Int
    let frame: Frame
}
