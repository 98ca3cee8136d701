import Dispatch
import Synchronization

/// Runs async work from the synchronous main thread and waits for it.
///
/// The REPL keeps the main thread for libedit (terminal SIGINT goes to the main thread on Linux, so
/// Ctrl-C reaches the line editor), and runs each statement as a task on the cooperative pool while
/// the main thread waits here. `onInterrupt` cancels that task.
enum Blocking {
    static func run<T: Sendable>(_ operation: @escaping @Sendable () async -> T, interruptible: Bool = true) -> T {
        let box = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = Task.detached {
            let value = await operation()
            box.withLock { $0 = value }
            done.signal()
        }
        let guardian = interruptible ? InterruptGuard(onInterrupt: { task.cancel() }) : nil
        done.wait()
        guardian?.stop()
        // The task always sets the box before it signals.
        guard let value = box.withLock({ $0 }) else { preconditionFailure("Blocking.run: no result after the signal") }
        return value
    }
}
