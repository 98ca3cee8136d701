import CRMCore
import Foundation

/// The persistent history file: one entry per line, newest last, bounded, private to the user.
///
/// Each line is one entry with `\` written as `\\` and newlines as `\n`, so multi-line entries
/// (continued `{` blocks) survive a round trip and the file stays greppable. New entries are
/// appended with `O_APPEND`, so two shells running at once do not overwrite each other's lines;
/// when the file grows past twice `maxEntries` it is re-read, trimmed to the newest `maxEntries`
/// and replaced atomically (write a temporary file, then rename), so at the cap an entry still
/// costs one small append, and a rewrite happens once per `maxEntries` entries. A last line cut
/// off by a crash is ended before the next entry is appended, so it damages only itself. The file is mode 0600 and a
/// directory it creates is mode 0700, because history may hold customer data.
public final class HistoryStore {
    /// Where the history lives.
    public let url: URL
    /// The most entries kept.
    public let maxEntries: Int
    /// The entries, oldest first; multi-line entries allowed.
    public private(set) var entries: [String]
    private var linesInFile: Int
    private var failureReported = false

    /// Opens the history at `url`, loading the newest `maxEntries` entries if the file exists.
    public init(url: URL, maxEntries: Int = 2000) {
        self.url = url
        self.maxEntries = max(1, maxEntries)
        let loaded = HistoryStore.load(url)
        linesInFile = loaded.count
        entries = Array(loaded.suffix(self.maxEntries))
    }

    /// `$XDG_STATE_HOME/crm/history`, else `~/.local/state/crm/history`.
    public static func defaultURL(environment: [String: String]) -> URL {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("crm").appendingPathComponent("history")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/crm/history")
    }

    /// Adds an entry unless it is empty or equals the newest one, trims to `maxEntries` and saves.
    ///
    /// Throws a `CRMError` (`history.write`) when the file cannot be written; the entry is still
    /// kept in memory for this session.
    public func append(_ entry: String) throws {
        guard !entry.isEmpty, entry != entries.last else { return }
        entries.append(entry)
        if entries.count > maxEntries { entries.removeFirst(entries.count - maxEntries) }
        try ensureDirectory()
        try exclusively {
            let fd = open(url.path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw writeError(errno) }
            defer { close(fd) }
            _ = fchmod(fd, 0o600)
            var bytes = Array((HistoryStore.encode(entry) + "\n").utf8)
            if !HistoryStore.endsWithNewline(fd) { bytes.insert(UInt8(ascii: "\n"), at: 0) }
            guard writeAll(fd, bytes) else { throw writeError(errno) }
            linesInFile += 1
            if linesInFile > 2 * maxEntries { try compact() }
        }
    }

    /// Runs `body` holding an exclusive `flock` on `history.lock` beside the file: an append of
    /// another shell cannot land between a compaction's read and its rename (it would be lost with
    /// the replaced file). Without a lock file (a read-only directory) `body` runs unlocked.
    private func exclusively(_ body: () throws -> Void) throws {
        let lockPath = url.deletingLastPathComponent().appendingPathComponent("history.lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 { flock(fd, LOCK_EX) }
        defer {
            if fd >= 0 {
                flock(fd, LOCK_UN)
                close(fd)
            }
        }
        try body()
    }

    /// Whether the file behind `fd` is empty or ends with a newline (else its last line was cut off).
    static func endsWithNewline(_ fd: Int32) -> Bool {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return true }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, off_t(st.st_size - 1)) == 1 else { return true }
        return last == UInt8(ascii: "\n")
    }

    /// `append` for an interactive session: the entry is always kept in memory; a failure to write
    /// it is returned the first time only (later ones return nil), so it is said once, not per line.
    public func appendReportingOnce(_ entry: String) -> CRMError? {
        do {
            try append(entry)
            return nil
        } catch {
            defer { failureReported = true }
            guard !failureReported else { return nil }
            return error as? CRMError ?? CRMError("history.write", "Could not write the history file '\(url.path)'.")
        }
    }

    /// Drops every entry that holds one of `secrets`, in memory and in the file (rewritten only
    /// when it holds one): a token known only after its line was saved (`set t = "…"`, then
    /// `set-token leeloo $t`) leaves the disk as soon as it is known. Returns how many file lines went.
    @discardableResult
    public func scrub(_ secrets: [String]) throws -> Int {
        entries.removeAll { HistoryPolicy.holdsSecret($0, secrets) }
        var dropped = 0
        try exclusively {
            let inFile = HistoryStore.load(url)
            let kept = inFile.filter { !HistoryPolicy.holdsSecret($0, secrets) }
            guard kept.count < inFile.count else { return }
            try rewrite(kept.suffix(maxEntries))
            dropped = inFile.count - kept.count
        }
        return dropped
    }

    /// Rewrites the file with only its newest `maxEntries` lines.
    private func compact() throws {
        try rewrite(HistoryStore.load(url).suffix(maxEntries))
    }

    /// Replaces the file with `all`, atomically (a temporary file renamed over it).
    private func rewrite(_ all: ArraySlice<String>) throws {
        let text = all.map { HistoryStore.encode($0) + "\n" }.joined()
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".history.\(getpid()).tmp")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw writeError(errno) }
        _ = fchmod(fd, 0o600)
        let ok = writeAll(fd, Array(text.utf8))
        close(fd)
        guard ok, rename(tmp.path, url.path) == 0 else {
            let e = errno
            unlink(tmp.path)
            throw writeError(e)
        }
        linesInFile = all.count
    }

    private func ensureDirectory() throws {
        let dir = url.deletingLastPathComponent()
        guard !FileManager.default.fileExists(atPath: dir.path) else { return }
        do {
            try FileManager.default.createDirectory(
                at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CRMError(
                "history.write", "Could not create the history directory '\(dir.path)': \(error.localizedDescription)")
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    private func writeError(_ code: Int32) -> CRMError {
        CRMError("history.write", "Could not write the history file '\(url.path)': \(String(cString: strerror(code))).")
    }

    /// The entries stored in the file at `url` (none when it is missing or unreadable).
    static func load(_ url: URL) -> [String] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { decode($0) }
    }

    /// One entry as one file line.
    static func encode(_ entry: String) -> String {
        var out = ""
        for ch in entry {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    /// One file line back to its entry; an unknown escape is kept as written.
    static func decode(_ line: Substring) -> String {
        var out = ""
        var escaped = false
        for ch in line {
            if escaped {
                switch ch {
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "\\": out.append("\\")
                default:
                    out.append("\\")
                    out.append(ch)
                }
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        if escaped { out.append("\\") }
        return out
    }
}
