import CRMCore
import Foundation

/// The bulk runner behind `for p in people --tag vip | send-template $tpl`: plans the targets,
/// applies `--dry-run` and the prod safety guard before sending anything, writes the journal, then
/// sends with bounded concurrency (see `BulkExecution`) and reports progress and a summary.
///
/// Two ways to plan. `--dry-run` and a guarded prod run plan every target first: the plan and the
/// guard need the exact count before anything is sent. Every other run streams: the first item is
/// planned, sending starts, and the rest is listed and planned alongside (`PlanFeed`), so listing
/// 50 pages does not stand in front of the first send. Either way each target is journaled before
/// it can be sent, so `crm resume` knows it.
public final class BulkRunner: BulkRunning {
    unowned let host: any BulkHost
    /// Where this session's journals live (under `crm/runs`).
    public let stateDirectory: URL
    /// The run `runs undo` is undoing while it runs, recorded as `undoes` in its journal header.
    var undoing: String?

    /// The runner of `host`'s session (which owns it).
    public init(host: any BulkHost) {
        self.host = host
        self.stateDirectory = host.stateDirectory
    }

    public func run(
        command: CommandSpec, arguments: @escaping () -> Arguments?, items: RecordStream,
        plan: @escaping (Value) async throws -> [BulkJob]
    ) async throws -> PipelineData {
        // The listing read here (the first page, or all of it) is as persistent as the rest of the run.
        try await RetryBudget.$attempts.withValue(BulkExecution.retryAttempts) {
            try await planAndRun(command: command, arguments: arguments, items: items, plan: plan)
        }
    }

    private func planAndRun(
        command: CommandSpec, arguments: @escaping () -> Arguments?, items: RecordStream,
        plan: @escaping (Value) async throws -> [BulkJob]
    ) async throws -> PipelineData {
        // A pipe's arguments are known before the first item: refuse before pulling from a tail.
        if arguments() != nil { try refuseEndless(items, command, effectiveSettings(arguments())) }
        var planner = TargetPlanner(plan: plan)
        let cursor = items.makeCursor()
        do {
            // The first item binds the write command's arguments, which carry the run's own flags.
            let first = try await cursor.next()
            if let first { try await planner.add(first) }
            // The first target says which message the run sends; an item that is none plans on.
            while planner.jobs.isEmpty, let item = try await cursor.next() { try await planner.add(item) }
            let firstJob = planner.jobs.first
            let settings = effectiveSettings(arguments())
            try refuseEndless(items, command, settings)
            let skipRun = arguments()?.string("skip-sent").flatMap { $0.isEmpty ? nil : $0 }
            if let skipRun { planner.skip(sent: try sentKeys(of: skipRun)) }
            let once = arguments()?.bool("once") == true
            if once {
                let dir = RunJournal.directory(state: stateDirectory)
                planner.skip(sent: DeliveryIndex.delivered(profile: host.profileName ?? "", in: dir, warn: host.notice))
            }
            let blocking = try holdUnfinished(
                &planner, firstJob: firstJob, except: skipRun, settings: settings, skipsSent: once || skipRun != nil)
            // Skips may have emptied the plan so far: plan on to the first target left, if any.
            while planner.jobs.isEmpty, let item = try await cursor.next() { try await planner.add(item) }
            let guarded = !settings.yes && host.writesNeedConfirming
            if settings.dryRun || guarded || first == nil || planner.jobs.isEmpty {
                defer { cursor.close() }
                while let item = try await cursor.next() { try await planner.add(item) }
                return try await runPlanned(command, planner, settings: settings, blockedBy: blocking)
            }
            return try await runStreamed(command, planner, rest: cursor, settings: settings)
        } catch {
            cursor.close()
            throw error
        }
    }

    /// A dry run or a guarded run plans every target first, which over an endless stream (a
    /// `tail`) would wait forever: refused instead, before anything is sent.
    func refuseEndless(_ items: RecordStream, _ command: CommandSpec, _ settings: Settings) throws {
        guard items.endless, settings.dryRun || (!settings.yes && host.writesNeedConfirming) else { return }
        let why = settings.dryRun ? "a dry run" : "the prod write guard"
        throw CRMError(
            "guard.endless",
            "'\(command.name)' over an endless stream (\(items.label)): \(why) would count its targets forever. Nothing was sent.",
            help:
                "bound it with 'first N' before the write\(settings.dryRun ? "" : ", or add --yes to write as items arrive")",
            exit: .refused)
    }

