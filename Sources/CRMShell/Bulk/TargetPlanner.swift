import CRMCore

/// Turns loop items into jobs: each item through the loop's planner, duplicates of a key skipped.
struct TargetPlanner {
    let plan: (Value) async throws -> [BulkJob]
    private var seen = Set<String>()
    /// The jobs planned, while `keepsJobs` (a streamed run hands them on and keeps only a count).
    private(set) var jobs: [BulkJob] = []
    var keepsJobs = true
    private(set) var planned = 0
    private(set) var duplicates = 0

    init(plan: @escaping (Value) async throws -> [BulkJob]) { self.plan = plan }

    /// Plans `item`; returns its new jobs and how many of its jobs were duplicates.
    @discardableResult
    mutating func add(_ item: Value) async throws -> (fresh: [BulkJob], duplicates: Int) {
        var fresh: [BulkJob] = []
        var dups = 0
        for job in try await plan(item) {
            if seen.insert(job.key).inserted { fresh.append(job) } else { dups += 1 }
        }
        if keepsJobs { jobs.append(contentsOf: fresh) }
        planned += fresh.count
        duplicates += dups
        return (fresh, dups)
    }
}
