import CRMCore
import Foundation

extension BulkRunner {
    /// Runs (or resumes) the jobs of `queue` against `api` (while `feed`, if any, still plans
    /// more), journals how the run ended (`RunMachine.ending`) and turns that into results, a
    /// summary and the run's exit status.
    func execute(
        _ name: String, _ queue: JobQueue, journal: RunJournal, api: any APIService, settings: Settings,
        progress: ProgressLine, feed: PlanFeed? = nil, unplanned: [TargetPlanner.Unplannable] = [],
        listedAll: Bool = true, known: [ReadBackCalibration.Delivery] = [], resumed: Bool = false
    ) async throws -> PipelineData {
        // `listedAll`: false when resuming a run whose listing was cut short (its end line says so).
        // `unplanned`: the items a planned-first run could not plan; a feed reports its own.
        let interruptsAtStart = host.interrupts.presses
        let exec = BulkExecution(
            api: api, journal: journal, progress: progress, concurrency: settings.concurrency,
            interrupts: host.interrupts, calibration: ReadBackCalibration())
        // A resume knows the deliveries its journal records: they calibrate its read-backs and
        // teach it the templates' renderings, as the run's own 2xx answers did.
        for d in known {
            exec.calibration.note(d)
            exec.learner.noteSuccess(d.readBack, since: d.sentAt)
        }
        let outcome = await exec.run(queue, abandon: { feed?.abandon() })
        if outcome.interrupted || outcome.run.stoppedBy != nil, feed != nil, !queue.isFinished {
            host.notice("Stopping: listing the remaining targets so the run can be resumed (Ctrl-C again to stop now).")
        }
        let (planEnd, unplannable) =
            await feed?.end(interruptsAtStart: interruptsAtStart, interrupts: host.interrupts) ?? (.complete, unplanned)
        progress.clear()
        // Items that could not be planned come last, after the targets in planning order.
        let results =
            outcome.results
            + unplannable.map { .init(label: $0.label, state: .failed, attempts: 0, error: $0.error.message) }
        let failures = results.filter { $0.state != .done }
        let ending = outcome.run.ending(interrupted: outcome.interrupted, plan: planEnd, failures: failures.count)
        // `open`: targets left unsettled (not sent, or delivery unknown), so a later run can tell
        // from this line alone that the run holds nothing any more (`UnfinishedRuns`).
        var end: Record = [
            "type": "end", "state": .string(ending.state.rawValue), "at": .string(ISO8601.string(Date())),
            "open": .int(queue.count - outcome.results.count(where: { !$0.state.isOpen })),
        ]
        switch ending {
        case .planFailed(let e), .stopped(let e): end["error"] = .string(e.message)
        default: break
        }
        if case .abandoned = planEnd { end["plan"] = "incomplete" }
        if !listedAll { end["plan"] = "incomplete" }
        if let premise = exec.calibration.failure { end["premiseFailed"] = .string(premise) }
        journal.append(.record(end))
        if let failure = journal.writeFailure {
            progress.clear()
            let counts = progress.snapshot
            throw CRMError(
                failure.code,
                "Stopped: \(failure.message) \(counts.sent) sent before it; nothing was sent that the journal does not record.",
                help: failure.help, exit: .runtime)
        }
        host.notice(progress.summary(runID: journal.id))
        if let premise = exec.calibration.failure {
            host.notice(
                "Read-back premise failed, so no target of unknown delivery was sent again: \(premise). "
                    + "Check the channels by hand and record what you see with: runs settle \(journal.id) --delivered IDS / --not-delivered IDS")
        }
        let counts = progress.snapshot
        let left = queue.count - outcome.results.count
        switch ending {
        case .planFailed(let e):
            throw CRMError(
                e.code,
                "Listing the targets stopped after \(queue.count): \(e.message) \(counts.sent) sent; \(left) listed but not sent; later targets were never listed.",
                help:
                    "crm resume \(journal.id) sends the listed ones; then run the loop again with --skip-sent \(journal.id) to reach the rest",
                exit: e.exitStatus)
        case .stopped(let e):
            let unlisted = queue.isFinished ? "" : "; targets after them were never listed"
            throw CRMError(
                "bulk.stopped",
                "Stopped: the first \(RunMachine.probeSize) attempts all failed alike: \(e.message) \(left) targets left unsent (pending in run \(journal.id))\(unlisted).",
                help: "fix the cause, then: crm resume \(journal.id)", exit: .partialFailure)
        case .interrupted:
            var help = "continue with: crm resume \(journal.id)"
            if case .abandoned = planEnd {
                help += " (only the \(queue.count) targets listed before the second Ctrl-C)"
            }
            throw CRMError(
                "interrupted", "Interrupted: \(counts.done) of \(queue.count + counts.skipped) targets handled.",
                help: help, exit: .interrupted)
        case .partial:
            // An unknown target is not a failure: it may have been written, and it is never resent blindly.
            for f in failures.prefix(10) { host.notice("  \(f.state.rawValue): \(f.label) — \(f.error ?? "")") }
            if failures.count > 10 { host.notice("  … and \(failures.count - 10) more") }
            try await host.emit(.value(.list(results.map(\.value))))
            let unknown = failures.count { $0.state == .unknown }
            var parts = failures.count > unknown ? ["\(failures.count - unknown) failed"] : []
            if unknown > 0 { parts.append("\(unknown) of unknown delivery (not resent)") }
            let premise = exec.calibration.failure.map { " A premise of the read-back failed: \($0)." } ?? ""
            throw CRMError(
                "bulk.partial", "\(parts.joined(separator: " and ")) of \(results.count) targets.\(premise)",
                help: Self.partialHelp(journal.id, unknown: unknown, failed: failures.count - unknown, resumed: resumed),
                exit: .partialFailure)
        case .complete:
            return .value(.list(results.map(\.value)))
        }
    }

    /// What to do about a run that ended with failed or unknown targets. A first run's unknown
    /// targets may still be settled by a resume's read-back; a resume's were not, so the hint
    /// says how a person settles them instead of resuming again.
    static func partialHelp(_ id: String, unknown: Int, failed: Int, resumed: Bool) -> String {
        let byHand =
            "look at their channels (runs show \(id) --failed) and record what you saw: "
            + "runs settle \(id) --delivered IDS --not-delivered IDS; crm resume \(id) then sends only the not-delivered ones"
        if unknown == 0 { return "see them with: runs show \(id) --failed   retry with: crm resume \(id)" }
        if resumed { return byHand + (failed > 0 ? " and the failed ones" : "") }
        return "crm resume \(id) reads them back again\(failed > 0 ? " and sends the failed ones" : ""); "
            + "if they stay unknown, " + byHand
    }
}
