import CRMCore
import Foundation

/// What the bulk engine needs from the shell that runs it, and nothing more: a snapshot of the
/// settings, notices and output, the prod guard's confirmation, the API, the state directory and
/// Ctrl-C. The shell's host implements it; the engine never sees the interpreter, the terminal or
/// the HTTP client.
public protocol BulkHost: AnyObject {
    /// The session's settings now (`--dry-run`, `--yes`, concurrency, the guard's threshold).
    var settings: Settings { get }
    /// The current profile's name; nil without a profile.
    var profileName: String? { get }
    /// Where run journals live (`<state>/crm/runs`).
    var stateDirectory: URL { get }
    /// The current profile's API without the prod guard (a run counts its targets up front
    /// instead); nil without a profile.
    var unguardedAPI: (any APIService)? { get }
    /// Whether writes need confirming now (a prod profile without `--yes`, not yet confirmed).
    var writesNeedConfirming: Bool { get }
    /// Admits a run of `count` writes (`what` names them): asks at a terminal or refuses in a
    /// script as the prod guard does, then counts them against the statement's allowance.
    func admitRun(_ count: Int, what: String) async throws
    /// The request rate the profile's scheduler allows for `request`'s endpoint, once known.
    func knownRateLimit(for request: APIRequest) -> Double?
    /// Writes one notice line (stderr).
    func notice(_ text: String)
    /// Writes a statement result (a run's results, before it throws its partial failure).
    func emit(_ data: PipelineData) async throws
    /// Draws the progress line (raw text, no newline); nil when stderr is not a terminal.
    var progressOutput: (@Sendable (String) -> Void)? { get }
    /// Ctrl-C as the process counts it.
    var interrupts: InterruptCount { get }
}

/// Ctrl-C presses since the process started, as the shell's signal handler counts them. The first
/// press cancels the running statement; a bulk run watches for a second to abandon in-flight work.
public struct InterruptCount: Sendable {
    private let read: @Sendable () -> Int

    /// Counts through `presses` (the shell's atomic counter).
    public init(_ presses: @escaping @Sendable () -> Int) { read = presses }

    /// A count that never moves (tests, embedding without a signal handler).
    public static let none = InterruptCount { 0 }

    /// Presses so far.
    public var presses: Int { read() }

    /// Runs `action` once a second press has come since `presses` was `since`. Cancel the returned
    /// task to stop watching.
    public func onSecondPress(since: Int, _ action: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        let read = self.read
        return Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                if read() >= since + 2 {
                    action()
                    return
                }
            }
        }
    }
}
