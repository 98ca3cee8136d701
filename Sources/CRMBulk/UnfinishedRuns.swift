import CRMCore
import Foundation

/// A run of the current profile that still holds its targets (`RunRecord.isUnfinished`): it died,
/// was interrupted, has targets of unknown delivery, or its listing was cut short. A new run must
/// not send what it holds: the targets it sent would get the message twice, and the ones it did
/// not would get it twice once it is resumed.
struct UnfinishedRun: Sendable {
    let record: RunRecord
    /// Every (channel, message) key the run planned.
    let keys: Set<String>
    /// The messages of those keys (`template:ID`, `text:…`: the key without its channel).
    let messages: Set<String>
    /// The pid of the crm process sending the run right now (`RunLock`), or nil when none is.
    var holder: Int32?

    init(_ record: RunRecord, holder: Int32? = nil) {
        self.record = record
        self.holder = holder
        keys = Set(record.jobs.map(\.key))
        messages = Set(record.jobs.map { Self.message(ofKey: $0.key) })
    }

    var id: String { record.id }

    /// The message part of a job key (`channel|message`).
    static func message(ofKey key: String) -> String {
        key.firstIndex(of: "|").map { String(key[key.index(after: $0)...]) } ?? key
    }

    /// Whether a new run whose first target is `job` repeats this run: the same target, or the
    /// same message (every target of a template send shares it).
    func repeats(_ job: BulkJob) -> Bool {
        keys.contains(job.key) || messages.contains(Self.message(ofKey: job.key))
    }

    /// The run as the refusal describes it: `send-template, started …, interrupted: 120 sent, 1880 not
    /// settled` (`done` instead of `sent` for writes other than sends).
    var summary: String {
        let state =
            holder.map { $0 > 0 ? "still running in crm process \($0)" : "still running in another crm process" }
            ?? (record.ended == nil
                ? "died or still running" : record.runState == .complete ? "ended" : record.runState.rawValue)
        let sent = record.jobs.count(where: { record.state(of: $0.key) == .done })
        var parts = ["\(sent) \(isSend ? "sent" : "done")", "\(record.openCount) not settled"]
        if !record.planComplete { parts.append("listing cut short") }
        let command = record.header["command"]?.stringValue ?? "run"
        let started = record.header["createdAt"]?.stringValue ?? "?"
        return "\(command), started \(started), \(state): " + parts.joined(separator: ", ")
    }

    /// Whether the run sends messages (`send-template`, `v1 send-message`, …) rather than other writes.
    var isSend: Bool { (record.header["command"]?.stringValue ?? "").contains("send-") }

    /// What to do about it, for the refusal's help line.
    var remedy: String {
        if let holder {
            return "wait for it to end (or stop it: kill -INT \(holder)), then: crm resume \(id) if it did not finish"
        }
        // `--skip-sent` is a flag of the send commands only.
        guard isSend else {
            return record.openCount == 0 && record.ended != nil
                ? "give it up with: runs abandon \(id), then run it again"
                : "finish it with: crm resume \(id)   (or give it up: runs abandon \(id))"
        }
        if record.openCount == 0, record.ended != nil {
            // Everything it listed is settled; only the listing was cut short.
            return
                "add --skip-sent \(id) to send only to the targets it did not reach (or give it up: runs abandon \(id))"
        }
        return
            "finish it with: crm resume \(id)   (or give it up: runs abandon \(id), then add --skip-sent \(id) to skip what it sent)"
    }
}