    /// A run whose every target is planned: `--dry-run` shows it, the guard counts it, then it runs.
    private func runPlanned(
        _ command: CommandSpec, _ planner: TargetPlanner, settings: Settings, blockedBy: UnfinishedRun?
    ) async throws -> PipelineData {
        if settings.dryRun {
            var plan = dryRunPlan(command, planner, settings: settings)
            if let blockedBy {
                let e = Self.refusal(blockedBy)
                plan += "\nA real run would be refused now (exit 9): \(e.message)\n  help: \(e.help ?? "")"
            }
            return .value(.string(plan))
        }
        if planner.jobs.isEmpty && planner.unplannable.isEmpty {
            // Nothing to send: no journal, so `runs` stays the log of runs that did something.
            let skipped = planner.skipped > 0 ? " (\(planner.skipped) skipped)" : ""
            host.notice("\(command.name): no targets\(skipped); nothing sent, no run recorded.")
            return .empty
        }
        try await confirm(command, count: planner.jobs.count, settings: settings)
        let api = try sendingAPI()
        let journal = try RunJournal.create(
            in: RunJournal.directory(state: stateDirectory), header: header(command, settings, planner.duplicates),
            jobs: planner.jobs)
        let queue = JobQueue(planner.jobs.map { BulkExecution.Pending(job: $0, resumeFrom: nil) }, finished: true)
        let progress = begin(command, planner, journal, total: planner.seen, final: true)
        return try await execute(
            command.name, queue, journal: journal, api: api, settings: settings, progress: progress,
            unplanned: planner.unplannable)
    }

    /// A run that starts sending the first item's targets while `rest` is listed and planned.
    private func runStreamed(
        _ command: CommandSpec, _ planner: TargetPlanner, rest cursor: RecordCursor, settings: Settings
    ) async throws -> PipelineData {
        let api = try sendingAPI()
        var h = header(command, settings, nil)
        h["plan"] = "streamed"
        h["total"] = cursor.expectedCount().map { .int($0) } ?? .null
        let journal = try RunJournal.create(
            in: RunJournal.directory(state: stateDirectory), header: h, jobs: planner.jobs)
        let queue = JobQueue(planner.jobs.map { BulkExecution.Pending(job: $0, resumeFrom: nil) })
        let progress = begin(
            command, planner, journal, total: max(cursor.expectedCount() ?? 0, planner.seen), final: false)
        let feed = PlanFeed(cursor: cursor, planner: planner, queue: queue, journal: journal, progress: progress)
        return try await execute(
            command.name, queue, journal: journal, api: api, settings: settings, progress: progress, feed: feed)
    }

    /// The progress line of a new run, counting what planning settled so far, once the items that
    /// could not be planned are journaled.
    private func begin(
        _ command: CommandSpec, _ planner: TargetPlanner, _ journal: RunJournal, total: Int, final: Bool
    ) -> ProgressLine {
        for u in planner.unplannable { journal.appendUnplannable(u) }
        let progress = makeProgress(command.name, total: total, final: final)
        progress.update {
            $0.skipped = planner.skipped
            $0.failed = planner.unplannable.count
        }
        return progress
    }

    /// The keys run `id` sent (`--skip-sent`). Refused while that run has targets whose delivery
    /// is unknown or that it listed but never sent: `crm resume` must settle those first, or they
    /// could go out twice (once here, once on its resume). An abandoned run is never resumed, so
    /// its targets of unknown delivery count as sent (at most once) and its unsent ones are sent.
    func sentKeys(of id: String) throws -> Set<String> {
        let rec = try RunsCommands.load(id, stateDirectory)
        if rec.abandonedAt != nil {
            return Set(rec.jobs.filter { rec.state(of: $0.key).mayHaveApplied }.map(\.key))
        }
        let open = rec.openCount
        guard open == 0 else {
            throw CRMError(
                "runs.unsettled", "Run '\(id)' still has \(open) targets not settled (not sent yet, or unknown).",
                help: "finish it first with: crm resume \(id)", exit: .usage)
        }
        return Set(rec.jobs.filter { rec.state(of: $0.key) == .done }.map(\.key))
    }

