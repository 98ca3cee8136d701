import CRMCore
import Foundation

/// `runs prune --older-than 90d`: deletes old finished journals.
extension RunsCommands {
    static let pruneSpec = CommandSpec(
        "runs prune", group: "bulk runs",
        summary:
            "Delete the journals of finished runs older than a duration; never an unfinished run or one a crm is sending.",
        flags: [
            FlagSpec("older-than", .any, "a duration such as 90d or 12w: runs that ended (or began) longer ago"),
            FlagSpec("dry-run", .bool, "list the runs that would be deleted and delete nothing"),
        ],
        examples: ["runs prune --older-than 90d --dry-run", "runs prune --older-than 365d"])

    /// Deletes (or with `dryRun` lists) the finished runs in `state` whose end (or start, without
    /// an end line) is more than `olderThanMs` before `now`. An unfinished run is kept (it still
    /// holds its targets), and so is one whose lock a process holds (it is being sent or undone).
    /// The delivery index keeps the deliveries of pruned runs, so `--once` still skips them.
    static func prune(olderThanMs: Int, dryRun: Bool, runner: BulkRunner, now: Date = Date()) -> PipelineData {
        let dir = RunJournal.directory(state: runner.stateDirectory)
        let cutoff = now.addingTimeInterval(-Double(olderThanMs) / 1000)
        var pruned: [Value] = []
        var keptUnfinished = 0
        for file in RunJournal.files(in: dir) {
            guard let rec = try? RunRecord.load(file), let at = rec.lastActivity, at < cutoff else { continue }
            if rec.isUnfinished {
                keptUnfinished += 1
                continue
            }
            // Owning the run while deleting it: one a process holds is skipped, not waited for.
            guard let owner = try? RunLock.acquire(id: rec.id, in: dir) else { continue }
            if !dryRun {
                try? FileManager.default.removeItem(at: file)
                try? FileManager.default.removeItem(at: dir.appendingPathComponent("\(rec.id).lock"))
            }
            withExtendedLifetime(owner) {}
            pruned.append([
                "id": .string(rec.id), "command": rec.header["command"] ?? .null,
                "createdAt": rec.header["createdAt"] ?? .null, "state": .string(rec.runState.rawValue),
            ])
        }
        var note = "\(dryRun ? "Would delete" : "Deleted") \(pruned.count) finished run\(pruned.count == 1 ? "" : "s")"
        note += " older than \(DurationText.format(olderThanMs))"
        if keptUnfinished > 0 { note += "; kept \(keptUnfinished) unfinished (resume or abandon them first)" }
        runner.host.notice(note + ".")
        return .value(.list(pruned))
    }

    /// The `--older-than` flag as milliseconds: a duration value or text such as `90d`.
    static func olderThan(_ v: Value?, at location: SourceLocation?) throws -> Int {
        let ms: Int? =
            switch v {
            case .duration(let ms)?: ms
            case .string(let s)?: DurationText.parse(s)
            default: nil
            }
        guard let ms, ms >= 0 else {
            let got = v.map { " got '\($0.displayText)'" } ?? " it is required"
            throw CRMError.usage(
                "bad-value", "'runs prune' needs --older-than with a duration such as 90d or 12w;\(got).", at: location)
        }
        return ms
    }
}

extension RunRecord {
    /// When the run last did something: the latest of its start, its `end` line and its `abandoned` line.
    var lastActivity: Date? {
        let end = ended?[field: "at"]?.stringValue.flatMap(ISODate.parse)
        let start = header["createdAt"]?.stringValue.flatMap(ISODate.parse)
        return [start, end, abandonedAt].compactMap { $0 }.max()
    }
}
