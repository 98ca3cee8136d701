import Testing

@testable import CRMSandbox

@Suite("Sandbox command line and routes")
struct SandboxCLITests {
    @Test func parsesEveryFlag() throws {
        let o = try SandboxCLI.parse([
            "--port", "8080", "--seed", "9", "--people", "100000", "--vip-fraction", "0.1", "--latency-ms", "2",
            "--rate-limit", "200", "--fault-5xx", "0.1", "--fault-429=0.05", "--fault-reset", "0.02",
            "--leeloo-token", "L", "--chattonic-token", "C", "--app-token", "A",
        ])
        #expect(o.port == 8080 && o.seed == 9 && o.people == 100_000 && o.vipFraction == 0.1 && o.latencyMs == 2)
        #expect(o.rateLimit == 200 && o.fault5xx == 0.1 && o.fault429 == 0.05 && o.faultReset == 0.02)
        #expect(o.leelooToken == "L" && o.chattonicToken == "C" && o.chattonicAppToken == "A")
    }

    @Test func extensionsAndDriftAreSwitchesOffByDefault() throws {
        let off = try SandboxCLI.parse(["--port", "0"])
        #expect(!off.extensions && !off.drift)
        let on = try SandboxCLI.parse(["--extensions", "--drift", "--people", "10"])
        #expect(on.extensions && on.drift && on.people == 10)
        #expect(throws: SandboxCLI.UsageError.self) { try SandboxCLI.parse(["--extensions=yes"]) }
        #expect(SandboxCLI.usage.contains("  --extensions ") && SandboxCLI.usage.contains("  --drift "))
    }

    @Test func latencyJitterIsDrawnFromTheSeedInArrivalOrder() throws {
        let o = try SandboxCLI.parse(["--latency-ms", "2", "--latency-jitter-ms=30", "--seed", "5"])
        #expect(o.latencyJitterMs == 30)
        let a = SandboxEngine(options: o)
        let b = SandboxEngine(options: o)
        let delays = (0..<200).map { _ in a.nextLatencyMs() }
        #expect(delays == (0..<200).map { _ in b.nextLatencyMs() })
        #expect(delays.allSatisfy { (2...32).contains($0) })
        #expect(Set(delays).count > 10)
        #expect(SandboxEngine(options: SandboxOptions()).nextLatencyMs() == 0)
    }

    @Test(arguments: [
        (["--prot", "1"], "Unknown option '--prot' for 'crm sandbox'. Did you mean '--port'?"),
        (["--port", "x"], "Option '--port' expects a whole number from 0 to 65535, not 'x'."),
        (["--fault-5xx", "2"], "Option '--fault-5xx' expects a probability from 0 to 1, not '2'."),
        (["--seed"], "Option '--seed' needs a value."),
    ])
    func rejectsBadInput(args: [String], message: String) {
        #expect {
            _ = try SandboxCLI.parse(args)
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test func bannerNamesURLsAndTokens() async throws {
        try await Harness.with { h in
            let text = SandboxCLI.banner(h.server)
            #expect(text.contains(h.server.leelooBaseURL))
            #expect(text.contains(h.server.chattonicBaseURL))
            #expect(text.contains("sandbox-leeloo-token") && text.contains("sandbox-app-token"))
            #expect(text.contains("export CRM_LEELOO_URL="))
            #expect(h.server.port > 0)
        }
    }

    @Test func routesAreUniqueAndDocumented() {
        let routes = SandboxServer.routes
        #expect(Set(routes.map { $0.method + " " + $0.path }).count == routes.count)
        #expect(routes.contains { $0 == ("GET", "/api/v2/people/{person_id}") })
        #expect(routes.contains { $0 == ("GET", "/api/v1/{codename}/lead/records") })
        #expect(routes.contains { $0 == ("POST", "/api/v1/user/login") })
        #expect(routes.count >= 55)
    }

    @Test func everyRouteAnswersWithoutCrashing() async throws {
        try await Harness.with { h in
            for route in SandboxServer.routes {
                let chattonic = route.path.contains("{codename}") || route.path == "/api/v1/user/login"
                let path = route.path.replacingOccurrences(of: "{codename}", with: "demo")
                    .replacingOccurrences(of: "{", with: "x").replacingOccurrences(of: "}", with: "")
                let a = try await h.call(
                    .init(rawValue: route.method), path, chattonic: chattonic, json: route.method == "GET" ? nil : "{}")
                #expect([200, 400, 401, 404].contains(a.status), "\(route.method) \(route.path) -> \(a.status)")
                #expect(a.json != nil, "\(route.method) \(route.path) answered non-JSON")
            }
        }
    }
}
