import CRMCore
import Testing

@testable import CRMShell

@Suite("crm command line")
struct LaunchOptionsTests {
    @Test func resumeTakesOptionsBeforeAndAfterTheRunID() throws {
        let after = try LaunchOptions.parse(["resume", "r1", "--yes", "--concurrency", "8"])
        guard case .resume(let id) = after.mode else {
            Issue.record("not resume: \(after.mode)")
            return
        }
        #expect(id == "r1")
        #expect(after.settings.yes)
        #expect(after.settings.concurrency == 8)
        let before = try LaunchOptions.parse(["--yes", "resume", "r1"])
        #expect(before.settings.yes)
        #expect(throws: CRMError.self) { try LaunchOptions.parse(["resume", "r1", "extra.crm"]) }
    }
}
