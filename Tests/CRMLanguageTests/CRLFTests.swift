import CRMCore
import Testing

@testable import CRMLanguage

/// Scripts saved with Windows line endings run as if they had `\n` ones; a lone `\r` inside a
/// string is kept.
@Suite struct CRLFTests {
    @Test func crlfIsANewline() {
        var l = Lexer("set x = 1\r\necho $x # note\r\necho \"a\rb\"\r\n", file: "t")
        let t = l.tokenize()
        #expect(l.errors.isEmpty)
        #expect(t.filter { $0.kind == .newline }.count == 3)
        #expect(t.last.map { ($0.line, $0.column) } ?? (0, 0) == (4, 1))
        #expect(t.first { $0.kind == .string }?.parts == [.literal("a\rb")])
    }

    @Test func crlfScriptRuns() async {
        let r = await TestHost.run("set x = 1\r\nif $x == 1 {\r\n  echo \"one\" # c\r\n}\r\necho ($x + 1)\r\n")
        #expect(r.stderr == [])
        #expect(r.stdout == ["one", "2"])
        #expect(r.status == 0)
    }
}
