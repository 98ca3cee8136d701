import CRMCore
import Foundation

/// The rest of a streamed plan: lists and plans the remaining loop items in a task of its own
/// while the first targets are already being sent. Each target is journaled before it is put in
/// the queue, so nothing is sent that the journal does not know. The task is detached on purpose:
/// the first Ctrl-C stops the senders but lets the listing finish, so `crm resume` knows every
/// target; `abandon()` (a second Ctrl-C) stops it too.
final class PlanFeed: Sendable {
    enum End: Sendable {
        /// Every item was planned.
        case complete
        /// Listing or planning an item failed; the targets after it were never planned.
        case failed(CRMError)
        /// Stopped by a second Ctrl-C; the targets after it were never planned.
        case abandoned
    }

    /// How the plan ended, with every item it could not plan (the first item's included).
    typealias Outcome = (end: End, unplannable: [TargetPlanner.Unplannable])

    private let task: Task<Outcome, Never>
    /// Pages the listing keeps in flight while it feeds a run: the floor of the stream's adaptive
    /// read-ahead window (`ReadAheadWindow`), here its cap as well.
    static let pagesAhead = 8

    /// Starts planning the items `cursor` has left into `queue`, journaling each target first.
    init(
        cursor: RecordCursor, planner: TargetPlanner, queue: JobQueue, journal: RunJournal, progress: ProgressLine
    ) {
        // SAFE: the cursor and the planner (the interpreter's loop frame) move to this task and are
        // used by nothing else until it ends; the caller awaits the end before it returns.
        let state = Unchecked(value: (cursor, planner))
        task = Task.detached {
            await RetryBudget.$attempts.withValue(BulkExecution.retryAttempts) {
                await Self.plan(state.value, queue: queue, journal: journal, progress: progress)
            }
        }
    }

    /// Plans what `cursor` has left (the body of the feed's task).
    private static func plan(
        _ state: (RecordCursor, TargetPlanner), queue: JobQueue, journal: RunJournal, progress: ProgressLine
    ) async -> Outcome {
        var (cursor, planner) = state
        planner.keepsJobs = false
        defer { cursor.close() }
        // The whole listing will be read: keep several pages in flight so a page that waits
        // out a Retry-After does not leave the senders without targets.
        cursor.readAhead(PlanFeed.pagesAhead)
        do {
            while let item = try await cursor.next() {
                let (fresh, dups, failed) = try await planner.add(item)
                for f in failed { journal.appendUnplannable(f) }
                if !failed.isEmpty { progress.update { $0.failed += failed.count } }
                for job in fresh { journal.appendTarget(job) }
                queue.append(fresh.map { BulkExecution.Pending(job: $0, resumeFrom: nil) })
                if dups > 0 { progress.update { $0.skipped += dups } }
                progress.setTotal(max(cursor.expectedCount() ?? 0, planner.seen), final: false)
            }
            journal.append([
                "type": "planned", "total": .int(planner.planned), "duplicatesSkipped": .int(planner.duplicates),
            ])
            progress.setTotal(planner.seen, final: true)
            queue.finish()
            return (.complete, planner.unplannable)
        } catch {
            queue.close()
            if Task.isCancelled || error is CancellationError || (error as? CRMError)?.code == "interrupted" {
                return (.abandoned, planner.unplannable)
            }
            let e = (error as? CRMError) ?? CRMError("bulk.plan", String(describing: error))
            return (.failed(e), planner.unplannable)
        }
    }

    /// Stops listing (a second Ctrl-C).
    func abandon() { task.cancel() }

    /// Waits for the plan to end; a second Ctrl-C meanwhile (counted from `interruptsAtStart`)
    /// abandons it.
    func end(interruptsAtStart: Int, interrupts: InterruptCount) async -> Outcome {
        let watcher = interrupts.onSecondPress(since: interruptsAtStart) { [self] in abandon() }
        let outcome = await task.value
        watcher.cancel()
        return outcome
    }
}
