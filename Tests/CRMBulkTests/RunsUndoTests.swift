import CRMCore
import Foundation
import Testing

@testable import CRMBulk

/// Issue 12: `runs undo ID` reverses a run's done writes as a run of its own; undoing the undo redoes.
@Suite("runs undo")
struct RunsUndoTests {
    static let items: [Value] = (1...6).map { ["id": .string("p\($0)")] }

    /// Tags `p1`…`p6` (`POST /tags/pN`, undone by `DELETE`-like `POST /untag/pN`), except `p6`,
    /// a send that cannot be undone.
    static func plan(_ item: Value) -> [BulkJob] {
        let id = item[field: "id"]?.stringValue ?? ""
        if id == "p6" { return [job(id, path: "/send/\(id)")] }
        return [
            job(
                id, path: "/tags/\(id)", idempotent: true, undo: .request(APIRequest(.leeloo, "POST", "/untag/\(id)")))
        ]
    }

    /// Runs `runs undo id` with `flags`.
    func undo(_ id: String, _ host: FakeHost, flags: [String: Value] = [:]) async throws -> PipelineData {
        var args = Arguments()
        args.positional["id"] = .string(id)
        args.flags = flags
        return try await RunsCommands.undo(id, args: args, runner: host.runner)
    }

    @Test func undoReversesTheDoneWritesAndListsWhatItCannot() async throws {
        let api = FakeAPI()
        let host = try FakeHost(api: api)
        _ = try await host.run(Self.items) { Self.plan($0) }
        let journal = try #require(host.journals.first)
        let runID = try RunRecord.load(journal).id

        let dry = try await undo(runID, host, flags: ["dry-run": true]).collect().stringValue ?? ""
        #expect(dry.contains("targets: 5"), "\(dry)")
        #expect(api.total == 6)

        _ = try await undo(runID, host)
        #expect((1...5).allSatisfy { api.count("/untag/p\($0)") == 1 })
        #expect(api.count("/send/p6") == 1)
        #expect(host.notices.contains { $0.contains("Cannot be undone: 1") })
        #expect(host.notices.contains { $0.contains("p6: a test write") })

        // The undo is a run of its own, journaled; undoing it redoes the original writes.
        let undoJournal = try #require(host.journals.first)
        let undoRun = try RunRecord.load(undoJournal)
        #expect(undoRun.header["command"]?.stringValue == "runs undo")
        #expect(undoRun.jobs.allSatisfy { undoRun.state(of: $0.key) == .done })
        _ = try await undo(undoRun.id, host)
        #expect((1...5).allSatisfy { api.count("/tags/p\($0)") == 2 })
        #expect(api.count("/send/p6") == 1)
    }

    @Test func undoOfARunWithNothingReversibleSendsNothing() async throws {
        let api = FakeAPI()
        let host = try FakeHost(api: api)
        _ = try await host.run([["id": "p6"]]) { Self.plan($0) }
        let journal = try #require(host.journals.first)
        let id = try RunRecord.load(journal).id
        _ = try await undo(id, host)
        #expect(api.total == 1)
        #expect(host.notices.last?.contains("Nothing in run \(id) can be undone") == true)
    }
}
