import CRMClient
import CRMCore
import Foundation
import Testing

@testable import CRMBulk
@testable import CRMShell

/// Issue 11: a run's journal is owned by one process at a time, so a second `crm resume`, or a
/// resume of a run still going, is refused (exit 9) instead of sending twice; SIGTERM stops a bulk
/// run as Ctrl-C does.
@Suite("run lock", .serialized)
struct RunLockTests {
    let bulk = BulkRunTests()
    let loop = "for p in people --tag vip | send-template \(BulkRunTests.template) --concurrency 4"

    @Test func aSecondOwnerIsRefusedNamingTheHolderAndTheLockDiesWithIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var first: RunLock? = try RunLock.acquire(id: "r1", in: dir)
        #expect(first != nil)
        #expect(RunLock.holder(id: "r1", in: dir) == getpid())
        do {
            _ = try RunLock.acquire(id: "r1", in: dir)
            Issue.record("a second owner was let in")
        } catch let e as CRMError {
            #expect(e.code == "runs.busy")
            #expect(e.exitStatus == .refused)
            #expect(e.message.contains("crm process \(getpid())"), "\(e.message)")
        }
        first = nil
        #expect(RunLock.holder(id: "r1", in: dir) == nil)
        #expect(throws: Never.self) { _ = try RunLock.acquire(id: "r1", in: dir) }
    }

    @Test func resumingARunStillGoingIsRefusedAndSendsNothingTwice() async throws {
        let h = try await BulkRunTests.everyoneVIP(1500, latencyMs: 5)
        defer { Task { await h.stop() } }
        let running = try CRMBinary.start(["-c", loop], env: h.environment)
        for _ in 0..<600 {
            if try await bulk.sends(h).total >= 50 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let runs = RunJournal.files(in: h.stateDir.appendingPathComponent("state/crm/runs"))
        let id = try #require(runs.first).deletingPathExtension().lastPathComponent
        let second = try await h.run("runs resume \(id)")
        let twice = try await h.run("runs resume \(id)")
        let repeated = try await h.run(loop)
        kill(running.process.processIdentifier, SIGINT)
        let first = await running.finished()
        #expect(second.status == 9, "stderr: \(second.err)")
        #expect(second.err.contains("crm process \(running.process.processIdentifier)"), "stderr: \(second.err)")
        #expect(twice.status == 9)
        #expect(repeated.status == 9, "stderr: \(repeated.err)")
        #expect(
            repeated.err.contains("still running in crm process \(running.process.processIdentifier)"),
            "stderr: \(repeated.err)")
        #expect(first.status == 130, "stderr: \(first.err)")
        let resumed = try await h.run("runs resume \(id)")
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        let s = try await bulk.sends(h)
        #expect(s.duplicates == 0)
        #expect(s.unique == 1500)
    }

    @Test func aTargetRepeatedInTheJournalIsResumedOnce() async throws {
        let h = try await BulkRunTests.everyoneVIP(3)
        defer { Task { await h.stop() } }
        let r = try await h.run(loop)
        #expect(r.status == 0, "stderr: \(r.err)")
        let dir = h.stateDir.appendingPathComponent("state/crm/runs")
        let url = try #require(RunJournal.files(in: dir).first)
        let id = url.deletingPathExtension().lastPathComponent
        // Keep the header and the targets, the first one three times; drop every state and the end.
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let targets = lines.filter { $0.contains(#""type":"target""#) }
        let kept = [lines[0]] + [targets[0], targets[0]] + targets + lines.filter { $0.contains(#""type":"planned""#) }
        try (kept.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        #expect(try RunRecord.load(url).jobs.count == 3)
        try await h.reset()
        let resumed = try await h.run("runs resume \(id)")
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        #expect(resumed.err.contains("0 done, 3 to go"), "stderr: \(resumed.err)")
        let s = try await bulk.sends(h)
        #expect(s.total == 3)
        #expect(s.duplicates == 0)
    }

    @Test func aRunThatEndedReleasesItsLockInTheSameSession() async throws {
        let h = try await BulkRunTests.everyoneVIP(5)
        defer { Task { await h.stop() } }
        let r = try await h.run("\(loop)\nruns resume (runs | first | get id)")
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.err.contains("5 done, 0 to go"), "stderr: \(r.err)")
    }

    @Test func sigtermStopsABulkRunLikeCtrlC() async throws {
        let h = try await BulkRunTests.everyoneVIP(1500, latencyMs: 5)
        defer { Task { await h.stop() } }
        let running = try CRMBinary.start(["-c", loop], env: h.environment)
        for _ in 0..<600 {
            if try await bulk.sends(h).total >= 50 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(running.process.processIdentifier, SIGTERM)
        let r = await running.finished()
        #expect(r.status == 143, "stderr: \(r.err)")
        let id = try #require(bulk.runID(in: r.err), "stderr: \(r.err)")
        let journal = try bulk.journalLines(h, id)
        #expect(journal.last?[field: "type"] == "end")
        let resumed = try await h.run("runs resume \(id)")
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        let s = try await bulk.sends(h)
        #expect(s.duplicates == 0)
        #expect(s.unique == 1500)
    }
}
