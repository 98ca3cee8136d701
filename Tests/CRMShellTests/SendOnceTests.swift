import CRMClient
import CRMCore
import Foundation
import Testing

@testable import CRMBulk
@testable import CRMShell

/// Issue 12: `send-template T --once` skips every target this profile already delivered T to,
/// through the delivery index beside the journals, so a nightly loop reaches each person once.
@Suite("send --once", .serialized)
struct SendOnceTests {
    static func loop(_ n: Int) -> String {
        "for p in people --tag vip --limit \(n) | send-template \(BulkRunTests.template) --once"
    }

    static func index(_ h: ShellHarness) -> URL {
        h.stateDir.appendingPathComponent("state/crm/runs/delivered.idx")
    }

    @Test func aSecondRunSendsNothingAndAThirdWithTenNewPeopleSendsTen() async throws {
        let h = try await BulkRunTests.everyoneVIP(60)
        defer { Task { await h.stop() } }
        // No history yet: --once sends to everyone.
        let first = try await h.run(Self.loop(20))
        #expect(first.status == 0, "stderr: \(first.err)")
        #expect(try await BulkRunTests().sends(h).unique == 20)
        let second = try await h.run(Self.loop(20))
        #expect(second.status == 0, "stderr: \(second.err)")
        #expect(second.err.contains("no targets (20 skipped); nothing sent"), "\(second.err)")
        #expect(try await BulkRunTests().sends(h).total == 20)
        let third = try await h.run(Self.loop(30))
        #expect(third.status == 0, "stderr: \(third.err)")
        let s = try await BulkRunTests().sends(h)
        #expect(s.total == 30)
        #expect(s.duplicates == 0)
        #expect(third.err.contains("10 sent, 0 failed, 20 skipped"), "\(third.err)")
    }

    @Test func aMissingIndexIsRebuiltFromTheJournals() async throws {
        let h = try await BulkRunTests.everyoneVIP(30)
        defer { Task { await h.stop() } }
        #expect(try await h.run(Self.loop(20)).status == 0)
        try FileManager.default.removeItem(at: Self.index(h))
        let again = try await h.run(Self.loop(20))
        #expect(again.status == 0, "stderr: \(again.err)")
        #expect(try await BulkRunTests().sends(h).total == 20)
        #expect(FileManager.default.fileExists(atPath: Self.index(h).path))
    }

    @Test func aCorruptLineWarnsAndNeitherCrashesNorDropsHistory() async throws {
        let h = try await BulkRunTests.everyoneVIP(30)
        defer { Task { await h.stop() } }
        #expect(try await h.run(Self.loop(20)).status == 0)
        // A delivery whose journal is gone (pruned) must survive the rebuild, next to a torn line.
        let pruned = #"{"profile":"default","key":"pruned|t:x","run":"r-gone"}"#
        let handle = try FileHandle(forWritingTo: Self.index(h))
        handle.seekToEndOfFile()
        handle.write(Data("{\"profile\": \"def\n\u{FF}garbage\n\(pruned)\n".utf8))
        try handle.close()
        let again = try await h.run(Self.loop(20))
        #expect(again.status == 0, "stderr: \(again.err)")
        #expect(again.err.contains("warning: 2 lines of the delivery index"), "\(again.err)")
        #expect(try await BulkRunTests().sends(h).total == 20)
        let text = try String(contentsOf: Self.index(h), encoding: .utf8)
        #expect(text.contains("pruned|t:x"))
        #expect(!text.contains("garbage"))
    }
}
