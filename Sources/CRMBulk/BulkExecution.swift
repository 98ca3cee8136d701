import CRMCore
import Foundation
import Synchronization

/// Sends the jobs of a run with bounded concurrency, exactly once.
///
/// Neither vendor API takes an idempotency key, so exactly-once rests on reading back: when a send
/// fails ambiguously (a 500/502/504, a reset or a timeout after the request left — the client
/// reports these as `http.ambiguous`), the channel's recent chat-messages are fetched and searched
/// for the message created since the attempt began. Found means done; absent means send again.
/// Failures the server cannot have applied (429, 503, refused connections) are retried inside the
/// client. A target with no read-back (not a send) is never resent after an ambiguous failure; it is
/// marked unknown instead.
///
/// Ctrl-C: the first stops taking new targets and lets in-flight sends finish; a second abandons
/// them (they are journaled as unknown and reconciled by read-back on resume).
struct BulkExecution: Sendable {
    /// A job to run, and for a resumed in-flight target, when its last attempt began.
    struct Pending: Sendable {
        var job: BulkJob
        var resumeFrom: Date?
    }

    struct Outcome {
        var results: [Value]
        var interrupted: Bool
    }

    let api: any APIService
    let journal: RunJournal
    let progress: ProgressLine
    let concurrency: Int
    /// Ctrl-C: the first stops taking targets (it cancels the caller), a second abandons in-flight ones.
    let interrupts: InterruptCount
    let maxAttempts = 6
    /// What this run learned about its templates' rendered texts (for read-back).
    let learner = ReadBackLearner()
    /// Attempts the client makes at each request of a run that it may safely repeat (the profile's
    /// 5 would, at a 16 % fault rate, give up on about one request in 10,000).
    static let retryAttempts = 10

    /// Shared between the workers of one run.
    final class Shared: Sendable {
        let results = Mutex<[Int: Value]>([:])
        let stopTaking = Atomic<Bool>(false)
    }

