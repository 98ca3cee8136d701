import CRMCore
import Foundation
import Testing

@testable import CRMBulk

/// Issue 12: `runs prune --older-than 90d` deletes old finished journals, never an unfinished run
/// or one a process holds, and `--dry-run` deletes nothing.
@Suite("runs prune")
struct RunsPruneTests {
    static let ninetyDays = 90 * 86_400_000
    static let later = Date().addingTimeInterval(100 * 86_400)

    @Test func onlyOldFinishedUnlockedRunsAreDeleted() async throws {
        let api = FakeAPI { req, _ in
            if req.path.hasPrefix("/lost") { throw ambiguous }
            return .null
        }
        let host = try FakeHost(api: api)
        for i in 1...3 { _ = try await host.run([["id": .string("p\(i)")]]) { [job("p", path: "/ok/\($0)")] } }
        // Unknown delivery: the run stays unfinished, so it is kept.
        _ = try? await host.run([["id": "q"]]) { _ in [job("q", path: "/lost")] }
        let journals = host.journals
        #expect(journals.count == 4)
        let dir = RunJournal.directory(state: host.stateDirectory)
        let unfinished = try #require(journals.first)
        let lockedID = journals[1].deletingPathExtension().lastPathComponent
        let held = try RunLock.acquire(id: lockedID, in: dir)

        _ = RunsCommands.prune(olderThanMs: Self.ninetyDays, dryRun: false, runner: host.runner)
        #expect(host.journals.count == 4, "nothing is 90 days old yet")

        let dry = try await RunsCommands.prune(
            olderThanMs: Self.ninetyDays, dryRun: true, runner: host.runner, now: Self.later
        ).collect()
        #expect(dry.listValue?.count == 2)
        #expect(host.journals.count == 4)
        #expect(
            host.notices.last?.contains("Would delete 2 finished runs older than 12w 6d; kept 1 unfinished") == true,
            "\(host.notices)")

        _ = RunsCommands.prune(olderThanMs: Self.ninetyDays, dryRun: false, runner: host.runner, now: Self.later)
        #expect(Set(host.journals) == [unfinished, journals[1]])
        withExtendedLifetime(held) {}
    }

    @Test func theDurationIsADurationValueOrText() throws {
        #expect(try RunsCommands.olderThan(.duration(5000), at: nil) == 5000)
        #expect(try RunsCommands.olderThan("90d", at: nil) == Self.ninetyDays)
        let at = SourceLocation(file: "t.crm", line: 3, column: 12)
        #expect(throws: CRMError.self) { try RunsCommands.olderThan("soon", at: at) }
        do {
            _ = try RunsCommands.olderThan(nil, at: at)
        } catch let e as CRMError {
            #expect(e.location == at)
            #expect(e.exitStatus == .usage)
        }
    }
}
