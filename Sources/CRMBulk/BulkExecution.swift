import CRMCore
import Foundation
import Synchronization

/// Sends the jobs of a run with bounded concurrency, exactly once.
///
/// Each target runs through its `TargetMachine` (read back, resend or leave unknown after an
/// ambiguous failure) and the run through a `RunMachine` (the early stop when its first attempts
/// all fail alike). Failures the server cannot have applied (429, 503, refused connections) are
/// retried inside the client.
///
/// Ctrl-C: the first stops taking new targets and lets in-flight sends finish; a second abandons
/// them (they are journaled as unknown and reconciled by read-back on resume).
struct BulkExecution: Sendable {
    /// A job to run, and for a resumed in-flight target, when its last attempt began.
    struct Pending: Sendable {
        var job: BulkJob
        var resumeFrom: Date?
    }

    /// One target's end, as the run reports it.
    struct TargetResult: Sendable {
        var label: String
        var state: TargetState
        var attempts: Int
        var error: String?
        var note: String?

        /// The target's row among the run's results.
        var value: Value {
            var r: Record = [
                "target": .string(label), "status": .string(state.resultStatus), "attempts": .int(attempts),
            ]
            if let error { r["error"] = .string(error) }
            if let note { r["note"] = .string(note) }
            return .record(r)
        }
    }

    struct Outcome {
        var results: [TargetResult]
        /// Ctrl-C (or SIGTERM) stopped the run.
        var interrupted: Bool
        /// The run's machine as the run left it (`stoppedBy` when it stopped early).
        var run: RunMachine
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
    /// The read-back's premises, checked on this run's own known deliveries before any absence
    /// is trusted (a resume seeds it with the deliveries its journal records).
    let calibration: ReadBackCalibration
    /// Attempts the client makes at each request of a run that it may safely repeat (the profile's
    /// 5 would, at a 16 % fault rate, give up on about one request in 10,000).
    static let retryAttempts = 10

