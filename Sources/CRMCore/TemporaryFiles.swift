import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The temporary files writes have made and not yet renamed into place (`save`'s
/// `.name.crm-….tmp`), removed when the process exits before the rename: a SIGTERM or a second
/// Ctrl-C ends crm through `exit`, and the half-written copy of an export holding customer data
/// was left behind in the user's directory. (SIGKILL runs nothing; that copy is mode 0600 at least.)
public final class TemporaryFiles: Sendable {
    /// The process's list, emptied at exit.
    public static let shared: TemporaryFiles = {
        atexit { TemporaryFiles.shared.removeAll() }
        return TemporaryFiles()
    }()

    private let paths = Mutex<Set<String>>([])

    /// An empty list (tests; crm uses `shared`).
    public init() {}

    /// Notes `path` as a temporary file to remove at exit unless `release`d first.
    public func register(_ path: String) {
        paths.withLock { _ = $0.insert(path) }
    }

    /// Forgets `path` (it was renamed into place or removed).
    public func release(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
    }

    /// Removes every registered file. Skipped if another thread holds the list mid-update (at
    /// exit, waiting for a lock that thread will never release would hang).
    public func removeAll() {
        let all = paths.withLockIfAvailable { p -> Set<String> in
            defer { p.removeAll() }
            return p
        }
        for path in all ?? [] { unlink(path) }
    }
}
