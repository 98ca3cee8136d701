import CRMCore
import Foundation

/// `runs list`, `runs show ID [--failed]` and `runs resume ID` (what `crm resume ID` runs).
public enum RunsCommands {
    static let listSpec = CommandSpec(
        "runs", aliases: ["runs list"], group: "bulk runs", summary: "List bulk runs from the journal, newest first.",
        flags: [FlagSpec("limit", .int, "show at most N runs")], examples: ["runs", "runs list --limit 5"])
    static let showSpec = CommandSpec(
        "runs show", group: "bulk runs",
        summary: "Show one run's targets and states; --failed lists failed and unknown targets as records.",
        parameters: [ParameterSpec("id", .string, "the run id", completion: .dynamic("runs"))],
        flags: [FlagSpec("failed", .bool, "only failed and unknown targets, as target records to pipe back in")],
        examples: ["runs show (runs | first | get id)", "runs show (runs | first | get id) --failed | count"])
    // `crm resume ID` is what an interrupted run prints; the alias makes it work inside the REPL too.
    static let resumeSpec = CommandSpec(
        "runs resume", aliases: ["crm resume"], group: "bulk runs",
        summary:
            "Continue a run: skip done targets, reconcile unknown ones by read-back first, send the rest, failed ones last.",
        parameters: [ParameterSpec("id", .string, "the run id", completion: .dynamic("runs"))],
        flags: [FlagSpec("concurrency", .int, "parallel sends")], examples: ["runs resume (runs | first | get id)"],
        isWrite: true)

    static let abandonSpec = CommandSpec(
        "runs abandon", group: "bulk runs",
        summary:
            "Give up an unfinished run: it is no longer resumed, and no longer keeps new runs of its message from starting.",
        parameters: [ParameterSpec("id", .string, "the run id", completion: .dynamic("runs"))],
        examples: ["runs abandon (runs | first | get id)"])

    /// The `runs` commands of `runner`'s session (with none, they list and do nothing).
    public static func commands(runner: BulkRunner?) -> [Command] {
        // SAFE: the runner (its host is not Sendable) is used by the statement task that runs the
        // command, one statement at a time.
        let box = Unchecked(value: runner)
        return [
            Command(listSpec) { args, _, _ in
                guard let r = box.value else { return .empty }
                return .value(.list(try summaries(r.stateDirectory, limit: args.int("limit"))))
            },
            Command(showSpec) { args, _, _ in
                guard let r = box.value, let id = args.string("id") else { return .empty }
                let rec = try load(id, r.stateDirectory)
                if let by = undoRuns(in: RunJournal.directory(state: r.stateDirectory))[id] {
                    r.host.notice("Run \(id) was undone by run \(by).")
                }
                let rows = rec.jobs.compactMap { job -> Value? in
                    let st = rec.states[job.key]
                    if args.bool("failed") {
                        guard let s = st?.state, s == .failed || s == .unknown || s == .inFlight else { return nil }
                        // The target record to pipe back in, with why it is listed (a send
                        // reads `id`/`accounts`, so the two fields change nothing it plans).
                        guard case .record(var r) = job.target else { return job.target }
                        r["state"] = .string(s.rawValue)
                        if let e = st?.error { r["error"] = .string(e) }
                        return .record(r)
                    }
                    var row: Record = [
                        "target": .string(job.label), "state": .string((st?.state ?? .pending).rawValue),
                    ]
                    if let e = st?.error { row["error"] = .string(e) }
                    return .record(row)
                }
                // Items that could not be planned have no target record to feed back in.
                let unplannable: [Value] =
                    args.bool("failed")
                    ? []
                    : rec.unplannable.map {
                        ["target": .string($0.label), "state": "unplannable", "error": .string($0.error)]
                    }
                return .value(.list(rows + unplannable))
            },
            Command(abandonSpec) { args, _, _ in
                guard let r = box.value, let id = args.string("id") else { return .empty }
                return try abandon(id, runner: r)
            },
            Command(settleSpec) { args, _, _ in
                guard let r = box.value, let id = args.string("id") else { return .empty }
                return try settle(id, args: args, runner: r)
            },
            Command(pruneSpec) { args, _, ctx in
                guard let r = box.value else { return .empty }
                let ms = try olderThan(args.value("older-than"), at: ctx.location)
                return prune(olderThanMs: ms, dryRun: args.bool("dry-run"), runner: r)
            },
            Command(undoSpec) { args, _, ctx in
                guard let r = box.value, let id = args.string("id") else { return .empty }
                if let n = args.int("concurrency") {
                    _ = try Settings.checkedConcurrency(
                        n, raw: String(n), label: "Flag '--concurrency'", at: ctx.location)
                }
                return try await undo(id, args: args, runner: r, at: ctx.location)
            },
            Command(resumeSpec) { args, _, ctx in
                guard let r = box.value, let id = args.string("id") else { return .empty }
                let concurrency = try args.int("concurrency").map {
                    try Settings.checkedConcurrency(
                        $0, raw: String($0), label: "Flag '--concurrency'", at: ctx.location)
                }
                return try await resume(id, runner: r, concurrency: concurrency)
            },
        ]
    }

