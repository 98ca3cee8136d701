import AsyncHTTPClient
import Testing

@testable import CRMSandbox

@Suite("Sandbox rate limit and faults")
struct SandboxFaultTests {
    static let template = "5e42be758d4fff000cafe6ef"
    static let channel = SandboxID.make(SandboxID.channel, 0)
    static var sendBody: String { #"{"account_id":"\#(channel)","template_id":"\#(template)"}"# }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        try await Harness.with({ $0.rateLimit = 2 }) { h in
            // Twenty at once, not one after another: on a loaded machine sequential calls can be slow
            // enough for the bucket to refill between them, and then none is ever limited.
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for _ in 0..<20 { group.addTask { try await h.call(.GET, "/api/v2/tags") } }
                return try await group.reduce(into: [Answer]()) { $0.append($1) }
            }
            let answer = try #require(answers.first { $0.status == 429 })
            let retry = Int(answer.headers.first(name: "Retry-After") ?? "") ?? 0
            #expect(retry >= 1)
            // Control routes are never limited.
            let stats = try await h.stats()
            #expect((stats["faults"]?["rateLimited"]?.int ?? 0) >= 1)
        }
    }

    @Test func rateLimitedWriteIsNotApplied() async throws {
        // One token a minute: the second call is refused however slowly a busy machine sends them.
        try await Harness.with({ $0.rateLimit = 1.0 / 60 }) { h in
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await h.call(.POST, "/api/v2/messages/send-template", json: Self.sendBody).status)
            }
            let stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == statuses.filter { $0 == 200 }.count)
            #expect(statuses.contains(429))
        }
    }

    @Test func fault429() async throws {
        try await Harness.with({ $0.fault429 = 1 }) { h in
            let a = try await h.call(.POST, "/api/v2/messages/send-template", json: Self.sendBody)
            #expect(a.status == 429)
            #expect(a.headers.first(name: "Retry-After") == "1")
            let stats = try await h.stats()
            #expect(stats["sends"]?["total"]?.int == 0)
        }
    }

    @Test func fault5xx() async throws {
        try await Harness.with({ $0.fault5xx = 1 }) { h in
            var codes: Set<Int> = []
            var appliedCodes: Set<Int> = []
            for _ in 0..<60 {
                let before = try await h.stats()["sends"]?["total"]?.int ?? 0
                let a = try await h.call(.POST, "/api/v2/messages/send-template", json: Self.sendBody)
                codes.insert(a.status)
                if try await h.stats()["sends"]?["total"]?.int ?? 0 > before { appliedCodes.insert(a.status) }
            }
            // 502, 503 and 504 apply a write too, not only 500.
            #expect(appliedCodes == [500, 502, 503, 504])
            #expect(codes == [500, 502, 503, 504])
            let stats = try await h.stats()
            // Some of them were answered after the send was applied, whatever the code: the live API
            // promises nothing about a 5xx.
            let applied = stats["sends"]?["total"]?.int ?? 0
            #expect(applied > 0 && applied < 60)
            #expect(stats["faults"]?["appliedThenFailed"]?.int == applied)
        }
    }

    @Test func faultResetDropsConnection() async throws {
        try await Harness.with({ $0.faultReset = 1 }) { h in
            var failures = 0
            for _ in 0..<6 {
                do {
                    let a = try await h.call(.POST, "/api/v2/messages/send-template", json: Self.sendBody)
                    Issue.record("expected a dropped connection, got HTTP \(a.status)")
                } catch {
                    failures += 1
                }
            }
            #expect(failures == 6)
            let stats = try await h.stats()
            #expect(stats["faults"]?["resets"]?.int == 6)
            let applied = stats["sends"]?["total"]?.int ?? -1
            #expect(applied >= 0 && applied <= 6)
        }
    }

    @Test func faultsAreRepeatableWithTheSeed() async throws {
        var runs: [[Int]] = []
        for _ in 0..<2 {
            try await Harness.with({ $0.fault5xx = 0.5 }) { h in
                var codes: [Int] = []
                for _ in 0..<12 { codes.append(try await h.call(.GET, "/api/v2/tags").status) }
                runs.append(codes)
            }
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].contains(200))
    }
}
