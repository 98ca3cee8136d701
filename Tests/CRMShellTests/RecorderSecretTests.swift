import Foundation
import Testing

@testable import CRMShell

/// Secret-ness follows the value: a recording re-checks its lines against the tokens known when it
/// is written, not only when each line ran.
@Suite("recording and tokens")
struct RecorderSecretTests {
    /// `set t = "…"` ran (and was kept) before `set-token leeloo $t` made its value a token.
    @Test func aLineHoldingATokenKnownAtStopIsLeftOut() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).crm").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let recorder = Recorder()
        _ = try recorder.start(path: file, profile: "demo", at: nil)
        recorder.add("set t = \"tok-abcdef-123\"")
        recorder.add("echo hi")
        let (_, count) = try recorder.stop(at: nil, secrets: ["tok-abcdef-123"])
        #expect(count == 1)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("tok-abcdef-123"))
        #expect(text.contains("echo hi"))
    }
}
