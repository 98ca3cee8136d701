import CRMCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The ownership of one run's journal: an exclusive `flock(2)` on the sidecar `<run-id>.lock`,
/// which holds the owner's pid. A run is sent by one process at a time: a second `crm resume ID`,
/// or a resume of a run that is still going, is refused (exit 9) naming the pid that holds it.
///
/// `flock` rather than `fcntl` record locks: an `fcntl` lock belongs to the process and any
/// `close` of the file (reading the journal) drops it, and two opens in one process never
/// conflict. A `flock` belongs to the open file, so the kernel releases it when its owner exits,
/// even by SIGKILL, and recovery with `crm resume` needs no clean-up of stale lock files.
final class RunLock: Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Takes the lock of run `id` in `dir`, or throws `runs.busy` (exit 9) naming its holder.
    static func acquire(id: String, in dir: URL) throws -> RunLock {
        let path = dir.appendingPathComponent("\(id).lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CRMError("io.journal", "Cannot open the run lock '\(path)'.")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = readHolder(fd)
            close(fd)
            let who = holder.map { "crm process \($0)" } ?? "another crm process"
            throw CRMError(
                "runs.busy", "Run '\(id)' is being sent by \(who); it cannot be sent by two processes at once.",
                help: "wait for it to end (or stop it), then: crm resume \(id)", exit: .refused)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return RunLock(fd: fd)
    }

    /// The pid of the process holding run `id`, or nil when no process holds it.
    static func holder(id: String, in dir: URL) -> Int32? {
        let fd = open(dir.appendingPathComponent("\(id).lock").path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return readHolder(fd) ?? -1
    }

    private static func readHolder(_ fd: Int32) -> Int32? {
        var buf = [UInt8](repeating: 0, count: 32)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buf.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
