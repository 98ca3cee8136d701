import CRMCore
import Foundation

/// `runs undo ID`: reverses a run's done writes from its journal, as a bulk run of its own.
extension RunsCommands {
    static let undoSpec = CommandSpec(
        "runs undo", group: "bulk runs",
        summary:
            "Reverse a finished or interrupted run's done writes (add-tag by remove-tag, …) as a run of its own; lists what cannot be undone.",
        parameters: [ParameterSpec("id", .string, "the run id", completion: .dynamic("runs"))],
        flags: FlagSpec.writeFlags, examples: ["runs undo (runs | first | get id) --dry-run"], isWrite: true)

    /// Plans the reverse of run `id`'s done writes, newest first, each by its job's `undo`
    /// request, and runs them through the bulk runner (dry run, guard, journal, resume). Writes
    /// that cannot be undone are listed with why, and not sent; targets of unknown delivery are
    /// left alone (a resume of the run settles them). The reverse jobs carry the original
    /// requests as their own `undo`, so undoing the undo redoes.
    static func undo(
        _ id: String, args: Arguments, runner: BulkRunner, at location: SourceLocation? = nil
    ) async throws -> PipelineData {
        let dir = RunJournal.directory(state: runner.stateDirectory)
        _ = try journalURL(id, runner.stateDirectory)
        if let earlier = undoRuns(in: dir)[id] {
            throw CRMError(
                "runs.already-undone",
                "Run \(id) was already undone by run \(earlier); undoing it again would send its reverse writes twice.",
                at: location,
                help:
                    "to redo what it did: runs undo \(earlier)   (an unfinished undo is finished with: crm resume \(earlier))",
                exit: .refused)
        }
        // Held while the undo is planned and sent: the run is not resumed meanwhile.
        let owner = try RunLock.acquire(id: id, in: dir)
        defer { withExtendedLifetime(owner) {} }
        let rec = try load(id, runner.stateDirectory)
        try checkProfile(rec, runner, verb: "runs undo")
        var reverse: [BulkJob] = []
        var irreversible: [(label: String, why: String)] = []
        for job in rec.jobs.reversed() where rec.state(of: job.key) == .done {
            switch job.undo {
            case .request(let request): reverse.append(job.reversed(by: request))
            case .irreversible(let why): irreversible.append((job.label, why))
            }
        }
        report(rec, irreversible: irreversible, runner: runner)
        guard !reverse.isEmpty else {
            runner.host.notice("Nothing in run \(id) can be undone; nothing sent.")
            return .empty
        }
        let items = RecordStream.of(reverse.map(\.journalValue), label: "run \(id)")
        // The undo run's header names the run it undoes (`undoes`), so it is not undone twice.
        runner.undoing = id
        defer { runner.undoing = nil }
        return try await runner.run(command: undoSpec, arguments: { args }, items: items) { item in
            BulkJob(journal: item).map { [$0] } ?? []
        }
    }

    /// For each undone run, the run that undid it (from the journals' `undoes` headers; the
    /// first line of each journal is read, never the whole file).
    static func undoRuns(in dir: URL) -> [String: String] {
        var undone: [String: String] = [:]
        for url in RunJournal.files(in: dir).reversed() {
            guard let (header, _) = UnfinishedRuns.headerAndLastLine(url),
                let target = header[field: "undoes"]?.stringValue, let by = header[field: "id"]?.stringValue
            else { continue }
            if undone[target] == nil { undone[target] = by }
        }
        return undone
    }

    /// Says what the undo leaves alone: writes that cannot be reversed (with why), and targets
    /// whose delivery is unknown.
    private static func report(_ rec: RunRecord, irreversible: [(label: String, why: String)], runner: BulkRunner) {
        if !irreversible.isEmpty {
            runner.host.notice("Cannot be undone: \(irreversible.count) of run \(rec.id)'s done writes (not sent):")
            for i in irreversible.prefix(5) { runner.host.notice("  \(i.label): \(i.why)") }
            if irreversible.count > 5 { runner.host.notice("  … and \(irreversible.count - 5) more") }
        }
        let unsettled = rec.jobs.count(where: { [.inFlight, .unknown].contains(rec.state(of: $0.key)) })
        if unsettled > 0 {
            runner.host.notice(
                "Not undone: \(unsettled) targets of unknown delivery (crm resume \(rec.id) settles them first).")
        }
    }
}

extension BulkJob {
    /// The job that reverses this one with `request`. Its own undo is this job's request, so
    /// undoing the undo redoes; its key toggles a `|undo` suffix, so a redo has the original key.
    func reversed(by request: APIRequest) -> BulkJob {
        let suffix = "|undo"
        let reverseKey = key.hasSuffix(suffix) ? String(key.dropLast(suffix.count)) : key + suffix
        return BulkJob(
            key: reverseKey, label: label, target: target, request: request, readBack: nil, idempotent: idempotent,
            undo: .request(self.request))
    }
}
