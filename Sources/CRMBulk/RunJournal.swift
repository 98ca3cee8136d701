import CRMCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The journal of one bulk run: `$XDG_STATE_HOME/crm/runs/<run-id>.jsonl`, mode 0600, no tokens.
///
/// Line 1 is the run header; then one `target` line per planned job, written before that target
/// can be sent (all of them up front for a run planned first; as they are listed for a streamed
/// run, whose header says `"plan": "streamed"` and which writes a `planned` line once every target
/// is listed); `unplannable` lines for items that could not be targets; `state` lines as each
/// target goes in-flight → done / failed / unknown; an `end` line. Each line is written with one
/// `write(2)`, so a killed process leaves at most a torn last line, which loading ignores.
public final class RunJournal: Sendable {
    let id: String
    let url: URL
    /// The file, appended to by one writer at a time.
    private let handle: Mutex<FileHandle>
    /// This process's ownership of the run (released when the journal is).
    private let owner: RunLock
    /// Where the run's delivered messages are indexed (`--once`).
    private let deliveries: DeliveryIndex
    /// The first write that failed (a full disk, a revoked file): after it nothing more is
    /// written, and the run sends nothing more (`BulkExecution`), so no write goes out unjournaled.
    private let failure = Mutex<CRMError?>(nil)

    /// The journal directory under the state directory `state`.
    public static func directory(state: URL) -> URL { state.appendingPathComponent("crm/runs", isDirectory: true) }

    /// The journal files in `dir`, newest first (run ids start with their UTC time stamp). Only
    /// regular files whose name is a run id: a FIFO or a device named like a journal would block
    /// the read that opens it, and a symbolic link may point anywhere.
    public static func files(in dir: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
            $0.hasSuffix(".jsonl") && isRunID(String($0.dropLast(6))) && isRegularFile(dir.appendingPathComponent($0))
        }
        .sorted(by: >).map { dir.appendingPathComponent($0) }
    }

    /// What a run id may hold: letters, digits and `-` (`r20261207-231309724-1uphk8c`).
    static func isRunID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
    }

    /// Whether `url` is a regular file itself (`lstat`: a link is not followed).
    static func isRegularFile(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// Creates a new journal file and writes the header and the jobs planned so far.
    static func create(in dir: URL, header: Record, jobs: [BulkJob]) throws -> RunJournal {
        try FileManager.default.createDirectory(
            at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let stamp = ISO8601.compactStamp(Date())
        let id = "r\(stamp)-\(String(UInt32.random(in: 0...0xFFFF_FFFF), radix: 36))"
        let url = dir.appendingPathComponent("\(id).jsonl")
        let owner = try RunLock.acquire(id: id, in: dir)
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw CRMError("io.journal", "Cannot create the run journal '\(url.path)'.")
        }
        let j = try RunJournal(id: id, url: url, profile: header["profile"]?.stringValue ?? "", owner: owner)
        var h = header
        h["type"] = "run"
        h["id"] = .string(id)
        if h["total"] == nil { h["total"] = .int(jobs.count) }
        j.append(.record(h))
        for job in jobs { j.appendTarget(job) }
        return j
    }

    /// Records an item that could not be planned (it is reported as failed and never resumed).
    func appendUnplannable(_ u: TargetPlanner.Unplannable) {
        append(["type": "unplannable", "label": .string(u.label), "error": .string(u.error.message)])
    }

    /// Appends one planned target; false when it could not be written (it must not be sent).
    @discardableResult
    func appendTarget(_ job: BulkJob) -> Bool {
        guard case .record(var r) = job.journalValue else { return false }
        r["type"] = "target"
        return append(.record(r))
    }

    /// Opens an existing journal of a run of `profile` for appending (resume, abandon), taking its
    /// lock unless `owner` already holds it: refused (exit 9) while another process sends the run.
    init(id: String, url: URL, profile: String, owner: RunLock? = nil) throws {
        self.id = id
        self.url = url
        deliveries = DeliveryIndex(dir: url.deletingLastPathComponent(), profile: profile)
        self.owner = try owner ?? RunLock.acquire(id: id, in: url.deletingLastPathComponent())
        let file: FileHandle
        do { file = try FileHandle(forWritingTo: url) } catch {
            throw CRMError("io.journal", "Cannot open the run journal '\(url.path)'.")
        }
        file.seekToEndOfFile()
        handle = Mutex(file)
    }

    deinit { handle.withLock { try? $0.close() } }

    /// Appends one JSON line; false when it could not be written (see `writeFailure`).
    @discardableResult
    func append(_ v: Value) -> Bool {
        let line = v.toJSON() + "\n"
        return handle.withLock { file in
            guard failure.withLock({ $0 == nil }) else { return false }
            do {
                try file.write(contentsOf: Data(line.utf8))
                return true
            } catch {
                let why = (error as NSError).localizedDescription
                failure.withLock {
                    $0 = CRMError(
                        "io.journal-write", "The run journal '\(url.path)' could not be written: \(why).",
                        help: "free some disk space, then: crm resume \(id)", exit: .runtime)
                }
                return false
            }
        }
    }

    /// Why the journal stopped being written, once a write failed.
    var writeFailure: CRMError? { failure.withLock { $0 } }

    /// Records that the message send `key` was delivered, in the profile's delivery index.
    func delivered(_ key: String) { deliveries.append(key, run: id) }

    /// Records a state change of `key`; false when the line could not be written.
    @discardableResult
    func mark(_ key: String, _ state: TargetState, attempt: Int = 0, error: String? = nil, note: String? = nil) -> Bool {
        var r: Record = [
            "type": "state", "key": .string(key), "state": .string(state.rawValue),
            "at": .string(ISO8601.string(Date())),
        ]
        if attempt > 0 { r["attempt"] = .int(attempt) }
        if let error { r["error"] = .string(error) }
        if let note { r["note"] = .string(note) }
        return append(.record(r))
    }
}

