import CRMCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which messages each profile delivered, for `send-template … --once`: `crm/runs/delivered.idx`
/// beside the journals, one JSON line `{"profile", "key", "run"}` per done message send (a job
/// with a read-back), appended as each is journaled done. `--once` reads this one file instead of
/// every journal.
///
/// The journals stay the truth: a missing index is rebuilt from them; an index with lines that do
/// not parse is rebuilt from them plus every line that does (so the history of pruned journals is
/// kept), with a warning that says how many lines were dropped. Nothing in it can crash crm.
struct DeliveryIndex: Sendable {
    /// The journal directory.
    let dir: URL
    /// The profile whose deliveries this writer appends.
    let profile: String

    /// Serialises rebuilds and appends within this process; `exclusive` adds an `flock(2)` on
    /// `delivered.idx.lock` so that another crm cannot append to an index being replaced.
    private static let lock = Mutex(())

    private static func exclusive<T>(_ dir: URL, _ body: () -> T) -> T {
        lock.withLock { _ in
            let fd = open(dir.appendingPathComponent("delivered.idx.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            if fd >= 0 { flock(fd, LOCK_EX) }
            defer {
                if fd >= 0 {
                    flock(fd, LOCK_UN)
                    close(fd)
                }
            }
            return body()
        }
    }

    var url: URL { dir.appendingPathComponent("delivered.idx") }

    /// Records that run `run` delivered `key`. Without an index yet, builds it from the journals
    /// (which already hold this delivery) instead.
    func append(_ key: String, run: String) {
        Self.exclusive(dir) {
            guard FileManager.default.fileExists(atPath: url.path) else {
                _ = Self.rebuild(dir: dir, keeping: [])
                return
            }
            // An index that misses a delivery would let `--once` send it again: drop it instead,
            // and the next reader rebuilds it from the journals.
            if !Self.appendLine(Self.line(profile: profile, key: key, run: run), to: url) {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }

    /// The keys `profile` delivered, by any run; `warn` hears about a rebuilt index.
    static func delivered(profile: String, in dir: URL, warn: (String) -> Void) -> Set<String> {
        let entries = exclusive(dir) { load(dir: dir, warn: warn) }
        return Set(entries.filter { $0.profile == profile }.map(\.key))
    }

    typealias Entry = (profile: String, key: String, run: String)

    /// Every entry of the index, rebuilding it when it is missing or has corrupt lines.
    private static func load(dir: URL, warn: (String) -> Void) -> [Entry] {
        let url = dir.appendingPathComponent("delivered.idx")
        // A FIFO in its place would block the read: only a regular file is read (else rebuilt).
        guard RunJournal.isRegularFile(url), let data = FileManager.default.contents(atPath: url.path) else {
            return rebuild(dir: dir, keeping: [])
        }
        var entries: [Entry] = []
        var corrupt = 0
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let e = entry(String(decoding: line, as: UTF8.self)) { entries.append(e) } else { corrupt += 1 }
        }
        guard corrupt > 0 else { return entries }
        warn(
            "warning: \(corrupt) line\(corrupt == 1 ? "" : "s") of the delivery index '\(url.path)' could not be read; rebuilt it from the run journals and its readable lines."
        )
        return rebuild(dir: dir, keeping: entries)
    }

    /// Writes a fresh index from the journals' done message sends and `keeping`; returns its entries.
    @discardableResult
    private static func rebuild(dir: URL, keeping: [Entry]) -> [Entry] {
        var entries = keeping
        var seen = Set(keeping.map { "\($0.profile)\u{0}\($0.key)" })
        for file in RunJournal.files(in: dir) {
            guard let rec = try? RunRecord.load(file) else { continue }
            let profile = rec.header["profile"]?.stringValue ?? ""
            for job in rec.jobs where job.readBack != nil && rec.state(of: job.key) == .done {
                if seen.insert("\(profile)\u{0}\(job.key)").inserted { entries.append((profile, job.key, rec.id)) }
            }
        }
        let text = entries.map { line(profile: $0.profile, key: $0.key, run: $0.run) }.joined()
        let url = dir.appendingPathComponent("delivered.idx")
        let temp = dir.appendingPathComponent("delivered.idx.\(getpid()).tmp")
        if FileManager.default.createFile(
            atPath: temp.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        {
            _ = rename(temp.path, url.path)
        }
        return entries
    }

    private static func line(profile: String, key: String, run: String) -> String {
        Value.record(["profile": .string(profile), "key": .string(key), "run": .string(run)]).toJSON() + "\n"
    }

    private static func entry(_ line: String) -> Entry? {
        guard let v = try? Value.parseJSON(line), let p = v[field: "profile"]?.stringValue,
            let k = v[field: "key"]?.stringValue
        else { return nil }
        return (p, k, v[field: "run"]?.stringValue ?? "")
    }

    /// Appends `line` with one `write(2)` (`O_APPEND`), so concurrent appends never interleave.
    private static func appendLine(_ line: String, to url: URL) -> Bool {
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}