/// Finds the unfinished runs of a profile in the journal directory. Cheap for settled runs: a
/// journal whose last line is a complete `end` with nothing open (or an `abandoned` line) is
/// decided from its first and last lines alone; only the others are read whole.
public enum UnfinishedRuns {
    static func find(profile: String, in dir: URL, except: Set<String> = []) -> [UnfinishedRun] {
        let files = RunJournal.files(in: dir).filter { !except.contains($0.deletingPathExtension().lastPathComponent) }
        return files.compactMap { url -> UnfinishedRun? in
            // The quick look decides most journals; one it cannot read that way is read whole.
            if let (header, last) = headerAndLastLine(url) {
                guard header[field: "profile"]?.stringValue == profile, !isSettled(last) else { return nil }
            }
            guard let rec = try? RunRecord.load(url), rec.header["profile"]?.stringValue == profile,
                rec.isUnfinished
            else { return nil }
            return UnfinishedRun(rec, holder: RunLock.holder(id: rec.id, in: dir))
        }
    }

    /// The journal's header and its last complete line (nil when it has none that parses).
    public static func headerAndLastLine(_ url: URL) -> (Value, Value?)? {
        guard let h = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: 4096)) ?? Data()  // the header line is a few hundred bytes
        guard let firstLine = head.split(separator: UInt8(ascii: "\n")).first,
            let header = try? Value.parseJSON(String(decoding: firstLine, as: UTF8.self))
        else { return nil }
        let size = (try? h.seekToEnd()) ?? 0
        try? h.seek(toOffset: size > 4096 ? size - 4096 : 0)  // an end line is short
        let tail = (try? h.readToEnd()) ?? Data()
        let last = tail.split(separator: UInt8(ascii: "\n")).last.flatMap {
            try? Value.parseJSON(String(decoding: $0, as: UTF8.self))
        }
        return (header, last)
    }

    /// A last line that says the run holds nothing: a complete end with nothing open, or abandoned.
    static func isSettled(_ last: Value?) -> Bool {
        guard let last else { return false }
        switch last[field: "type"]?.stringValue {
        case "abandoned": return true
        case "end":
            return last[field: "state"]?.stringValue.flatMap(RunState.init) == .complete
                && last[field: "open"]?.intValue == 0
                && last[field: "plan"] == nil
        default: return false
        }
    }
}

extension BulkRunner {
    /// Keeps a new run off what unfinished runs of this profile hold (all but `except`, the run
    /// `--skip-sent` names): refused before anything is sent when its first target repeats one
    /// (the same message, or the same target), otherwise any held target fails alone. Returns the
    /// refusing run for `--dry-run`, which reports it instead.
    ///
    /// A run that skips what was sent (`--once`, `--skip-sent RUN`) is never refused for repeating
    /// a message: every target an unfinished run planned is held (it fails alone, and that run's
    /// resume sends it), what was delivered is skipped, and what no unfinished run planned (the
    /// targets after a listing that was cut short, or that Ctrl-C stopped) was never sent by any
    /// of them, so sending it sends nothing twice.
    func holdUnfinished(
        _ planner: inout TargetPlanner, firstJob: BulkJob?, except: String?, settings: Settings, skipsSent: Bool = false
    ) throws -> UnfinishedRun? {
        let unfinished = UnfinishedRuns.find(
            profile: host.profileName ?? "", in: RunJournal.directory(state: stateDirectory),
            except: Set([except].compactMap { $0 }))
        guard !unfinished.isEmpty else { return nil }
        let blocking = skipsSent ? nil : firstJob.flatMap { job in unfinished.first { $0.repeats(job) } }
        if let blocking {
            // A dry run shows the plan as it would be once that run is settled, under the refusal.
            if settings.dryRun { return blocking }
            throw Self.refusal(blocking)
        }
        var held: [String: String] = [:]
        for run in unfinished { for key in run.keys where held[key] == nil { held[key] = run.id } }
        planner.hold(held)
        return nil
    }

    static func refusal(_ run: UnfinishedRun) -> CRMError {
        CRMError(
            "runs.unfinished",
            "Run \(run.id) (\(run.summary)) "
                + (run.isSend
                    ? "sends the same message on this profile and is not finished; a new run would send it twice."
                    : "makes the same writes on this profile and is not finished; a new run would make them twice.")
                + " Nothing was sent.",
            help: run.remedy, exit: .refused)
    }
}
