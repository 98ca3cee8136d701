import CRMCore
import Foundation

extension BulkRunner: WriteLogging {
    /// Journals one write made outside a bulk run (`people add-tag ID vip`) as a run of one target,
    /// so `runs` is the log of what the profile changed and `runs undo` can reverse it: done, failed
    /// or, after an ambiguous failure, unknown (the run then stays unfinished: `crm resume ID`
    /// settles it). A delivered message send is indexed for `--once`. A journal that cannot be
    /// written is a warning, never a failure of the write that already happened.
    public func logSingle(command: CommandSpec, job: BulkJob, failure: CRMError?) {
        var h = header(command, host.settings, nil)
        h["plan"] = "single"
        let journal: RunJournal
        do {
            journal = try RunJournal.create(in: RunJournal.directory(state: stateDirectory), header: h, jobs: [job])
        } catch {
            host.notice("warning: '\(command.name)' was not journaled: \((error as? CRMError)?.message ?? "\(error)")")
            return
        }
        let state: TargetState
        switch failure {
        case nil: state = .done
        case let e? where e.code == "http.ambiguous": state = .unknown
        case _?: state = .failed
        }
        journal.mark(job.key, state, attempt: 1, error: failure?.message)
        if state == .done, job.readBack != nil { journal.delivered(job.key) }
        journal.append([
            "type": "end", "state": .string(RunState.complete.rawValue), "at": .string(ISO8601.string(Date())),
            "open": .int(state.isOpen ? 1 : 0),
        ])
    }

    public func refuseHeld(_ job: BulkJob) throws {
        guard !job.idempotent else { return }
        let unfinished = UnfinishedRuns.find(
            profile: host.profileName ?? "", in: RunJournal.directory(state: stateDirectory))
        if let run = unfinished.first(where: { $0.keys.contains(job.key) }) { throw Self.refusal(run) }
    }

    /// The skips of a bulk run, for one send: the delivery index (`--once`) and the keys a named
    /// run sent (`--skip-sent`), so a single send is not sent twice either.
    public func alreadySent(_ job: BulkJob, once: Bool, skipRun: String?) throws -> String? {
        if let skipRun, !skipRun.isEmpty, try sentKeys(of: skipRun).contains(job.key) {
            return "run \(skipRun) already sent it"
        }
        guard once else { return nil }
        let dir = RunJournal.directory(state: stateDirectory)
        let delivered = DeliveryIndex.delivered(profile: host.profileName ?? "", in: dir, warn: host.notice)
        return delivered.contains(job.key) ? "profile '\(host.profileName ?? "")' already delivered it (--once)" : nil
    }
}
