import Foundation
import Testing

@testable import CRMLineEditor

/// The adapter itself needs a real terminal; the lead's tmux test drives it through `crm`. Here we
/// pin only what holds without one.
@Suite("LibEditLineEditor without a terminal")
struct LibEditLineEditorTests {
    @Test(.enabled(if: isatty(0) == 0)) func fallsBackToNilWhenStdinIsNotATerminal() {
        let editor = LibEditLineEditor(programName: "crm", history: nil) { _, cursor in .none(at: cursor) }
        #expect(editor == nil)
    }

    @Test func secretPromptWithoutATerminalIsNil() {
        // Under `swift test` in CI there is no controlling terminal; on a developer's terminal the
        // prompt would wait for input, so only the no-terminal case runs.
        let fd = open("/dev/tty", O_RDWR)
        if fd >= 0 {
            close(fd)
            return
        }
        #expect(TerminalPrompt.readSecret("Token: ") == nil)
    }
}

@Suite("ScriptedLineEditor")
struct ScriptedLineEditorTests {
    @Test func replaysResultsThenEndsAndRecords() {
        let editor = ScriptedLineEditor([.line("echo 1"), .interrupted, .line("{")])
        #expect(editor.readLine(prompt: "crm> ") == .line("echo 1"))
        #expect(editor.readLine(prompt: "crm> ") == .interrupted)
        #expect(editor.readLine(prompt: "crm> ") == .line("{"))
        #expect(editor.readLine(prompt: "...> ") == .eof)
        #expect(editor.readLine(prompt: "crm> ") == .eof)
        editor.addHistory("echo 1")
        #expect(editor.prompts == ["crm> ", "crm> ", "crm> ", "...> ", "crm> "])
        #expect(editor.history == ["echo 1"])
        #expect(ScriptedLineEditor(lines: ["a"]).readLine(prompt: "") == .line("a"))
    }
}
