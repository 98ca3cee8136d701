import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT into a callback while a statement runs: the first Ctrl-C cancels the running task
/// (loops stop taking new items); later ones are counted so a bulk run can abandon in-flight work.
///
/// The line editor installs its own handler while it reads a line and restores this state after.
final class InterruptGuard: @unchecked Sendable {
    // @unchecked: `source` is created in init and cancelled once in stop(), on the main thread.
    private let source: DispatchSourceSignal
    private static let pressCount = Atomic<Int>(0)
    /// How many Ctrl-C were pressed since the process started (the bulk layer watches for a second).
    static var presses: Int { pressCount.load(ordering: .relaxed) }

    init(onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            InterruptGuard.pressCount.wrappingAdd(1, ordering: .relaxed)
            onInterrupt()
        }
        source.resume()
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
