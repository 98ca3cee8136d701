import CRMCore
import Foundation
import Testing

/// The prod write guard for every write, not only bulk sends: a statement that would write more
/// than 20 times on a prod profile needs --yes, and stops before the first write when the count
/// is known up front (loops, piped writes), else at the 21st.
@Suite("prod write guard")
struct WriteGuardTests {
    static let prod = ["CRM_PROFILE_CLASS": "prod"]

    /// Requests the sandbox saw on `route` (`PUT /api/v2/people/{person_id}/add-tag`).
    func count(_ h: ShellHarness, _ route: String) async throws -> Int {
        try await h.stats()[field: "requests"]?[field: "byRoute"]?[field: route]?.intValue ?? 0
    }

    static let addTag = "PUT /api/v2/people/{person_id}/add-tag"
    static let update = "PUT /api/v2/people/{person_id}"

    static let countedUpFront = [
        "for p in people --tag vip | people update $p.id --phone '+10000000009'",
        "for p in people --tag vip { people add-tag $p.id newsletter }",
        "people --tag vip | people add-tag newsletter",
        "people --tag vip | each { people add-tag $it.id newsletter }",
        "for i in range 1 25 { people add-tag 65f0a1b20000000000000000 newsletter }",
    ]

    @Test(arguments: countedUpFront) func loopsAndPipedWritesAreRefusedBeforeTheFirstWrite(script: String) async throws
    {
        let h = try await BulkRunTests.everyoneVIP(100)
        defer { Task { await h.stop() } }
        let r = try await h.run(script, extraEnv: Self.prod)
        #expect(r.status == 9, "\(script): \(r.err)")
        #expect(r.err.contains("nothing was sent"), "\(script): \(r.err)")
        #expect(r.err.contains("--yes"), "\(script): \(r.err)")
        #expect(try await count(h, Self.addTag) == 0)
        #expect(try await count(h, Self.update) == 0)
    }

    @Test func aWriteCountNobodyKnewStopsAtTheThreshold() async throws {
        let h = try await BulkRunTests.everyoneVIP(10)
        defer { Task { await h.stop() } }
        let script = """
            set n = 0
            while $n < 30 { people add-tag 65f0a1b20000000000000000 newsletter; set n = $n + 1 }
            """
        let r = try await h.run(script, extraEnv: Self.prod)
        #expect(r.status == 9, "stderr: \(r.err)")
        #expect(r.err.contains("has sent 20 writes"), "stderr: \(r.err)")
        #expect(try await count(h, Self.addTag) == 20)
        // The count is per statement: the next statement starts again from zero.
        let two = try await h.run(
            "people add-tag 65f0a1b20000000000000000 vip\npeople add-tag 65f0a1b20000000000000001 vip",
            extraEnv: Self.prod)
        #expect(two.status == 0, "stderr: \(two.err)")
        #expect(try await count(h, Self.addTag) == 22)
    }

    @Test func yesDemoAndSmallStatementsPass() async throws {
        let h = try await BulkRunTests.everyoneVIP(100)
        defer { Task { await h.stop() } }
        let loop = "for p in people --tag vip | people add-tag $p.id newsletter"
        var yes = Settings()
        yes.yes = true
        #expect(try await h.run(loop, settings: yes, extraEnv: Self.prod).status == 0)
        #expect(try await count(h, Self.addTag) == 100)
        #expect(try await h.run("\(loop) --yes", extraEnv: Self.prod).status == 0)
        #expect(try await count(h, Self.addTag) == 200)
        let block = "for p in people --tag vip --limit 30 { people add-tag $p.id webinar --yes }"
        #expect(try await h.run(block, extraEnv: Self.prod).status == 0)
        #expect(try await count(h, Self.addTag) == 230)
        #expect(try await h.run(loop).status == 0)  // the harness profile is demo: not guarded
        #expect(try await count(h, Self.addTag) == 330)
        let small = try await h.run("people --tag vip --limit 10 | people add-tag newsletter", extraEnv: Self.prod)
        #expect(small.status == 0, "stderr: \(small.err)")
        #expect(try await count(h, Self.addTag) == 340)
    }

    @Test func resumingOnProdNeedsConfirmationToo() async throws {
        let h = try await BulkRunTests.everyoneVIP(300, latencyMs: 5)
        defer { Task { await h.stop() } }
        let bulk = BulkRunTests()
        let loop = "for p in people --tag vip | send-template \(BulkRunTests.template) --concurrency 2"
        guard let (_, id) = try await bulk.interruptedRun(loop, h, afterSends: 30) else { return }
        let before = try await bulk.sends(h).total
        let refused = try await h.run("runs resume \(id)", extraEnv: Self.prod)
        #expect(refused.status == 9, "stderr: \(refused.err)")
        #expect(try await bulk.sends(h).total == before)
        var yes = Settings()
        yes.yes = true
        let resumed = try await h.run("runs resume \(id)", settings: yes, extraEnv: Self.prod)
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        #expect(try await bulk.sends(h).unique == 300)
        #expect(try await bulk.sends(h).duplicates == 0)
    }
}
