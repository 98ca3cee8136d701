import CRMCore
import Foundation
import Testing

@testable import CRMBulk

/// Issue 27 §4: a journal that cannot be written (a full disk) stops the run cleanly: nothing is
/// sent that the journal does not record in flight, and no crash (`FileHandle.write(_:)` traps).
@Suite("journal write failure")
struct JournalWriteFailureTests {
    /// A journal whose file is `/dev/full`: every write fails with ENOSPC.
    static func fullJournal() throws -> (RunJournal, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("rfull.jsonl")
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/full")
        return (try RunJournal(id: "rfull", url: url, profile: "test"), dir)
    }

    @Test func aFailedWriteIsReportedNotACrash() throws {
        let (journal, dir) = try Self.fullJournal()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(journal.append(["type": "x"]) == false)
        #expect(journal.mark("k", .inFlight) == false)
        let failure = try #require(journal.writeFailure)
        #expect(failure.code == "io.journal-write")
        #expect(failure.help?.contains("crm resume rfull") == true)
    }

    @Test func nothingIsSentThatTheJournalCannotRecord() async throws {
        let (journal, dir) = try Self.fullJournal()
        defer { try? FileManager.default.removeItem(at: dir) }
        let api = FakeAPI()
        let exec = BulkExecution(
            api: api, journal: journal, progress: ProgressLine(label: "t", total: 3, isTTY: false) { _ in },
            concurrency: 2, interrupts: .none, calibration: ReadBackCalibration())
        let jobs = ["a", "b", "c"].map { BulkExecution.Pending(job: job($0, path: "/w/\($0)"), resumeFrom: nil) }
        let outcome = await exec.run(JobQueue(jobs, finished: true))
        #expect(api.total == 0)
        #expect(outcome.results.allSatisfy { $0.state == .pending })
        #expect(outcome.interrupted)
    }
}
