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

@Suite("PromptText")
struct PromptTextTests {
    @Test func plainPromptsAreUnchanged() {
        #expect(PromptText.markingInvisible("crm:demo> ") == "crm:demo> ")
        #expect(PromptText.markingInvisible("") == "")
    }

    @Test func colourSequencesAreBracketed() {
        #expect(
            PromptText.markingInvisible("\u{1B}[31mcrm:prod\u{1B}[0m> ")
                == "\u{01}\u{1B}[31m\u{01}crm:prod\u{01}\u{1B}[0m\u{01}> ")
        #expect(PromptText.markingInvisible("\u{1B}]0;title\u{07}> ") == "\u{01}\u{1B}]0;title\u{07}\u{01}> ")
    }

    @Test func truncatedSequencesAndStrayDelimitersAreSafe() {
        #expect(PromptText.markingInvisible("a\u{1B}") == "a\u{1B}")
        #expect(PromptText.markingInvisible("a\u{1B}[3") == "a\u{01}\u{1B}[3\u{01}")
        #expect(PromptText.markingInvisible("a\u{01}b") == "ab")
    }
}
