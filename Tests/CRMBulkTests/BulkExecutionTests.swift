import CRMCore
import Foundation
import Testing

@testable import CRMBulk

/// Issue 12: an ambiguous failure of an idempotent write is simply sent again; a write with
/// neither read-back nor idempotency is left unknown and never resent, not even by a resume.
@Suite("bulk execution")
struct BulkExecutionTests {
    static let ids = (1...5).map { "p\($0)" }
    static let items: [Value] = ids.map { ["id": .string($0)] }

    /// Every path fails ambiguously the first time it is sent, then succeeds.
    static func flaky() -> FakeAPI {
        FakeAPI { _, n in
            if n == 0 { throw ambiguous }
            return .null
        }
    }

    @Test func anIdempotentWriteIsSentAgainAfterAnAmbiguousFailure() async throws {
        let api = Self.flaky()
        let host = try FakeHost(api: api)
        let out = try await host.run(Self.items) { item in
            [
                job(
                    item[field: "id"]?.stringValue ?? "", path: "/tags/\(item[field: "id"]?.stringValue ?? "")",
                    idempotent: true)
            ]
        }
        #expect(api.total == 10)
        let statuses = try await out.collect().listValue?.compactMap { $0[field: "status"]?.stringValue }
        #expect(statuses == Array(repeating: "sent", count: 5))
        #expect(host.notices.last?.contains("5 sent, 0 failed, 0 skipped, 5 retried") == true, "\(host.notices)")
    }

    @Test func aWriteThatCannotBeCheckedIsLeftUnknownAndNeverResent() async throws {
        let api = Self.flaky()
        let host = try FakeHost(api: api)
        await #expect(throws: CRMError.self) {
            _ = try await host.run(Self.items) { item in
                [job(item[field: "id"]?.stringValue ?? "", path: "/people/\(item[field: "id"]?.stringValue ?? "")")]
            }
        }
        #expect(api.total == 5)
        let journal = try #require(host.journals.first)
        let rec = try RunRecord.load(journal)
        #expect(rec.jobs.allSatisfy { rec.state(of: $0.key) == .unknown })
        // Resuming does not send them again either: nothing can tell whether they were applied.
        do {
            _ = try await RunsCommands.resume(rec.id, runner: host.runner, concurrency: nil)
        } catch let e as CRMError {
            #expect(e.exitStatus == .partialFailure)
        }
        #expect(api.total == 5)
    }
}
