import CRMCore
import Foundation
import Synchronization
import Testing

@testable import CRMClient
@testable import CRMSandbox

/// Issue 11: a hostile server. A local server answers every request with a seeded random status,
/// headers (`Retry-After`, `RateLimit-*`, `Content-Length`, `Content-Type`, `Location`) and body
/// (truncated, wrong types, huge numbers, deep nesting), while the client runs what `people |
/// count`, `people | first 3`, `tags` and a small bulk send run. Nothing may crash (a trap kills
/// the test runner, which is the point), every failure is a `CRMError`, no token is printed.
///
/// `CRM_FUZZ_ROUNDS` raises the round count (default 1,000: a few seconds); `CRM_FUZZ_SEED` changes the seed.
@Suite struct ServerFuzzTests {
    static let token = HostileReplies.token

    @Test func aHostileServerNeverCrashesOrLeaks() async throws {
        let env = ProcessInfo.processInfo.environment
        let rounds = env["CRM_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 1000
        let seed = env["CRM_FUZZ_SEED"].flatMap { UInt64($0) } ?? 11
        let server = try ScriptedServer { _, i in HostileReplies.reply(seed: seed, index: i) }
        defer { server.stop() }
        var o = quickOptions(attempts: 2)
        o.requestTimeout = 5
        let run = UUID().uuidString
        var failures: [String: Int] = [:]
        var ok = 0
        for round in 0..<rounds {
            // A profile per round: what one round's server taught the rate scheduler (a policy
            // of 10 requests/s, a 429) must not slow the next thousand rounds down.
            let p = Profile(
                name: "fuzz-\(run)-\(round)", safetyClass: .demo, leelooURL: server.baseURL, leelooToken: Self.token,
                chattonicURL: server.baseURL, chattonicCodename: "demo", chattonicToken: Self.token)
            let svc = HTTPAPIService(profile: p, options: o, notice: { _ in })
            let outcome = await crmError {
                switch round % 4 {
                case 0:  // people | count
                    let c = svc.stream(
                        APIRequest(.leeloo, "GET", "/api/v2/people"), paging: .leelooOffset(pageSize: 5), limit: nil
                    ).makeCursor()
                    for _ in 0..<10_000 { if try await c.next() == nil { break } }
                case 1:  // people | first 3
                    let c = svc.stream(
                        APIRequest(.leeloo, "GET", "/api/v2/people"), paging: .leelooOffset(pageSize: 5), limit: 3
                    ).makeCursor()
                    for _ in 0..<3 { _ = try await c.next() }
                case 2:  // tags
                    _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/tags"))
                default:  // one send of a small bulk run
                    var r = APIRequest(.leeloo, "POST", "/api/v2/people/\(round)/messages")
                    r.body = .json(["templateId": "t1"])
                    _ = try await svc.send(r)
                }
            }
            guard let e = outcome else {
                ok += 1
                continue
            }
            #expect(e.code != "test.unexpected", "round \(round): not a CRMError: \(e.message)")
            #expect(!e.message.isEmpty)
            let text = e.message + (e.help ?? "")
            #expect(!text.contains("QZXWV"), "round \(round) leaked the token: \(text)")
            failures[e.code, default: 0] += 1
        }
        #expect(ok > 0)
        #expect(failures.values.reduce(0, +) > 0)
    }
}
