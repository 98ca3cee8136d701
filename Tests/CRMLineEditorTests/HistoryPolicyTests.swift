import CRMCore
import Testing

@testable import CRMLineEditor

@Suite("HistoryPolicy")
struct HistoryPolicyTests {
    private func saves(_ line: String, secrets: [String] = []) -> Bool {
        HistoryPolicy.shouldSave(line, specs: Fixtures.specs, secrets: secrets)
    }

    @Test(arguments: [
        "people --tag vip", "for p in people --tag vip | send-template $tpl", "echo \"hello $name\"",
        "set p = {name: \"Ann\", tags: [\"vip\"]}", "for x in range 1 3 {\n  echo $x\n}", "echo token",
        "profile add demo --url http://127.0.0.1:8080",
    ])
    func normalLinesAreSaved(line: String) {
        #expect(saves(line))
    }

    @Test(arguments: [
        "login ann hunter22", "  login ann hunter22", "people | login x y", "chattonic login ann pw",
        "profile set-token abc", "set-token abc", "echo hi; profile set-token abc",
        "if true { login a b }",
    ])
    func secretCommandsAreNotSaved(line: String) {
        #expect(!saves(line))
    }

    @Test(arguments: [
        "people --token abc", "people --token=abc", "whoami --password pw", "archive --app-token x",
        "profile add demo --api-key k123", "profile add demo --api-key=k123", "echo hi | people --token abc",
    ])
    func secretFlagsAreNotSaved(line: String) {
        #expect(!saves(line))
    }

    @Test func quotedFlagLookalikesAreNotFlags() {
        #expect(saves("echo \"--token\""))
    }

    @Test func knownSecretValuesAreNotSaved() {
        #expect(!saves("echo sk_live_123456", secrets: ["sk_live_123456"]))
        #expect(!saves("set t = \"xx-abcdef-yy\"", secrets: ["abcdef"]))
        // Values shorter than six characters are too common to block lines on.
        #expect(saves("echo abc", secrets: ["abc"]))
    }

    @Test(arguments: ["", "   ", "\n", " echo private", "\techo private"])
    func blankOrSpaceLedLinesAreNotSaved(line: String) {
        #expect(!saves(line))
    }
}

@Suite("HistoryPolicy: long input")
struct HistoryPolicyLongInputTests {
    @Test func longPipelinesAreCheckedInOnePass() {
        let line = Array(repeating: "echo a", count: 5000).joined(separator: " | ")
        #expect(HistoryPolicy.shouldSave(line, specs: Fixtures.specs, secrets: []))
        #expect(!HistoryPolicy.shouldSave(line + " | login a b", specs: Fixtures.specs, secrets: []))
    }
}
