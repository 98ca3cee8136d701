/// Journals a write made outside a bulk run (one `people update ID …`, one `people add-tag ID vip`):
/// it still sends its single request itself, then lands in the journal as a run of one target,
/// so `runs` is the log of what a profile changed. Implemented by the bulk runner.
public protocol WriteLogging: AnyObject {
    /// Records that `job` of `command` was sent (`failure` nil), or how it failed.
    func logSingle(command: CommandSpec, job: BulkJob, failure: CRMError?)
    /// Why a single send of `job` must not go out: `--once` and this profile already delivered it,
    /// or `--skip-sent RUN` and that run sent it; nil when it may be sent.
    func alreadySent(_ job: BulkJob, once: Bool, skipRun: String?) throws -> String?
    /// Throws the `runs.unfinished` refusal when an unfinished run of this profile holds `job`
    /// (the same write to the same target, of unknown outcome or not yet sent) and sending it
    /// again could make it twice; an idempotent write is never held.
    func refuseHeld(_ job: BulkJob) throws
}

extension CommandContext {
    /// Where single writes are journaled, when the shell's bulk runner does that (nil in plain
    /// contexts such as unit tests).
    public var writeLog: (any WriteLogging)? { bulk as? any WriteLogging }
}
