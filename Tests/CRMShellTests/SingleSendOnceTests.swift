import Foundation
import Testing

/// A single send (`send-template T --to ID`) honours `--once` and `--skip-sent` through the same
/// delivery index and journals as a bulk run: a message already delivered is skipped, not resent.
@Suite("single send --once", .serialized)
struct SingleSendOnceTests {
    /// The channel ids the delivery index holds for the test template.
    func deliveredChannels(_ h: ShellHarness) throws -> [String] {
        let text = try String(contentsOf: SendOnceTests.index(h), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: #""key":""#) else { return nil }
            return String(line[r.upperBound...].prefix { $0 != "|" })
        }
    }

    @Test func aSingleSendWithOnceSkipsWhatAnEarlierRunDelivered() async throws {
        let h = try await BulkRunTests.everyoneVIP(10)
        defer { Task { await h.stop() } }
        #expect(try await h.run(SendOnceTests.loop(3)).status == 0)
        let channel = try #require(try deliveredChannels(h).first)
        let once = try await h.run("send-template \(BulkRunTests.template) --to \(channel) --once")
        #expect(once.status == 0, "stderr: \(once.err)")
        #expect(
            once.err.contains("already delivered it (--once); nothing sent"), "\(once.err)")
        #expect(try await BulkRunTests().sends(h).total == 3)
        // Without --once it is sent, and journaled for the next --once.
        #expect(try await h.run("send-template \(BulkRunTests.template) --to \(channel)").status == 0)
        #expect(try await BulkRunTests().sends(h).total == 4)
    }

    @Test func aSingleSendWithOnceSendsOnceThenSkips() async throws {
        let h = try await BulkRunTests.everyoneVIP(10)
        defer { Task { await h.stop() } }
        #expect(try await h.run(SendOnceTests.loop(1)).status == 0)
        let first = try #require(try deliveredChannels(h).first)
        // A channel with no delivery yet: the first --once sends, the second does not.
        try FileManager.default.removeItem(at: SendOnceTests.index(h))
        for _ in 0..<2 {
            let r = try await h.run("send-message 'hi there' --to \(first) --once")
            #expect(r.status == 0, "stderr: \(r.err)")
        }
        let s = try await h.stats()
        #expect(s[field: "sends"]?[field: "total"]?.intValue == 2, "one template send, one message send")
    }

    @Test func aSingleSendWithSkipSentSkipsWhatThatRunSent() async throws {
        let h = try await BulkRunTests.everyoneVIP(10)
        defer { Task { await h.stop() } }
        let run = try await h.run(SendOnceTests.loop(2))
        let id = try #require(run.runID)
        let channel = try #require(try deliveredChannels(h).first)
        let r = try await h.run("send-template \(BulkRunTests.template) --to \(channel) --skip-sent \(id)")
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.err.contains("skipped, run \(id) already sent it"), "\(r.err)")
        #expect(try await BulkRunTests().sends(h).total == 2)
    }
}
