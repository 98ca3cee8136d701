import CRMCore
import Foundation

/// The bulk runner behind `for p in people --tag vip | send-template $tpl`: plans every target,
/// applies `--dry-run` and the prod safety guard before sending anything, writes the journal, then
/// sends with bounded concurrency (see `BulkExecution`) and reports progress and a summary.
///
/// Targets are planned (collected) before the first send on purpose: the guard needs the count,
/// progress needs the total, and a resumable journal needs the whole plan. Targets are small
/// (a channel id and a label), so 100,000 of them cost a few MB.
final class BulkRunner: BulkRunning {
    unowned let host: ShellHost
    let stateDirectory: URL

    init(host: ShellHost, stateDirectory: URL) {
        self.host = host
        self.stateDirectory = stateDirectory
    }

    func run(
        command: CommandSpec, arguments: @escaping () -> Arguments?, items: RecordStream,
        plan: @escaping (Value) async throws -> [BulkJob]
    ) async throws -> PipelineData {
        var jobs: [BulkJob] = []
        var seen = Set<String>()
        var duplicates = 0
        let cursor = items.makeCursor()
        defer { cursor.close() }
        while let item = try await cursor.next() {
            for job in try await plan(item) {
                if seen.insert(job.key).inserted { jobs.append(job) } else { duplicates += 1 }
            }
        }
        let settings = effectiveSettings(arguments())
        if settings.dryRun { return .value(.string(dryRunPlan(command, jobs, duplicates: duplicates, settings: settings))) }
        try await confirm(command, count: jobs.count, settings: settings)
        guard let api = host.api else {
            throw CRMError("auth.missing-token", "No profile is configured, so there is nowhere to send.", exit: .auth)
        }
        let header: Record = [
            "command": .string(command.name), "profile": .string(host.session?.profileName ?? ""),
            "createdAt": .string(ISO8601.string(Date())), "concurrency": .int(settings.concurrency),
            "duplicatesSkipped": .int(duplicates),
        ]
        let journal = try RunJournal.create(in: RunJournal.directory(state: stateDirectory), header: header, jobs: jobs)
        let pending = jobs.map { BulkExecution.Pending(job: $0, resumeFrom: nil) }
        return try await execute(command.name, pending, journal: journal, api: api, settings: settings, skipped: duplicates)
    }

    /// Runs (or resumes) `pending` against `api` and turns the outcome into results, a summary and
    /// the run's exit status.
    func execute(
        _ name: String, _ pending: [BulkExecution.Pending], journal: RunJournal, api: any APIService, settings: Settings,
        skipped: Int
    ) async throws -> PipelineData {
        let term = host.terminal
        let progress = ProgressLine(label: name, total: pending.count + skipped, isTTY: term.stderrIsTTY) { term.errRaw($0) }
        progress.update { $0.skipped = skipped }
        let exec = BulkExecution(api: api, journal: journal, progress: progress, concurrency: settings.concurrency)
        let outcome = await exec.run(pending)
        progress.clear()
        journal.append(["type": "end", "state": .string(outcome.interrupted ? "interrupted" : "complete"), "at": .string(ISO8601.string(Date()))])
        host.notice(progress.summary(runID: journal.id))
        let counts = progress.snapshot
        if outcome.interrupted {
            throw CRMError(
                "interrupted", "Interrupted: \(counts.done) of \(pending.count + skipped) targets handled.",
                help: "continue with: crm resume \(journal.id)", exit: .interrupted)
        }
        let failures = outcome.results.filter { $0[field: "status"]?.stringValue != "sent" }
        if !failures.isEmpty {
            for f in failures.prefix(10) {
                host.notice("  failed: \(f[field: "target"]?.displayText ?? "?") — \(f[field: "error"]?.displayText ?? "")")
            }
            if failures.count > 10 { host.notice("  … and \(failures.count - 10) more") }
            try await host.emit(.value(.list(outcome.results)))
            throw CRMError(
                "bulk.partial", "\(failures.count) of \(pending.count) sends failed.",
                help: "see them with: runs show \(journal.id) --failed   retry with: crm resume \(journal.id)",
                exit: .partialFailure)
        }
        return .value(.list(outcome.results))
    }

    /// Settings with the write command's own `--dry-run`, `--yes` and `--concurrency` applied.
    func effectiveSettings(_ args: Arguments?) -> Settings {
        var s = host.settings
        guard let args else { return s }
        if args.bool("dry-run") { s.dryRun = true }
        if args.bool("yes") { s.yes = true }
        if let n = args.int("concurrency"), n > 0 { s.concurrency = min(n, 256) }
        return s
    }

    /// The prod-profile guard: more than `guardThreshold` targets needs the count typed back in a
    /// terminal, or `--yes` in a script. Runs before anything is sent.
    func confirm(_ command: CommandSpec, count: Int, settings: Settings) async throws {
        guard let session = host.session, session.safetyClass == "prod", count > settings.guardThreshold, !settings.yes
        else { return }
        let what = "'\(command.name)' to \(count) targets on prod profile '\(session.profileName)'"
        if host.isInteractive {
            let answer = try await host.prompt("This sends \(what). Type \(count) to go ahead: ", secret: false)
            if answer?.trimmingCharacters(in: .whitespaces) == String(count) { return }
            throw CRMError("guard.refused", "Not confirmed; nothing was sent.", exit: .refused)
        }
        throw CRMError(
            "guard.refused", "Refusing to send \(what) without confirmation; nothing was sent.",
            help: "add --yes to the command, or run 'crm --yes FILE'", exit: .refused)
    }

    func dryRunPlan(_ command: CommandSpec, _ jobs: [BulkJob], duplicates: Int, settings: Settings) -> String {
        var lines = ["Dry run of '\(command.name)' on profile '\(host.session?.profileName ?? "none")': nothing is sent."]
        lines.append("targets: \(jobs.count)" + (duplicates > 0 ? " (\(duplicates) duplicates skipped)" : ""))
        for j in jobs.prefix(5) { lines.append("  \(j.label)") }
        if jobs.count > 5 { lines.append("  … and \(jobs.count - 5) more") }
        lines.append("requests: \(jobs.count) (one per target, plus read-backs only after ambiguous failures)")
        lines.append("estimated time: \(estimate(jobs.count, settings: settings))")
        return lines.joined(separator: "\n")
    }

    func estimate(_ n: Int, settings: Settings) -> String {
        if let rate = host.knownRateLimit, rate > 0 {
            return "\(ProgressLine.duration(Double(n) / rate)) at the current rate limit of \(String(format: "%.0f", rate)) requests/s"
        }
        let perRequest = 0.05
        let t = Double(n) * perRequest / Double(max(settings.concurrency, 1))
        return "about \(ProgressLine.duration(t)) at concurrency \(settings.concurrency) (no rate limit seen yet on this profile)"
    }
}
