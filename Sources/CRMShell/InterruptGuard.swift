import CRMCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Turns SIGINT into a callback while a statement runs: the first Ctrl-C cancels the running task
/// (loops stop taking new items); later ones are counted so a bulk run can abandon in-flight work.
///
/// A plain `sigaction` handler plus a self-pipe, rather than a Dispatch signal source: on Linux a
/// signal set to `SIG_IGN` (which Dispatch sources require) is discarded before any source sees
/// it. The handler only does async-signal-safe work (an atomic add and a `write(2)`); a watcher
/// thread reads the pipe and calls the current callback. The line editor installs its own handler
/// while it reads a line and restores this one after.
final class InterruptGuard: Sendable {
    private static let pressCount = Atomic<Int>(0)
    private static let termCount = Atomic<Int>(0)
    private static let callback = Mutex<(@Sendable () -> Void)?>(nil)
    /// The self-pipe's write end (the handler writes here; set once before the handler exists).
    nonisolated(unsafe) private static var writeFD: Int32 = -1
    private static let installed = Mutex(false)

    /// How many Ctrl-C were pressed since the process started (the bulk engine watches for a second:
    /// `InterruptCount`).
    static var presses: Int { pressCount.load(ordering: .relaxed) }

    /// Whether a SIGTERM arrived: it stops a running statement as Ctrl-C does (a bulk run stops
    /// gracefully, flushes its journal and prints its resume hint), and crm then exits 143. With
    /// no statement running it exits 143 at once.
    static var terminated: Bool { termCount.load(ordering: .relaxed) > 0 }

    init(onInterrupt: @escaping @Sendable () -> Void) {
        InterruptGuard.installOnce()
        InterruptGuard.callback.withLock { $0 = onInterrupt }
    }

    func stop() {
        InterruptGuard.callback.withLock { $0 = nil }
    }

    private static func installOnce() {
        let first = installed.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else {
            installHandler()
            return
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        writeFD = fds[1]
        let readFD = fds[0]
        let watcher = Thread {
            var byte: UInt8 = 0
            while true {
                let n = read(readFD, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                let cb = InterruptGuard.callback.withLock { $0 }
                if let cb {
                    cb()
                } else if byte == 2 {
                    exit(ExitStatus.terminated.rawValue)  // SIGTERM with nothing running to stop
                }
            }
        }
        watcher.start()
        installHandler()
    }

    /// (Re)installs the SIGINT handler, without SA_RESTART so blocking reads see EINTR.
    private static func installHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            InterruptGuard.pressCount.wrappingAdd(1, ordering: .relaxed)
            if sig == SIGTERM { InterruptGuard.termCount.wrappingAdd(1, ordering: .relaxed) }
            var byte: UInt8 = sig == SIGTERM ? 2 : 1
            _ = write(InterruptGuard.writeFD, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        // A parent may have started us with SIGINT blocked (spawning libraries do); a blocked signal
        // never reaches a handler, so unblock it on this (the main) thread.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
