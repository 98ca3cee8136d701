import CRMBuiltins
import CRMCore
import CRMLanguage
import Testing

/// Every example a built-in command declares must parse and resolve (the seam between the
/// language and the commands), and should run without error.
@Suite struct BuiltinExamplesTests {
    static let examples: [String] = Builtins.commands().flatMap(\.spec.examples)

    @Test(arguments: examples)
    func exampleRuns(_ example: String) async {
        let r = await TestHost.run(example, file: "example.crm")
        #expect(r.status == 0, "\(example): \(r.stderr)")
    }
}
