import CRMCore

/// Turns loop items into jobs: each item through the loop's planner, duplicates of a key skipped.
/// An item the planner rejects for itself alone (`CRMError.concernsOneTarget`: a person with no
/// account to reach) becomes a failed target instead of stopping the run.
struct TargetPlanner {
    /// An item that could not be planned, as the run reports it.
    struct Unplannable: Sendable {
        var label: String
        var error: CRMError
    }

    let plan: (Value) async throws -> [BulkJob]
    private var keys = Set<String>()
    /// The jobs planned, while `keepsJobs` (a streamed run hands them on and keeps only a count).
    private(set) var jobs: [BulkJob] = []
    var keepsJobs = true
    private(set) var planned = 0
    private(set) var duplicates = 0
    private(set) var unplannable: [Unplannable] = []
    /// Keys another run already sent (`--skip-sent RUN`), and how many planned jobs they skipped.
    private var alreadySent = Set<String>()
    private(set) var skippedAsSent = 0

    /// Items and jobs accounted for so far: planned, duplicate, sent by another run, or not plannable.
    var seen: Int { planned + duplicates + skippedAsSent + unplannable.count }

    /// Jobs skipped without sending: duplicates within this run and those another run sent.
    var skipped: Int { duplicates + skippedAsSent }

    /// Skips the jobs whose keys another run already sent, including any planned so far.
    mutating func skip(sent keys: Set<String>) {
        alreadySent.formUnion(keys)
        let before = jobs.count
        jobs.removeAll { keys.contains($0.key) }
        skippedAsSent += before - jobs.count
        planned -= before - jobs.count
    }

    /// Keys an unfinished run holds (`UnfinishedRuns`), with that run's id: such a target fails
    /// alone, because sending it here could send it twice (once more when that run is resumed).
    private var held: [String: String] = [:]

    /// Fails the jobs whose keys an unfinished run holds, including any planned so far.
    mutating func hold(_ keys: [String: String]) {
        held.merge(keys) { a, _ in a }
        let before = jobs.count
        for job in jobs where held[job.key] != nil { unplannable.append(Self.heldBy(held[job.key] ?? "", job)) }
        jobs.removeAll { held[$0.key] != nil }
        planned -= before - jobs.count
    }

    static func heldBy(_ run: String, _ job: BulkJob) -> Unplannable {
        Unplannable(
            label: job.label,
            error: CRMError(
                "send.held", "unfinished run \(run) holds this target (crm resume \(run) sends it; nothing sent here)"))
    }

    init(plan: @escaping (Value) async throws -> [BulkJob]) { self.plan = plan }

    /// Plans `item`; returns its new jobs, how many of its jobs were skipped (duplicates, or sent
    /// by the run `skip(sent:)` named), and what of it could not be planned (the item itself, or
    /// targets an unfinished run holds).
    @discardableResult
    mutating func add(_ item: Value) async throws -> (fresh: [BulkJob], duplicates: Int, failed: [Unplannable]) {
        let all: [BulkJob]
        do {
            all = try await plan(item)
        } catch let e as CRMError where e.concernsOneTarget {
            let failed = Unplannable(label: Self.label(item), error: e)
            unplannable.append(failed)
            return ([], 0, [failed])
        }
        var fresh: [BulkJob] = []
        var failed: [Unplannable] = []
        var dups = 0
        var sent = 0
        for job in all {
            if alreadySent.contains(job.key) {
                sent += 1
            } else if let run = held[job.key], keys.insert(job.key).inserted {
                failed.append(Self.heldBy(run, job))
            } else if keys.insert(job.key).inserted {
                fresh.append(job)
            } else {
                dups += 1
            }
        }
        skippedAsSent += sent
        unplannable.append(contentsOf: failed)
        if keepsJobs { jobs.append(contentsOf: fresh) }
        planned += fresh.count
        duplicates += dups
        return (fresh, dups + sent, failed)
    }

    /// `id — name` of a loop item, as far as it has them.
    static func label(_ item: Value) -> String {
        let id = item[field: "id"]?.displayText ?? ""
        let name = item[field: "name"]?.displayText ?? ""
        switch (id.isEmpty, name.isEmpty) {
        case (false, false): return "\(id) — \(name)"
        case (false, true): return id
        case (true, false): return name
        case (true, true):
            return item.displayText.count > 60 ? String(item.displayText.prefix(60)) + "…" : item.displayText
        }
    }
}
