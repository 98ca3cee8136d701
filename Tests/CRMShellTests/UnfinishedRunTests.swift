import CRMClient
import CRMCore
import Foundation
import Testing

@testable import CRMBulk
@testable import CRMShell

/// A new run never sends what an unfinished run of the same profile holds: running the loop again
/// after Ctrl-C or a crash, instead of `crm resume`, is refused before anything is sent.
@Suite("unfinished runs", .serialized)
struct UnfinishedRunTests {
    let bulk = BulkRunTests()
    let loop = "for p in people --tag vip | send-template \(BulkRunTests.template) --concurrency 4"

    @Test func repeatingAnInterruptedRunIsRefusedUntilItIsAbandoned() async throws {
        let h = try await BulkRunTests.everyoneVIP(2000, latencyMs: 5)
        defer { Task { await h.stop() } }
        guard let (first, id) = try await bulk.interruptedRun(loop, h, afterSends: 100) else { return }
        #expect(first.status == 130, "stderr: \(first.err)")
        let before = try await bulk.sends(h).total
        // Tab after `crm resume ` offers it, read from the journal.
        let env = h.environment
        let host = ShellHost(
            session: try Session(configURL: Session.defaultConfigURL(environment: env), environment: env),
            settings: Settings(), isInteractive: true, terminal: .capturing(), environment: env)
        let offered = CompletionCache(host: host).runIDs()
        #expect(offered.map(\.value) == [id])
        #expect(offered.first?.label == "\(id) — send-template, interrupted")

        let again = try await h.run(loop)
        #expect(again.status == 9, "stderr: \(again.err)")
        #expect(again.err.contains("Run \(id) (send-template"), "stderr: \(again.err)")
        #expect(again.err.contains("interrupted: \(before) sent"), "stderr: \(again.err)")
        #expect(again.err.contains("crm resume \(id)"))
        #expect(try await bulk.sends(h).total == before)

        var dry = Settings()
        dry.dryRun = true
        let plan = try await h.run(loop, settings: dry)
        #expect(plan.status == 0, "stderr: \(plan.err)")
        #expect(plan.out.contains("targets: 2000"), "out: \(plan.out)")
        #expect(plan.out.contains("A real run would be refused now (exit 9)"), "out: \(plan.out)")

        // Another message to the same people is not held back.
        let other = try await h.run("for p in people --tag vip --limit 5 | send-template 5e42be110000000000000001")
        #expect(other.status == 0, "stderr: \(other.err)")

        let abandoned = try await h.run("runs abandon \(id)")
        #expect(abandoned.status == 0, "stderr: \(abandoned.err)")
        #expect(abandoned.err.contains("Abandoned \(id): \(before) sent"), "stderr: \(abandoned.err)")
        #expect(try await h.run("runs resume \(id)").status == 2)
        let rest = try await h.run("\(loop) --skip-sent \(id)")
        #expect(rest.status == 0, "stderr: \(rest.err)")
        #expect(rest.err.contains("\(2000 - before) sent, 0 failed, \(before) skipped"), "stderr: \(rest.err)")
        let s = try await bulk.sends(h)
        #expect(s.unique == 2005)
        #expect(s.duplicates == 0)
    }

