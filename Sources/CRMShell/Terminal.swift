#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raw, buffered writes to stdout and stderr through file descriptors.
///
/// Swift 6 rejects the C `stdout`/`stderr` globals, and `print` locks and flushes per call; a bulk
/// listing writes hundreds of thousands of lines, so stdout is buffered here and flushed at the end of
/// each statement (and when the buffer passes 64 KiB). stderr is unbuffered so progress and errors
/// interleave correctly with what the user sees.
public final class Terminal: @unchecked Sendable {
    // @unchecked: the buffer is only touched under `lock`.
    private var buffer: [UInt8] = []
    private let lock = NSLockLite()

    /// The process-wide terminal.
    public static let shared = Terminal()

    /// Captured output, when made with `capturing()` (tests): stdout text and stderr lines.
    public private(set) var capturedOut = ""
    public private(set) var capturedErr = ""
    private let isCapturing: Bool

    init(capturing: Bool = false) { isCapturing = capturing }

    /// A terminal that records instead of writing to the process's descriptors (for tests).
    public static func capturing() -> Terminal { Terminal(capturing: true) }

    /// Whether stdout is a terminal.
    public var stdoutIsTTY: Bool { !isCapturing && isatty(1) == 1 }
    /// Whether stderr is a terminal.
    public var stderrIsTTY: Bool { !isCapturing && isatty(2) == 1 }
    /// Whether stdin is a terminal.
    public var stdinIsTTY: Bool { !isCapturing && isatty(0) == 1 }

    /// The width of the terminal on stdout; off a terminal (`-o table` into a file or pipe) the
    /// `COLUMNS` variable, else no limit: a table written for another program is never cut.
    public var width: Int {
        var w = winsize()
        if !isCapturing, ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return Int(w.ws_col) }
        if let raw = getenv("COLUMNS"), let n = Int(String(cString: raw)), n > 0 { return n }
        return Terminal.unlimitedWidth
    }

    /// The width used when nothing limits it (large, yet safe to add to).
    public static let unlimitedWidth = 1 << 30

    /// Appends text to the stdout buffer.
    public func out(_ text: String) {
        lock.locked {
            buffer.append(contentsOf: text.utf8)
            if buffer.count > 65_536 { flushLocked() }
        }
    }

    /// Writes buffered stdout.
    public func flush() { lock.locked { flushLocked() } }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        if isCapturing {
            capturedOut += String(decoding: buffer, as: UTF8.self)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        buffer.withUnsafeBytes { Terminal.writeAll(fd: 1, $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes a line to stderr now (stdout is flushed first so order is kept).
    public func err(_ line: String) {
        flush()
        var s = line
        if !s.hasSuffix("\n") { s += "\n" }
        if isCapturing {
            lock.locked { capturedErr += s }
            return
        }
        Array(s.utf8).withUnsafeBytes { Terminal.writeAll(fd: 2, $0) }
    }

    /// Writes raw text to stderr without a newline (progress lines with `\r`).
    public func errRaw(_ text: String) {
        if isCapturing {
            lock.locked { capturedErr += text }
            return
        }
        Array(text.utf8).withUnsafeBytes { Terminal.writeAll(fd: 2, $0) }
    }

    static func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                return  // EPIPE (e.g. `crm … | head`): drop output rather than crash
            }
            left -= n
            p += n
        }
    }
}

/// A tiny pthread mutex wrapper (Foundation's NSLock would pull Foundation into start-up).
final class NSLockLite: @unchecked Sendable {
    // @unchecked: pthread_mutex_t is the synchronisation itself.
    private let m: UnsafeMutablePointer<pthread_mutex_t>
    init() {
        m = .allocate(capacity: 1)  // owned by this object, freed in deinit
        pthread_mutex_init(m, nil)
    }
    deinit {
        pthread_mutex_destroy(m)
        m.deallocate()
    }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(m)
        defer { pthread_mutex_unlock(m) }
        return try body()
    }
}
