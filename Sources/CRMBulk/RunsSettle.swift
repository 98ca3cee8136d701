import CRMCore
import Foundation

/// `runs settle ID --delivered IDS --not-delivered IDS`: records what a person saw when a run's
/// read-back could not decide. A target of unknown delivery (or left in flight) that someone
/// checked in its channel is journaled done (`settled by hand: delivered`) or failed
/// (`settled by hand: not delivered`); `crm resume ID` then sends only the failed ones, and the
/// run no longer holds the delivered ones.
extension RunsCommands {
    static let settleSpec = CommandSpec(
        "runs settle", group: "bulk runs",
        summary:
            "Record what you checked by hand for targets of unknown delivery: --delivered IDS are done, --not-delivered IDS are sent by 'crm resume'.",
        parameters: [ParameterSpec("id", .string, "the run id", completion: .dynamic("runs"))],
        flags: [
            FlagSpec("delivered", .any, "target ids (channel or person ids, a list, or target records) that did get it"),
            FlagSpec("not-delivered", .any, "target ids that did not: 'crm resume' sends them"),
        ],
        examples: ["runs settle (runs | first | get id) --not-delivered (runs show (runs | first | get id) --failed)"])

    /// The ids a `--delivered` / `--not-delivered` value names: a comma- or space-separated text,
    /// a list of texts, or target records (their `id` and `person_id`).
    static func settleIDs(_ v: Value?) -> [String] {
        switch v {
        case nil, .null?: return []
        case .string(let s)?:
            return s.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        case .int(let i)?: return [String(i)]
        case .list(let items)?: return items.flatMap { settleIDs($0) }
        case .record(let r)?: return [r["id"], r["person_id"]].compactMap { $0?.displayText }.prefix(1).map { $0 }
        default: return [v?.displayText ?? ""]
        }
    }

    /// Whether target `job` is the one `id` names: its channel (the key's first part), or its
    /// target record's `id` or `person_id`.
    static func names(_ job: BulkJob, _ id: String) -> Bool {
        if job.key.split(separator: "|").first.map(String.init) == id { return true }
        return job.target[field: "id"]?.displayText == id || job.target[field: "person_id"]?.displayText == id
    }

    static func settle(_ id: String, args: Arguments, runner: BulkRunner) throws -> PipelineData {
        guard args.value("delivered") != nil || args.value("not-delivered") != nil else {
            throw CRMError(
                "usage.missing-flag", "runs settle needs --delivered IDS or --not-delivered IDS.",
                help: "the targets to check: runs show \(id) --failed", exit: .usage)
        }
        let delivered = settleIDs(args.value("delivered"))
        let notDelivered = settleIDs(args.value("not-delivered"))
        guard !delivered.isEmpty || !notDelivered.isEmpty else {
            // `--not-delivered (runs show ID --failed)` of a run with nothing unsettled.
            runner.host.notice("runs settle: no target given; nothing recorded.")
            return .empty
        }
        if let both = Set(delivered).intersection(notDelivered).first {
            throw CRMError("usage.conflict", "'\(both)' is given both as delivered and as not delivered.", exit: .usage)
        }
        let state = runner.stateDirectory
        _ = try journalURL(id, state)
        let owner = try RunLock.acquire(id: id, in: RunJournal.directory(state: state))
        let rec = try load(id, state)
        try checkProfile(rec, runner, verb: "runs settle")
        // Every id must name an unsettled target before anything is written.
        var plan: [(BulkJob, Bool)] = []
        for (ids, wasDelivered) in [(delivered, true), (notDelivered, false)] {
            for given in ids {
                let matched = rec.jobs.filter { names($0, given) }
                guard !matched.isEmpty else {
                    throw CRMError(
                        "runs.no-target", "Run '\(id)' has no target '\(given)'. Nothing was recorded.",
                        help: "its targets of unknown delivery: runs show \(id) --failed", exit: .usage)
                }
                for job in matched {
                    let s = rec.state(of: job.key)
                    guard s == .unknown || s == .inFlight else {
                        throw CRMError(
                            "runs.settled",
                            "Target '\(job.label)' of run '\(id)' is \(s.rawValue), not of unknown delivery. Nothing was recorded.",
                            exit: .usage)
                    }
                    plan.append((job, wasDelivered))
                }
            }
        }
        let journal = try RunJournal(
            id: rec.id, url: RunJournal.directory(state: state).appendingPathComponent("\(rec.id).jsonl"),
            profile: rec.header["profile"]?.stringValue ?? "", owner: owner)
        for (job, wasDelivered) in plan {
            if wasDelivered {
                journal.mark(job.key, .done, note: "settled by hand: delivered")
                if job.readBack != nil { journal.delivered(job.key) }
            } else {
                journal.mark(job.key, .failed, error: "settled by hand: not delivered")
            }
        }
        let yes = plan.count { $0.1 }
        let no = plan.count - yes
        var note = "Settled \(yes) target\(yes == 1 ? "" : "s") of run \(id) as delivered and \(no) as not delivered."
        if no > 0 { note += " crm resume \(id) sends the \(no)." }
        runner.host.notice(note)
        return .empty
    }
}
