import Foundation
import Testing

/// End-to-end: the standard library pieces that need the real host (stdin, exit statuses).
@Suite("crm binary, script standard library")
struct ScriptStdlibTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("crm-e2e-\(UUID().uuidString)").path

    var env: [String: String] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state"]
    }

    @Test func openDashReadsStandardInput() async throws {
        let text = try await CRMBinary.runAsync(["-c", "open - | lines | length"], stdin: "a\nb\n", env: env)
        #expect(text.out == "2\n")
        #expect(text.status == 0)
        let csv = try await CRMBinary.runAsync(
            ["-c", "open - --as csv | get phone | to json --compact"], stdin: "name,phone\nAnn,+3805\n", env: env)
        #expect(csv.out == "[\"+3805\"]\n")
    }

    @Test func failedAssertExitsTen() async throws {
        let r = try await CRMBinary.runAsync(["-c", "set n = 0\nassert ($n > 0) \"no people\"\necho never"], env: env)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("no people"))
        #expect(r.status == 10)
    }

    @Test func inputWithoutTerminalUsesDefault() async throws {
        let r = try await CRMBinary.runAsync(["-c", "input \"Name? \" --default Ann"], env: env)
        #expect(r.out == "Ann\n")
        let e = try await CRMBinary.runAsync(["-c", "input \"Name? \""], env: env)
        #expect(e.status == 1)
        #expect(e.err.contains("'input' needs a terminal"))
    }
}