/// A journal read back from disk.
struct RunRecord: Sendable {
    var header: Record
    var jobs: [BulkJob]
    /// The last state of each key, with when it was entered and its error.
    var states: [String: (state: TargetState, at: Date?, error: String?)]
    var ended: Value?
    /// Items that could not be planned: `(label, error)`.
    var unplannable: [(label: String, error: String)] = []
    /// False for a streamed run whose listing was cut short: targets after the journaled ones
    /// were never planned.
    var planComplete = true
    /// When each key's latest attempt began (its last `in-flight` line): read-back looks from there.
    var inFlightAt: [String: Date] = [:]
    /// When `runs abandon` gave the run up: it is no longer resumed and no longer holds its targets.
    var abandonedAt: Date?
    /// The note of each key's last state line (`confirmed by read-back`, `settled by hand: …`).
    var notes: [String: String] = [:]

    var id: String { header["id"]?.stringValue ?? "?" }

    static func load(_ url: URL) throws -> RunRecord {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CRMError("runs.not-found", "No run journal at '\(url.path)'.")
        }
        var header = Record()
        var jobs: [BulkJob] = []
        var seenKeys: Set<String> = []
        var states: [String: (TargetState, Date?, String?)] = [:]
        var ended: Value?
        var planned = false
        var unplannable: [(label: String, error: String)] = []
        var inFlightAt: [String: Date] = [:]
        var abandonedAt: Date?
        var notes: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let v = try? Value.parseJSON(String(line)) else { continue }  // a torn last line
            switch v[field: "type"]?.stringValue {
            case "run": header = v.recordValue ?? Record()
            case "target":
                // A target is planned once per (channel, message): a repeated line is the same target.
                if let j = BulkJob(journal: v), seenKeys.insert(j.key).inserted { jobs.append(j) }
            case "state":
                if let k = v[field: "key"]?.stringValue,
                    let s = v[field: "state"]?.stringValue.flatMap(TargetState.init)
                {
                    let at = v[field: "at"]?.stringValue.flatMap(ISODate.parse)
                    states[k] = (s, at, v[field: "error"]?.stringValue)
                    notes[k] = v[field: "note"]?.stringValue
                    if s == .inFlight, let at { inFlightAt[k] = at }
                }
            case "end": ended = v
            case "resume": ended = nil  // a resume that never wrote its end died with its process
            case "abandoned": abandonedAt = v[field: "at"]?.stringValue.flatMap(ISODate.parse) ?? Date()
            case "planned": planned = true
            case "unplannable":
                unplannable.append((v[field: "label"]?.stringValue ?? "?", v[field: "error"]?.stringValue ?? ""))
            default: continue
            }
        }
        guard header["id"] != nil else {
            throw CRMError("runs.corrupt", "'\(url.lastPathComponent)' is not a crm run journal.")
        }
        // Its id names its file (resume and settle write beside it by that name): one that does
        // not is a damaged or forged journal, never a path to follow.
        guard header["id"]?.stringValue == url.deletingPathExtension().lastPathComponent else {
            throw CRMError(
                "runs.corrupt", "'\(url.lastPathComponent)' names another run in its header; it is not used.")
        }
        let complete = header["plan"]?.stringValue != "streamed" || planned
        return RunRecord(
            header: header, jobs: jobs, states: states, ended: ended, unplannable: unplannable, planComplete: complete,
            inFlightAt: inFlightAt, abandonedAt: abandonedAt, notes: notes)
    }

    /// The writes this run knows the server applied: done on a 2xx answer (no note), with when
    /// their attempt began and when they were marked done. A resume calibrates on them.
    func knownDeliveries(serverTime: (Date) -> Date) -> [ReadBackCalibration.Delivery] {
        jobs.compactMap { job in
            guard let st = states[job.key], st.state == .done, notes[job.key] == nil, let sent = inFlightAt[job.key],
                job.canReadBack
            else { return nil }
            return .init(
                readBack: job.readBack, create: job.createReadBack, sentAt: serverTime(sent),
                answeredAt: st.at ?? sent)
        }.sorted { $0.answeredAt < $1.answeredAt }
    }

    func state(of key: String) -> TargetState { states[key]?.state ?? .pending }

    /// Targets not settled: never sent, in flight when the run died, or of unknown delivery.
    var openCount: Int { jobs.count(where: { state(of: $0.key).isOpen }) }

    /// How the run stands: abandoned, as its `end` line says, or died (no end line).
    var runState: RunState {
        if abandonedAt != nil { return .abandoned }
        return ended?[field: "state"]?.stringValue.flatMap(RunState.init) ?? .died
    }

    /// Whether the run still holds its targets: not abandoned, and it died (no `end` line, or
    /// still running in another crm), has targets not settled, or its listing was cut short.
    /// A new run does not send what an unfinished run holds (see `UnfinishedRuns`).
    var isUnfinished: Bool { abandonedAt == nil && (ended == nil || !planComplete || openCount > 0) }
}

/// Writing ISO-8601 timestamps with milliseconds (the APIs' format); reading is `ISODate.parse`.
public enum ISO8601 {
    static func string(_ d: Date) -> String { formatter().string(from: d) }
    /// `yyyyMMdd-HHmmssSSS` in UTC: run ids and recording names.
    public static func compactStamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        // Milliseconds, so that run ids (and `runs`, newest first) order two runs of the same second.
        f.dateFormat = "yyyyMMdd-HHmmssSSS"
        return f.string(from: d)
    }
    private static func formatter() -> ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }
}