    /// Runs the jobs of `queue` (which a planner may still be filling) until it is finished and
    /// drained, or until Ctrl-C. `abandon` runs on a second Ctrl-C, after the workers are
    /// cancelled: it stops the planner, which then finishes the queue.
    func run(_ queue: JobQueue, abandon: @escaping @Sendable () -> Void = {}) async -> Outcome {
        let shared = Shared()
        let this = self
        // Unstructured on purpose: the first Ctrl-C cancels the caller, and in-flight sends must
        // still finish; only a second Ctrl-C cancels this task.
        let work = Task.detached {
            await RetryBudget.$attempts.withValue(Self.retryAttempts) {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<max(1, this.concurrency) {
                        group.addTask {
                            while !shared.stopTaking.load(ordering: .relaxed), let (i, p) = await queue.take() {
                                // Taken while Ctrl-C was pressed: leave it pending for `crm resume`.
                                guard !shared.stopTaking.load(ordering: .relaxed) else { return }
                                let r = await this.perform(p)
                                shared.results.withLock { $0[i] = r }
                            }
                        }
                    }
                }
            }
        }
        let interruptsAtStart = interrupts.presses
        await withTaskCancellationHandler {
            let watcher = interrupts.onSecondPress(since: interruptsAtStart) {
                work.cancel()
                abandon()
            }
            await work.value
            watcher.cancel()
        } onCancel: {
            shared.stopTaking.store(true, ordering: .relaxed)
        }
        let interrupted = shared.stopTaking.load(ordering: .relaxed) || Task.isCancelled
        let collected = shared.results.withLock { $0 }
        var out: [Value] = []
        for i in 0..<queue.count {
            if let r = collected[i] {
                out.append(r)
            } else if interrupted || queue.isClosed {
                continue  // never taken: stays pending in the journal
            } else {
                out.append(Self.result(queue.job(at: i).job, "unknown", attempts: 0, error: "not run"))
            }
        }
        return Outcome(results: out, interrupted: interrupted)
    }

    /// Runs one job to a final state and journals every step.
    func perform(_ p: Pending) async -> Value {
        let job = p.job
        var attempt = 0
        var since = Date()
        if let from = p.resumeFrom {
            // In flight when an earlier run died: look before sending again.
            switch await readBack(job, since: from) {
            case .delivered:
                journal.mark(job.key, .done, note: "confirmed by read-back on resume")
                progress.update {
                    $0.sent += 1
                    $0.confirmed += 1
                }
                return Self.result(job, "sent", attempts: 0, note: "confirmed by read-back")
            case .absent: break
            case .undecidable(let why):
                journal.mark(job.key, .unknown, error: "read-back undecided: \(why)")
                progress.update { $0.unknown += 1 }
                return Self.result(job, "unknown", attempts: 0, error: "read-back undecided: \(why)")
            }
        }
        while attempt < maxAttempts {
            attempt += 1
            since = Date()
            journal.mark(job.key, .inFlight, attempt: attempt)
            do {
                // A resend finishes a target already under way: it goes before fresh sends.
                let urgency: RequestUrgency = attempt > 1 || p.resumeFrom != nil ? .followUp : .normal
                _ = try await RequestUrgency.$current.withValue(urgency) { try await api.send(job.request) }
                journal.mark(job.key, .done, attempt: attempt)
                learner.noteSuccess(job.readBack, since: since)
                progress.update { $0.sent += 1 }
                return Self.result(job, "sent", attempts: attempt)
            } catch let e as CRMError where e.code == "http.ambiguous" {
                guard job.readBack != nil else {
                    journal.mark(job.key, .unknown, attempt: attempt, error: e.message)
                    progress.update { $0.unknown += 1 }
                    return Self.result(job, "unknown", attempts: attempt, error: e.message)
                }
                switch await readBack(job, since: since) {
                case .delivered:
                    journal.mark(job.key, .done, attempt: attempt, note: "confirmed by read-back")
                    progress.update {
                        $0.sent += 1
                        $0.confirmed += 1
                    }
                    return Self.result(job, "sent", attempts: attempt, note: "confirmed by read-back")
                case .absent:
                    progress.update { $0.retried += 1 }
                    continue
                case .undecidable(let why):
                    journal.mark(
                        job.key, .unknown, attempt: attempt, error: "read-back undecided (\(why)) after: \(e.message)")
                    progress.update { $0.unknown += 1 }
                    return Self.result(job, "unknown", attempts: attempt, error: e.message)
                }
            } catch {
                if Task.isCancelled || error is CancellationError || (error as? CRMError)?.code == "interrupted" {
                    journal.mark(job.key, .unknown, attempt: attempt, error: "abandoned by Ctrl-C")
                    progress.update { $0.unknown += 1 }
                    return Self.result(job, "unknown", attempts: attempt, error: "abandoned by Ctrl-C")
                }
                let message = (error as? CRMError)?.message ?? String(describing: error)
                journal.mark(job.key, .failed, attempt: attempt, error: message)
                progress.update { $0.failed += 1 }
                return Self.result(job, "failed", attempts: attempt, error: message)
            }
        }
        journal.mark(job.key, .failed, attempt: attempt, error: "gave up after \(attempt) ambiguous attempts")
        progress.update { $0.failed += 1 }
        return Self.result(job, "failed", attempts: attempt, error: "gave up after \(attempt) ambiguous attempts")
    }

    /// What the job's channel says about its send attempted at `since` (see `ReadBackLearner.decide`).
    func readBack(_ job: BulkJob, since: Date) async -> ReadBackAnswer {
        guard let rb = job.readBack else { return .undecidable("no read-back for this write") }
        let api = self.api
        return await learner.decide(rb, since: since) { request in
            try await RequestUrgency.$current.withValue(.followUp) { try await api.send(request) }
        }
    }

    static func result(_ job: BulkJob, _ status: String, attempts: Int, error: String? = nil, note: String? = nil)
        -> Value
    {
        var r: Record = ["target": .string(job.label), "status": .string(status), "attempts": .int(attempts)]
        if let error { r["error"] = .string(error) }
        if let note { r["note"] = .string(note) }
        return .record(r)
    }
}
