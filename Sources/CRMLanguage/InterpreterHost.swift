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