    /// The service a run sends through, or the reason there is none.
    func sendingAPI() throws -> any APIService {
        guard let api = host.unguardedAPI else {
            throw CRMError("auth.missing-token", "No profile is configured, so there is nowhere to send.", exit: .auth)
        }
        return api
    }

    /// The journal's header line (without its id and total).
    func header(_ command: CommandSpec, _ settings: Settings, _ duplicates: Int?) -> Record {
        var h: Record = [
            "command": .string(command.name), "profile": .string(host.profileName ?? ""),
            "createdAt": .string(ISO8601.string(Date())), "concurrency": .int(settings.concurrency),
        ]
        if let duplicates { h["duplicatesSkipped"] = .int(duplicates) }
        if let undoing { h["undoes"] = .string(undoing) }
        return h
    }

    /// The progress line of a run on this terminal's stderr.
    func makeProgress(_ name: String, total: Int, final: Bool) -> ProgressLine {
        let draw = host.progressOutput
        return ProgressLine(label: name, total: total, final: final, isTTY: draw != nil) { draw?($0) }
    }

    /// Settings with the write command's own `--dry-run`, `--yes` and `--concurrency` applied.
    func effectiveSettings(_ args: Arguments?) -> Settings {
        var s = host.settings
        guard let args else { return s }
        if args.bool("dry-run") { s.dryRun = true }
        if args.bool("yes") { s.yes = true }
        // Out-of-range values were refused by the write flags' wrapper (`Settings.checkedConcurrency`).
        if let n = args.int("concurrency"), Settings.concurrencyRange.contains(n) { s.concurrency = n }
        return s
    }

    /// The prod-profile guard (`BulkHost.admitRun`): more than `guardThreshold` targets
    /// needs the count typed back in a terminal, or `--yes` in a script. Runs before anything is
    /// sent; the run's sends then count against the statement's allowance.
    func confirm(_ command: CommandSpec, count: Int, settings: Settings) async throws {
        guard !settings.yes else { return }
        try await host.admitRun(count, what: "'\(command.name)' to \(count) targets")
    }

    func dryRunPlan(_ command: CommandSpec, _ planner: TargetPlanner, settings: Settings) -> String {
        let jobs = planner.jobs
        var lines = [
            "Dry run of '\(command.name)' on profile '\(host.profileName ?? "none")': nothing is sent."
        ]
        var skips: [String] = []
        if planner.duplicates > 0 { skips.append("\(planner.duplicates) duplicates") }
        if planner.skippedAsSent > 0 { skips.append("\(planner.skippedAsSent) sent by an earlier run") }
        lines.append(
            "targets: \(jobs.count)" + (skips.isEmpty ? "" : " (skipped: " + skips.joined(separator: ", ") + ")"))
        for j in jobs.prefix(5) { lines.append("  \(j.label)") }
        if jobs.count > 5 { lines.append("  … and \(jobs.count - 5) more") }
        if !planner.unplannable.isEmpty {
            lines.append("cannot be sent to: \(planner.unplannable.count) (they would be reported as failed)")
            for u in planner.unplannable.prefix(5) { lines.append("  \(u.label): \(u.error.message)") }
            if planner.unplannable.count > 5 { lines.append("  … and \(planner.unplannable.count - 5) more") }
        }
        lines.append("requests: \(jobs.count) (one per target, plus read-backs only after ambiguous failures)")
        lines.append("estimated time: \(estimate(jobs.count, settings: settings, request: jobs.first?.request))")
        return lines.joined(separator: "\n")
    }

    func estimate(_ n: Int, settings: Settings, request: APIRequest?) -> String {
        if let request, let rate = host.knownRateLimit(for: request), rate > 0 {
            return
                "\(ProgressLine.duration(Double(n) / rate)) at the current rate limit of \(String(format: "%.0f", rate)) requests/s"
        }
        let perRequest = 0.05
        let t = Double(n) * perRequest / Double(max(settings.concurrency, 1))
        return
            "about \(ProgressLine.duration(t)) at concurrency \(settings.concurrency) (no rate limit seen yet on this profile)"
    }
}
