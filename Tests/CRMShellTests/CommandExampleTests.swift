import CRMCore
import Foundation
import Testing

@testable import CRMShell

/// Every command's declared examples run against the sandbox (the issue's "examples are tests").
@Suite("command examples against the sandbox", .serialized)
struct CommandExampleTests {
    static let examples: [(command: String, line: String)] = ShellRegistry.make().allSpecs.flatMap { spec in
        spec.examples.map { (spec.name, $0) }
    }

    /// The request count written beside an example, as a trailing comment (`… # requests: 4`);
    /// an example without one must send nothing. A loop that was meant to send one request but
    /// sends four (`for c in connections | first 1 | …`) fails here.
    static func declaredRequests(_ line: String) -> Int {
        guard let r = line.range(of: "# requests: ", options: .backwards) else { return 0 }
        return Int(line[r.upperBound...].trimmingCharacters(in: .whitespaces)) ?? -1
    }

    static func requestTotal(_ h: ShellHarness) async throws -> Int {
        try await h.stats()[field: "requests"]?[field: "total"]?.intValue ?? 0
    }

    @Test func everyCommandHasAnExample() {
        let missing = ShellRegistry.make().allSpecs.filter { $0.examples.isEmpty }.map(\.name)
        #expect(missing.isEmpty, "no examples: \(missing)")
    }

    @Test func examplesRun() async throws {
        setenv("CRM_DEMO_PASSWORD", "demo", 1)  // the login example reads its password from here
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        var failures: [String] = []
        for (name, line) in Self.examples {
            // A fresh config per example: `profile add` in one must not change the next one's profile.
            let config = h.stateDir.appendingPathComponent("config-\(UUID().uuidString)").path
            let before = try await Self.requestTotal(h)
            let r = try await h.run(line, extraEnv: ["XDG_CONFIG_HOME": config])
            if r.status != 0 { failures.append("\(name): `\(line)` → \(r.status): \(r.err)") }
            let sent = try await Self.requestTotal(h) - before
            if sent != Self.declaredRequests(line) {
                failures.append(
                    "\(name): `\(line)` sent \(sent) requests; its declaration says \(Self.declaredRequests(line))")
            }
        }
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(Self.examples.count) examples failed:\n\(failures.joined(separator: "\n"))")
    }
}