    static func load(_ id: String, _ state: URL) throws -> RunRecord {
        try RunRecord.load(journalURL(id, state))
    }

    /// The journal of run `id`, which must exist.
    static func journalURL(_ id: String, _ state: URL) throws -> URL {
        guard RunJournal.isRunID(id) else {
            throw CRMError("runs.bad-id", "'\(id.prefix(80))' is not a run id.")
        }
        let url = RunJournal.directory(state: state).appendingPathComponent("\(id).jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CRMError("runs.not-found", "No run '\(id)'. 'runs' lists the runs on this machine.")
        }
        guard RunJournal.isRegularFile(url) else {
            throw CRMError("runs.corrupt", "'\(url.path)' is not a regular file; it is not used.")
        }
        return url
    }

    static func summaries(_ state: URL, limit: Int?) throws -> [Value] {
        let dir = RunJournal.directory(state: state)
        let undoneBy = undoRuns(in: dir)
        return RunJournal.files(in: dir).prefix(limit ?? Int.max).compactMap { file in
            guard let rec = try? RunRecord.load(file) else { return nil }
            var counts: [TargetState: Int] = [:]
            for job in rec.jobs { counts[rec.state(of: job.key), default: 0] += 1 }
            var row: Record = [
                "id": .string(rec.id), "command": rec.header["command"] ?? .null,
                "profile": rec.header["profile"] ?? .null,
                "createdAt": rec.header["createdAt"] ?? .null, "total": .int(rec.jobs.count + rec.unplannable.count),
                "done": .int(counts[.done, default: 0]),
                "failed": .int(counts[.failed, default: 0] + rec.unplannable.count),
                "unknown": .int(counts[.unknown, default: 0] + counts[.inFlight, default: 0]),
                "pending": .int(counts[.pending, default: 0]),
                // A run that ended with targets still open is not shown as complete beside
                // `unfinished: true`: it is unsettled until they are.
                "state": .string(rec.isUnfinished && rec.runState == .complete ? "unsettled" : rec.runState.rawValue),
                "unfinished": .bool(rec.isUnfinished),
            ]
            // Which run this one undoes, and which run undid it (`runs undo` refuses a second undo).
            row["undoes"] = rec.header["undoes"] ?? .null
            row["undoneBy"] = undoneBy[rec.id].map { Value.string($0) } ?? .null
            return .record(row)
        }
    }

