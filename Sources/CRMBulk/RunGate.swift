import Synchronization

/// What the workers of one run share: their results, the run's `RunMachine`, and the gate that
/// holds workers back while the run's first attempts are out (`RunMachine.admit`).
final class RunGate: Sendable {
    private struct State {
        var results: [Int: BulkExecution.TargetResult] = [:]
        var machine = RunMachine()
        /// Ctrl-C (or SIGTERM) stopped the run.
        var interrupted = false
        /// A worker found the end of the queue (or stopped): nothing more is taken.
        var ended = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        /// Whether the run stopped taking targets: Ctrl-C, or an early stop.
        var halted: Bool { interrupted || machine.stoppedBy != nil }
    }
    private let state = Mutex(State())

    /// Whether a worker may take another target, waiting while the run's first attempts are out;
    /// false once the run stopped (Ctrl-C, an early stop, or the end of the queue).
    func admit() async -> Bool {
        while true {
            let admission = state.withLock { s -> RunMachine.Admission in
                s.halted || s.ended ? .stop : s.machine.admit()
            }
            switch admission {
            case .go: return true
            case .stop: return false
            case .wait:
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { s -> Bool in
                        if s.halted || s.ended || !s.machine.probing { return true }
                        s.waiters.append(c)
                        return false
                    }
                    if ready { c.resume() }
                }
            }
        }
    }

    /// Records target `index`'s result and tells the run's machine; an early stop or the end of
    /// the probe wakes the waiting workers.
    func record(_ index: Int, _ result: BulkExecution.TargetResult, _ settlement: TargetMachine.Settlement) {
        changeAndWake { s in
            s.results[index] = result
            return s.machine.settled(settlement) != .goOn
        }
    }

    /// A worker left its loop: the queue ended or the run stopped, so no other worker takes more.
    func workerEnded() {
        changeAndWake { s in
            s.ended = true
            return true
        }
    }

    /// Ctrl-C: stop taking targets; in-flight ones finish.
    func interrupt() {
        changeAndWake { s in
            s.interrupted = true
            return true
        }
    }

    var interrupted: Bool { state.withLock { $0.interrupted } }

    /// Whether the run stopped taking targets (a target taken now stays pending).
    var halted: Bool { state.withLock { $0.halted } }

    /// The results by queue index, and the run's machine, once the workers are done.
    var final: ([Int: BulkExecution.TargetResult], RunMachine) { state.withLock { ($0.results, $0.machine) } }

    /// Applies `change`; when it says so, wakes every waiting worker to look again.
    private func changeAndWake(_ change: (inout State) -> Bool) {
        let woken = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            guard change(&s) else { return [] }
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in woken { w.resume() }
    }
}
