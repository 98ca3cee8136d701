import CRMCore
import Foundation
import Testing

@testable import CRMBulk

/// The refusal of a run that repeats an unfinished one says what that run does: a send "sends the
/// same message", any other write "makes the same writes" (and is not told to use `--skip-sent`,
/// a flag of the send commands only).
@Suite("unfinished-run wording")
struct UnfinishedWordingTests {
    /// The unfinished record of a journal of `command` with one target and no end line.
    func unfinished(_ command: String) throws -> UnfinishedRun {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-wording-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = try RunJournal.create(
            in: dir, header: ["command": .string(command), "profile": "default"], jobs: [job("p1", path: "/tags/p1")])
        let rec = try RunRecord.load(dir.appendingPathComponent("\(journal.id).jsonl"))
        #expect(rec.isUnfinished)
        return UnfinishedRun(rec)
    }

    @Test func anInterruptedTagRunMakesTheSameWrites() throws {
        let e = BulkRunner.refusal(try unfinished("people add-tag"))
        #expect(e.message.contains("makes the same writes on this profile"), "\(e.message)")
        #expect(!e.message.contains("message"), "\(e.message)")
        #expect(!(e.help ?? "").contains("--skip-sent"), "\(e.help ?? "")")
        #expect((e.help ?? "").contains("crm resume"))
        #expect(e.exitStatus == .refused)
    }

    @Test func anInterruptedSendSendsTheSameMessage() throws {
        let e = BulkRunner.refusal(try unfinished("send-template"))
        #expect(e.message.contains("sends the same message on this profile"), "\(e.message)")
        #expect((e.help ?? "").contains("--skip-sent"))
    }
}