    static func resume(_ id: String, runner: BulkRunner, concurrency: Int?) async throws -> PipelineData {
        // Owning the run first: a second resume, or a resume of a run still going, is refused
        // before anything is read or sent.
        _ = try journalURL(id, runner.stateDirectory)
        let owner = try RunLock.acquire(id: id, in: RunJournal.directory(state: runner.stateDirectory))
        let rec = try load(id, runner.stateDirectory)
        try checkProfile(rec, runner, verb: "resume")
        if let at = rec.abandonedAt {
            throw CRMError(
                "runs.abandoned", "Run '\(id)' was abandoned (\(ISO8601.string(at))); it is not resumed.",
                help: "to reach the targets it did not send: run the loop again with --skip-sent \(id)", exit: .usage)
        }
        let api = try runner.sendingAPI()
        var pending: [BulkExecution.Pending] = []
        // Failed targets are retried after the others: a run stopped early by its first targets
        // failing alike must not stop again on those same targets before trying the rest.
        var failed: [BulkExecution.Pending] = []
        var done = 0
        for job in rec.jobs {
            let st = rec.states[job.key]
            switch st?.state ?? .pending {
            case .done, .skipped: done += 1
            case .inFlight, .unknown:
                pending.append(.init(job: job, resumeFrom: rec.inFlightAt[job.key] ?? st?.at ?? Date()))
            case .pending: pending.append(.init(job: job, resumeFrom: nil))
            case .failed: failed.append(.init(job: job, resumeFrom: nil))
            }
        }
        pending += failed
        // The prod guard, as for the run itself (`crm --yes resume ID` in a script).
        try await runner.host.admitRun(pending.count, what: "the \(pending.count) remaining targets of run \(id)")
        runner.host.notice("Resuming \(id): \(done) done, \(pending.count) to go.")
        if !rec.planComplete {
            runner.host.notice(
                "Note: this run's listing was cut short after \(rec.jobs.count) targets; only those are resumed. Targets after them were never listed."
            )
        }
        let journal = try RunJournal(
            id: rec.id,
            url: RunJournal.directory(state: runner.stateDirectory).appendingPathComponent("\(rec.id).jsonl"),
            profile: rec.header["profile"]?.stringValue ?? "", owner: owner)
        journal.append(["type": "resume", "at": .string(ISO8601.string(Date()))])
        var settings = runner.host.settings
        if let concurrency { settings.concurrency = concurrency }
        let name = rec.header["command"]?.stringValue ?? "run"
        let progress = runner.makeProgress(name, total: pending.count, final: true)
        return try await runner.execute(
            name, JobQueue(pending, finished: true), journal: journal, api: api, settings: settings, progress: progress,
            listedAll: rec.planComplete, known: rec.knownDeliveries(serverTime: { api.serverTime($0) }), resumed: true)
    }

    /// Refuses a run made on another profile than the current one (its ids mean nothing here).
    static func checkProfile(_ rec: RunRecord, _ runner: BulkRunner, verb: String) throws {
        guard let profile = rec.header["profile"]?.stringValue, let current = runner.host.profileName,
            current != profile
        else { return }
        throw CRMError(
            "runs.profile",
            "Run '\(rec.id)' was made on profile '\(profile)', but the current profile is '\(current)'.",
            help: "switch with 'profile use \(profile)' (or crm --profile \(profile) \(verb) \(rec.id))")
    }

    /// `runs abandon ID`: appends an `abandoned` line. Its sent targets stay sent; `--skip-sent ID`
    /// then skips them and those of unknown delivery, so a new run sends to the rest at most once.
    static func abandon(_ id: String, runner: BulkRunner) throws -> PipelineData {
        let state = runner.stateDirectory
        let rec = try load(id, state)
        guard rec.abandonedAt == nil else {
            runner.host.notice("Run \(id) was already abandoned.")
            return .empty
        }
        guard rec.isUnfinished else {
            runner.host.notice("Run \(id) is finished; there is nothing to abandon.")
            return .empty
        }
        let journal = try RunJournal(
            id: rec.id, url: RunJournal.directory(state: state).appendingPathComponent("\(rec.id).jsonl"),
            profile: rec.header["profile"]?.stringValue ?? "")
        journal.append(["type": "abandoned", "at": .string(ISO8601.string(Date()))])
        let unknown = rec.jobs.count(where: { [.inFlight, .unknown].contains(rec.state(of: $0.key)) })
        let done = rec.jobs.count(where: { rec.state(of: $0.key) == .done })
        // `--skip-sent` is a flag of the send commands only.
        guard UnfinishedRun(rec).isSend else {
            var note = "Abandoned \(id): \(done) done"
            if unknown > 0 { note += ", \(unknown) of unknown outcome" }
            runner.host.notice(note + ". The same writes are no longer refused.")
            return .empty
        }
        var note = "Abandoned \(id): \(done) sent"
        if unknown > 0 { note += ", \(unknown) of unknown delivery (--skip-sent \(id) treats them as sent)" }
        runner.host.notice(note + ". New runs of its message are no longer refused.")
        return .empty
    }
}
