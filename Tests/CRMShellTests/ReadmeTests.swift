import CRMCore
import Foundation
import Testing

@testable import CRMShell

/// The README stays true: its command table is the declarations' table, and it documents every exit code.
@Suite("README")
struct ReadmeTests {
    static let readme: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }()

    @Test func commandTableMatchesTheDeclarations() throws {
        let text = try #require(Self.readme)
        let begin = try #require(text.range(of: "<!-- commands:begin -->\n"))
        let end = try #require(text.range(of: "\n<!-- commands:end -->"))
        let table = String(text[begin.upperBound..<end.lowerBound])
        let specs = ShellRegistry.make().allSpecs
        #expect(table == HelpText.markdownTable(specs), "regenerate with: crm -c 'help --markdown'")
    }

    @Test(arguments: CRMCore.ExitStatus.allCases) func everyExitCodeIsDocumented(_ status: CRMCore.ExitStatus) throws {
        let text = try #require(Self.readme)
        #expect(text.contains("| \(status.rawValue) |"))
    }
}
