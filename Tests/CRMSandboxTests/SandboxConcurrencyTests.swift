import Testing

@testable import CRMSandbox

@Suite("Sandbox under concurrent requests")
struct SandboxConcurrencyTests {
    @Test func concurrentSendsAreAllCountedOnce() async throws {
        try await Harness.with({ $0.latencyMs = 1 }) { h in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let channel = SandboxID.make(SandboxID.channel, i)
                        let body = #"{"account_id":"\#(channel)","text":"hello \#(i)"}"#
                        return try await h.call(.POST, "/api/v2/messages/send-message", json: body).status
                    }
                }
                var out: [Int] = []
                for try await status in group { out.append(status) }
                return out
            }
            #expect(statuses.allSatisfy { $0 == 200 })
            let stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == 40)
            #expect(stats["sends"]?["unique"]?.int == 40)
            #expect(stats["sends"]?["byChannel"]?.keys.count == 40)
            #expect(stats["requests"]?["byRoute"]?["POST /api/v2/messages/send-message"]?.int == 40)
        }
    }
}
