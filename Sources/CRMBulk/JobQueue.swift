import Synchronization

/// The targets of a run in planning order, shared by the planner that appends them and the
/// workers that take them. Workers wait while the queue is empty and planning goes on; `finish()`
/// says no more will come (and wakes every waiter). Indices are stable, so results keep the
/// planning order whatever order the sends finish in.
final class JobQueue: Sendable {
    private struct State {
        var items: [BulkExecution.Pending] = []
        var taken = 0
        var finished = false
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    /// A queue that already holds every job (a planned-first run, or a resume).
    init(_ all: [BulkExecution.Pending] = [], finished: Bool = false) {
        state.withLock {
            $0.items = all
            $0.finished = finished
        }
    }

    /// Appends jobs in planning order and wakes waiting workers.
    func append(_ jobs: [BulkExecution.Pending]) {
        guard !jobs.isEmpty else { return }
        changeAndWake { $0.items.append(contentsOf: jobs) }
    }

    /// No more jobs will be appended; waiting workers wake and find the end.
    func finish() {
        changeAndWake { $0.finished = true }
    }

    /// Stops handing out jobs (planning failed): `take()` answers nil from now on, and the jobs
    /// not taken stay pending.
    func close() {
        changeAndWake {
            $0.closed = true
            $0.finished = true
        }
    }

    /// Applies `change` and wakes every waiting worker to look again.
    private func changeAndWake(_ change: (inout State) -> Void) {
        let woken = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            change(&s)
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in woken { w.resume() }
    }

    /// The next job and its index, waiting while planning may still add one; nil at the end.
    func take() async -> (index: Int, job: BulkExecution.Pending)? {
        while true {
            let got = state.withLock { s -> (Int, BulkExecution.Pending)?? in
                if s.closed { return .some(nil) }
                if s.taken < s.items.count {
                    defer { s.taken += 1 }
                    return .some((s.taken, s.items[s.taken]))
                }
                return s.finished ? .some(nil) : nil
            }
            if let got { return got }
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { s -> Bool in
                    if s.taken < s.items.count || s.finished { return true }
                    s.waiters.append(c)
                    return false
                }
                if ready { c.resume() }
            }
        }
    }

    /// How many jobs were appended so far.
    var count: Int { state.withLock { $0.items.count } }

    /// Whether planning has ended (every job is in the queue).
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Whether `close()` stopped the queue early.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// The job at `index` (appended earlier).
    func job(at index: Int) -> BulkExecution.Pending { state.withLock { $0.items[index] } }
}
