import CRMCore
import Foundation

/// Single writes in the journal: a write command run once, outside a bulk run, sends its one
/// request itself (and prints its answer) and is recorded here as a finished run of one target,
/// so `runs` is the log of what a profile changed. A write that may or may not have happened (an
/// ambiguous failure, Ctrl-C while it was in flight) is left unknown: its run stays unfinished and
/// holds its target until `crm resume` settles it.
extension BulkRunner: WriteLogging {
    public func logSingle(command: CommandSpec, job: BulkJob, failure: CRMError?) {
        var h = header(command, host.settings, nil)
        h["single"] = true
        let journal: RunJournal
        do {
            journal = try RunJournal.create(
                in: RunJournal.directory(state: stateDirectory), header: h, jobs: [job])
        } catch {
            host.notice("\(command.name): the write is not in the journal: \(error)")
            return
        }
        let unknown = ["http.ambiguous", "interrupted"].contains(failure?.code)
        switch failure {
        case nil: journal.mark(job.key, .done, attempt: 1)
        case let e? where unknown: journal.mark(job.key, .unknown, attempt: 1, error: e.message)
        case let e?: journal.mark(job.key, .failed, attempt: 1, error: e.message)
        }
        journal.append([
            "type": "end", "state": "complete", "at": .string(ISO8601.string(Date())), "open": .int(unknown ? 1 : 0),
        ])
    }
}
