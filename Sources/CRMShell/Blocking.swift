import CRMCore
import Dispatch

/// Runs async work from the synchronous main thread and waits for it.
///
/// The REPL keeps the main thread for libedit (terminal SIGINT goes to the main thread on Linux, so
/// Ctrl-C reaches the line editor), and runs each statement as a task on the cooperative pool while
/// the main thread waits here. `onInterrupt` cancels that task.
enum Blocking {
    static func run<T>(_ operation: @escaping @Sendable () async -> Unchecked<T>, interruptible: Bool = true) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task.detached {
            box.set(await operation())
            done.signal()
        }
        let guardian = interruptible ? InterruptGuard(onInterrupt: { task.cancel() }) : nil
        done.wait()
        guardian?.stop()
        // SAFE: the task always sets the box before signalling.
        return box.get()!.value
    }
}

final class ResultBox<T>: @unchecked Sendable {
    // @unchecked: written once by the task before the semaphore signal, read after the wait.
    private var value: Unchecked<T>?
    func set(_ v: Unchecked<T>) { value = v }
    func get() -> Unchecked<T>? { value }
}