    /// A single write that failed ambiguously is an unfinished run of one: the same write again
    /// (a script run twice) is refused until that run is resumed or abandoned, since it may have
    /// been made. Before, the second comment went out regardless. Another person is not held.
    @Test func aSingleWriteOfUnknownOutcomeHoldsTheSameWrite() async throws {
        let h = try await ShellHarness.start { $0.fault5xx = 1.0 }
        defer { Task { await h.stop() } }
        let comment = "people add-comment 65f0a1b20000000000000000 hello"
        func comments() async throws -> Int {
            try await h.stats()[field: "requests"]?[field: "byRoute"]?[
                field: "PUT /api/v2/people/{person_id}/add-comment"]?.intValue ?? 0
        }
        let first = try await h.run(comment)
        #expect(first.status == 8, "stderr: \(first.err)")
        #expect(try await comments() == 1)
        let again = try await h.run(comment)
        #expect(again.status == 9, "stderr: \(again.err)")
        #expect(again.err.contains("(people add-comment, started"), "stderr: \(again.err)")
        #expect(again.err.contains("Nothing was sent."))
        #expect(try await comments() == 1)
        let other = try await h.run("people add-comment 65f0a1b20000000000000001 hello")
        #expect(other.status == 8, "stderr: \(other.err)")
        let id = try #require(again.err.components(separatedBy: "crm resume ").last?.prefix { !$0.isWhitespace })
        let abandoned = try await h.run("runs abandon \(id)")
        #expect(abandoned.status == 0)
        #expect(
            abandoned.err.contains(
                "Abandoned \(id): 0 done, 1 of unknown outcome. The same writes are no longer refused."),
            "stderr: \(abandoned.err)")
        #expect(try await h.run(comment).status == 8)
        #expect(try await comments() == 3)
    }

    @Test func repeatingARunThatDiedIsRefusedAndResumeFinishesIt() async throws {
        let h = try await BulkRunTests.everyoneVIP(2000, latencyMs: 5)
        defer { Task { await h.stop() } }
        let running = try CRMBinary.start(["-c", loop], env: h.environment)
        for _ in 0..<600 {
            if try await bulk.sends(h).total >= 50 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(running.process.processIdentifier, SIGKILL)  // a crash: no end line, sends in flight
        _ = await running.finished()
        // Sends the dead process had in flight may still land: wait until the count settles.
        var before = try await bulk.sends(h).total
        while true {
            try await Task.sleep(for: .milliseconds(200))
            let now = try await bulk.sends(h).total
            if now == before { break }
            before = now
        }

        let again = try await h.run(loop)
        #expect(again.status == 9, "stderr: \(again.err)")
        #expect(again.err.contains("died or still running"), "stderr: \(again.err)")
        #expect(try await bulk.sends(h).total == before)
        guard let id = bulk.runID(in: again.err) else {
            Issue.record("no run id in: \(again.err)")
            return
        }
        let resumed = try await h.run("runs resume \(id)")
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        var dry = Settings()
        dry.dryRun = true
        let plan = try await h.run(loop, settings: dry)
        if resumed.err.contains("cut short") {
            // The crash came before the listing ended: the run still holds its message until the
            // loop runs again skipping what it sent.
            #expect(plan.out.contains("add --skip-sent \(id)"), "out: \(plan.out)")
            let rest = try await h.run("\(loop) --skip-sent \(id)")
            #expect(rest.status == 0, "stderr: \(rest.err)")
        } else {
            #expect(!plan.out.contains("would be refused"), "out: \(plan.out)")  // finished: holds nothing
        }
        let s = try await bulk.sends(h)
        #expect(s.unique == 2000)
        #expect(s.duplicates == 0)
    }

    @Test func aTargetAnUnfinishedRunHoldsFailsAloneWhenTheRunStartsElsewhere() async throws {
        let h = try await BulkRunTests.everyoneVIP(2000, latencyMs: 5)
        defer { Task { await h.stop() } }
        // A text per person: every target of the interrupted run has a message of its own.
        let greet = "for p in people --tag vip | send-message \"Hi ${p.name}\" --concurrency 4"
        guard let (_, id) = try await bulk.interruptedRun(greet, h, afterSends: 50) else { return }
        let before = try await bulk.sends(h).total
        // The first target is new (a text the interrupted run never sent); the second it holds.
        let script = """
            set ps = people --tag vip | first 1
            for p in [{id: $ps[0].accounts[0].account_id, name: "Zed Nobody"}, $ps[0]] | send-message "Hi ${p.name}"
            """
        let r = try await h.run(script)
        #expect(r.status == 7, "stderr: \(r.err)")
        #expect(r.err.contains("1 sent, 1 failed"), "stderr: \(r.err)")
        #expect(r.err.contains("unfinished run \(id) holds this target"), "stderr: \(r.err)")
        let s = try await bulk.sends(h)
        #expect(s.total == before + 1)
        #expect(s.duplicates == 0)
    }
}