    /// Runs the jobs of `queue` (which a planner may still be filling) until it is finished and
    /// drained, until Ctrl-C, or until the run stops early. `abandon` runs on a second Ctrl-C,
    /// after the workers are cancelled: it stops the planner, which then finishes the queue.
    func run(_ queue: JobQueue, abandon: @escaping @Sendable () -> Void = {}) async -> Outcome {
        let shared = RunGate()
        let this = self
        // Unstructured on purpose: the first Ctrl-C cancels the caller, and in-flight sends must
        // still finish; only a second Ctrl-C cancels this task.
        let work = Task.detached {
            await RetryBudget.$attempts.withValue(Self.retryAttempts) {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<max(1, this.concurrency) {
                        group.addTask {
                            while await shared.admit(), let (i, p) = await queue.take() {
                                // Taken while the run stopped: leave it pending for `crm resume`.
                                guard !shared.halted else { break }
                                let (result, settlement) = await this.perform(p)
                                shared.record(i, result, settlement)
                                // A journal that cannot be written stops the run: nothing more goes out.
                                if this.journal.writeFailure != nil { shared.interrupt() }
                            }
                            shared.workerEnded()
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
            shared.interrupt()
        }
        let interrupted = shared.interrupted || Task.isCancelled
        let (collected, machine) = shared.final
        var out: [TargetResult] = []
        for i in 0..<queue.count {
            if let r = collected[i] {
                out.append(r)
            } else if interrupted || machine.stoppedBy != nil || queue.isClosed {
                continue  // never taken: stays pending in the journal
            } else {
                out.append(
                    TargetResult(label: queue.job(at: i).job.label, state: .unknown, attempts: 0, error: "not run"))
            }
        }
        return Outcome(results: out, interrupted: interrupted, run: machine)
    }

    /// Runs one job to a final state through its `TargetMachine`, journaling every step.
    func perform(_ p: Pending) async -> (TargetResult, TargetMachine.Settlement) {
        let job = p.job
        var machine = TargetMachine(
            canReadBack: job.canReadBack, idempotent: job.idempotent, maxAttempts: maxAttempts,
            resumedInFlight: p.resumeFrom != nil)
        // Read-back looks from when the current attempt began (a resumed one: its last attempt).
        var since = p.resumeFrom ?? Date()
        // When the current attempt's answer (or failure) came: an absence is trusted only once
        // the run's observed listing lag has passed since then.
        var attemptEnded = p.resumeFrom ?? Date.distantPast
        var action = machine.start()
        while true {
            switch action {
            case .send(let attempt):
                since = Date()
                // Nothing is sent that the journal does not know is in flight.
                guard journal.mark(job.key, .inFlight, attempt: attempt) else {
                    let error = "not sent: \(journal.writeFailure?.message ?? "the journal could not be written")"
                    let state: TargetState = attempt == 1 && p.resumeFrom == nil ? .pending : .unknown
                    let s = TargetMachine.Settlement(state: state, attempts: attempt - 1, error: error, note: nil)
                    return (TargetResult(label: job.label, state: state, attempts: attempt - 1, error: error), s)
                }
                if attempt > 1 { progress.update { $0.retried += 1 } }
                let event = await send(job, followUp: attempt > 1 || p.resumeFrom != nil)
                attemptEnded = Date()
                if event == .sent {
                    learner.noteSuccess(job.readBack, since: api.serverTime(since))
                    calibration.note(
                        .init(
                            readBack: job.readBack, create: job.createReadBack, sentAt: api.serverTime(since),
                            answeredAt: attemptEnded))
                }
                action = machine.handle(event)
            case .readBack:
                action = machine.handle(.readBack(await readBack(job, since: since, ended: attemptEnded)))
            case .settle(let s):
                journal.mark(job.key, s.state, attempt: s.attempts, error: s.error, note: s.note)
                // A delivered message (a send has a read-back) is indexed for `--once`.
                if s.state == .done, job.readBack != nil { journal.delivered(job.key) }
                progress.update { c in
                    switch s.state {
                    case .done:
                        c.sent += 1
                        if s.confirmed { c.confirmed += 1 }
                    case .failed: c.failed += 1
                    default: c.unknown += 1
                    }
                }
                let result = TargetResult(
                    label: job.label, state: s.state, attempts: s.attempts, error: s.error, note: s.note)
                return (result, s)
            }
        }
    }

    /// Sends the job's write once and says what happened, as the target's machine takes it.
    private func send(_ job: BulkJob, followUp: Bool) async -> TargetMachine.Event {
        do {
            // A resend finishes a target already under way: it goes before fresh sends.
            _ = try await RequestUrgency.$current.withValue(followUp ? .followUp : .normal) {
                try await api.send(job.request)
            }
            return .sent
        } catch let e as CRMError where e.code == "http.ambiguous" {
            return .ambiguous(e.message)
        } catch {
            if Task.isCancelled || error is CancellationError || (error as? CRMError)?.code == "interrupted" {
                return .abandoned
            }
            return .failed((error as? CRMError) ?? CRMError("bulk.send", String(describing: error)))
        }
    }

    /// What a read says about the job's write attempted at `since` (local clock) whose attempt
    /// ended at `ended`: a send's channel (see `ReadBackLearner.decide`) or a create's owner (see
    /// `CreateReadBack.decide`). "Delivered" stands at once; "absent" only once this run's own
    /// deliveries proved the read-back's premises (`ReadBackCalibration`) and the observed lag has
    /// passed since the attempt ended (else the channel is read again when it has).
    func readBack(_ job: BulkJob, since local: Date, ended: Date) async -> ReadBackAnswer {
        let api = self.api
        let fetch: @Sendable (APIRequest) async throws -> Value = { request in
            try await RequestUrgency.$current.withValue(.followUp) { try await api.send(request) }
        }
        let since = api.serverTime(local)
        let kind: ReadBackCalibration.Kind = job.createReadBack != nil ? .orders : .messages
        let learner = self.learner
        let read: @Sendable () async -> ReadBackAnswer = {
            if let created = job.createReadBack { return await created.decide(since: since, fetch: fetch) }
            guard let rb = job.readBack else { return .undecidable("no read-back for this write") }
            return await learner.decide(rb, since: since, fetch: fetch)
        }
        if case .holds(let lag) = calibration.cached(kind) { await Self.sleep(until: ended, plus: lag) }
        let answer = await read()
        guard answer == .absent else { return answer }
        let readAt = Date()
        // A template's absence is checked against its learned rendering (see `ReadBackCalibration`).
        if let template = job.readBack?.templateID, calibration.cached(kind) == nil {
            await learner.learnNow(template, within: ReadBackCalibration.bound, fetch: fetch)
        }
        let verdict = await calibration.verdict(
            kind, expectedText: { learner.expectedText($0) }, fetch: fetch, serverTime: { api.serverTime($0) })
        switch verdict {
        case nil:
            return .undecidable(
                "no write of this run was answered 2xx within \(Int(ReadBackCalibration.evidenceWait)) s, so nothing "
                    + "proved that the read-back's absence can be trusted")
        case .failed(let premise, let seen)?:
            return .undecidable("a premise of the read-back failed (\(premise): \(seen))")
        case .holds(let lag)?:
            let trustedFrom = ended.addingTimeInterval(ReadBackCalibration.settleDelay(lag: lag))
            if readAt >= trustedFrom { return answer }
            await Self.sleep(until: ended, plus: lag)
            return await read()
        }
    }

    /// Sleeps until `settleDelay(lag)` has passed since `ended` (at once when it has).
    static func sleep(until ended: Date, plus lag: TimeInterval) async {
        let wait = ended.addingTimeInterval(ReadBackCalibration.settleDelay(lag: lag)).timeIntervalSinceNow
        if wait > 0 { try? await Task.sleep(for: .milliseconds(Int((wait * 1000).rounded(.up)))) }
    }
}
