import CRMCore
import Foundation
import Testing

@testable import CRMBulk

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 27 §10: what lies in the runs directory is never followed blindly: a FIFO named like a
/// journal is not opened (it would block `runs` and every new run), and a journal whose header
/// names another run (`../../../../tmp/evil`) is not used as a path.
@Suite("journal paths")
struct JournalPathTests {
    static func runsDir() throws -> (URL, URL) {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("crm-paths-\(UUID().uuidString)")
        let dir = RunJournal.directory(state: state)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (state, dir)
    }

    @Test func aFIFONamedLikeAJournalIsSkipped() throws {
        let (state, dir) = try Self.runsDir()
        defer { try? FileManager.default.removeItem(at: state) }
        #expect(mkfifo(dir.appendingPathComponent("r20260101-000000000-fifo.jsonl").path, 0o600) == 0)
        #expect(mkfifo(dir.appendingPathComponent("delivered.idx").path, 0o600) == 0)
        #expect(RunJournal.files(in: dir).isEmpty)
        // Neither blocks: no unfinished run, no delivery.
        #expect(UnfinishedRuns.find(profile: "test", in: dir).isEmpty)
        #expect(DeliveryIndex.delivered(profile: "test", in: dir, warn: { _ in }).isEmpty)
        #expect(throws: CRMError.self) { try RunsCommands.journalURL("r20260101-000000000-fifo", state) }
    }

    @Test func aJournalNamingAnotherRunIsNotUsed() throws {
        let (state, dir) = try Self.runsDir()
        defer { try? FileManager.default.removeItem(at: state) }
        let url = dir.appendingPathComponent("r20260101-000000000-evil.jsonl")
        let header = #"{"type":"run","id":"../../../../tmp/evil","profile":"test","command":"x","total":0}"#
        try (header + "\n").write(to: url, atomically: true, encoding: .utf8)
        let e = #expect(throws: CRMError.self) { try RunRecord.load(url) }
        #expect(e?.code == "runs.corrupt")
        #expect(throws: CRMError.self) { try RunsCommands.journalURL("../../../../tmp/evil", state) }
    }
}
