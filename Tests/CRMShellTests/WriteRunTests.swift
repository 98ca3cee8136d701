import CRMCore
import Foundation
import Testing

/// Issue 12: every write on the bulk engine. Tag and template names resolve once per run, a
/// name that does not exist stops the run before its first write, and an add-tag loop is a
/// planned, dry-runnable, resumable run that ends with the exact tag set.
@Suite("write runs", .serialized)
struct WriteRunTests {
    static let addTag = "PUT /api/v2/people/{person_id}/add-tag"
    static let tagList = "GET /api/v2/tags"

    func requests(_ h: ShellHarness, _ route: String) async throws -> Int {
        try await h.stats()[field: "requests"]?[field: "byRoute"]?[field: route]?.intValue ?? 0
    }

    /// Every person's tags, by person id, as crm lists them.
    func tagSets(_ h: ShellHarness) async throws -> [String: Set<String>] {
        var json = Settings()
        json.output = "json"
        let r = try await h.run("people | select id tags", settings: json)
        #expect(r.status == 0, "stderr: \(r.err)")
        var out: [String: Set<String>] = [:]
        for p in try Value.parseJSON(r.out).listValue ?? [] {
            guard let id = p[field: "id"]?.displayText else { continue }
            out[id] = Set((p[field: "tags"]?.listValue ?? []).map(\.displayText))
        }
        return out
    }

    /// `before` with `tag` added to everyone.
    func tagged(_ before: [String: Set<String>], _ tag: String) -> [String: Set<String>] {
        before.mapValues { $0.union([tag]) }
    }

    @Test
    func addTagLoopUnderFaultsEndsWithTheExactTagSetAndOneTagList() async throws {
        let h = try await ShellHarness.start {
            $0.people = 2000
            $0.fault5xx = 0.1
            $0.fault429 = 0.05
            $0.faultReset = 0.02
        }
        defer { Task { await h.stop() } }
        let before = try await tagSets(h)
        #expect(before.count == 2000)
        var settings = Settings()
        settings.concurrency = 16
        let r = try await h.run("for p in people | people add-tag $p.id partner", settings: settings)
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(try await requests(h, Self.tagList) == 1)
        #expect(try await tagSets(h) == tagged(before, "partner"))
    }

    /// A pipe, a block loop of one write and `each` of one write: each a run (the tag named in another case).
    static let manyTargetForms = [
        "people --tag vip | people add-tag Partner",
        "for p in people --tag vip { people add-tag $p.id Partner }",
        "people --tag vip | each { people add-tag $it.id Partner }",
    ]

    @Test(arguments: manyTargetForms) func aWriteGivenManyPeopleIsOneRunWithOneTagList(script: String) async throws {
        let h = try await BulkRunTests.everyoneVIP(300)
        defer { Task { await h.stop() } }
        let before = try await tagSets(h)
        let r = try await h.run(script)
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.err.contains("300 sent, 0 failed"), "stderr: \(r.err)")
        #expect(try await requests(h, Self.tagList) == 1)
        #expect(try await requests(h, Self.addTag) == 300)
        #expect(try await tagSets(h) == tagged(before, "partner"))
    }

    @Test func interruptThenResumeEndsWithTheExactTagSet() async throws {
        let h = try await BulkRunTests.everyoneVIP(1000, latencyMs: 5)
        defer { Task { await h.stop() } }
        let before = try await tagSets(h)
        let script = "for p in people | people add-tag $p.id partner --concurrency 4"
        let running = try CRMBinary.start(["-c", script], env: h.environment)
        // `break`, not a `where` clause: that would keep polling (600 stats requests) after the 100th write.
        for _ in 0..<600 {
            if try await requests(h, Self.addTag) >= 100 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(running.process.processIdentifier, SIGINT)
        let first = await running.finished()
        #expect(first.status == 130, "stderr: \(first.err)")
        #expect(try await requests(h, Self.addTag) < 1000)
        guard let id = BulkRunTests().runID(in: first.err) else {
            Issue.record("no run id in: \(first.err)")
            return
        }
        let resumed = try await CRMBinary.runAsync(["resume", id], env: h.environment)
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        #expect(try await tagSets(h) == tagged(before, "partner"))
        let runs = try await h.run("runs")
        #expect(runs.out.contains(id), "runs: \(runs.out)")
    }

    @Test func anUnknownTemplateOrTagStopsBeforeAnyWrite() async throws {
        let h = try await BulkRunTests.everyoneVIP(50)
        defer { Task { await h.stop() } }
        let bad = try await h.run("for p in people --tag vip | send-template 'VIP ofer'")
        #expect(bad.status != 0)
        #expect(bad.err.contains("Unknown template 'VIP ofer'. Did you mean 'VIP offer'?"), "stderr: \(bad.err)")
        let word = try await h.run("for p in people --tag vip | send-template Welcome")
        #expect(word.err.contains("Unknown template 'Welcome'. Did you mean 'Welcome message'?"), "\(word.err)")
        #expect(try await BulkRunTests().sends(h).total == 0)
        let badTag = try await h.run("people --tag vip | people add-tag partnr")
        #expect(badTag.status != 0)
        #expect(badTag.err.contains("Did you mean 'partner'?"), "stderr: \(badTag.err)")
        #expect(try await requests(h, Self.addTag) == 0)
        // By name, in any case: one template list for the run, every person sent once.
        let good = try await h.run("for p in people --tag vip | send-template 'vip offer'")
        #expect(good.status == 0, "stderr: \(good.err)")
        #expect(try await BulkRunTests().sends(h).unique == 50)
        #expect(try await requests(h, "GET /api/v2/categories/templates") == 3)  // the bad runs' and this one's
    }

    @Test func dryRunOfAnAddTagLoopPrintsTheSummary() async throws {
        let h = try await BulkRunTests.everyoneVIP(40)
        defer { Task { await h.stop() } }
        var dry = Settings()
        dry.dryRun = true
        let r = try await h.run("for p in people --tag vip | people add-tag $p.id partner", settings: dry)
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("Dry run of 'people add-tag'"), "out: \(r.out)")
        #expect(r.out.contains("targets: 40"), "out: \(r.out)")
        #expect(r.out.contains("requests: 40"), "out: \(r.out)")
        #expect(r.out.contains("estimated time"), "out: \(r.out)")
        #expect(!r.out.contains("tag_id"), "out: \(r.out)")
        #expect(try await requests(h, Self.addTag) == 0)
    }

    @Test func aSingleWriteSendsOneRequestKeepsItsAnswerAndIsJournaled() async throws {
        let h = try await BulkRunTests.everyoneVIP(10)
        defer { Task { await h.stop() } }
        var json = Settings()
        json.output = "json"
        let r = try await h.run(
            "people create --name 'Solo Person' --phone '+10000000005' --lgt 5e1000000000000000000001", settings: json)
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("Solo Person"), "out: \(r.out)")  // the answer, as before
        #expect(try await requests(h, "POST /api/v2/people") == 1)
        let runs = try await h.run("runs", settings: json)
        let listed = try Value.parseJSON(runs.out).listValue ?? []
        #expect(listed.count == 1, "runs: \(runs.out)")
        #expect(listed.first?[field: "command"]?.stringValue == "people create", "runs: \(runs.out)")
    }
}
