import CRMBulk
import CRMCore

/// The shell's side of the bulk engine's protocol: the rest of `BulkHost` (settings, the state
/// directory, the unguarded API, the guard, notices, output) is `ShellHost`'s own.
extension ShellHost: BulkHost {
    public var profileName: String? { session?.profileName }

    public var progressOutput: (@Sendable (String) -> Void)? {
        let term = terminal
        guard term.stderrIsTTY else { return nil }
        return { @Sendable text in term.errRaw(text) }
    }

    public var interrupts: InterruptCount { InterruptCount { InterruptGuard.presses } }
}
