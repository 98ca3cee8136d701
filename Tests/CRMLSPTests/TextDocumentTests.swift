import CRMCore
import CRMLSP
import Testing

/// The lexer counts `Character`s from 1; LSP counts UTF-16 units from 0.
@Suite("LSP UTF-16 positions")
struct TextDocumentTests {
    let doc = TextDocument(
        uri: "file:///t.crm", version: 1, text: "set имя = \"Ann\"\necho 😀 $x\r\nset 👩‍👩‍👧 = 1\n\necho Ж")

    @Test func asciiAndCyrillicAreOneUnitEach() {
        #expect(doc.position(line: 1, column: 1) == LSPPosition(line: 0, character: 0))
        #expect(doc.position(line: 1, column: 5) == LSPPosition(line: 0, character: 4))
        // `=` after "set имя " is the 9th character and the 9th unit.
        #expect(doc.position(line: 1, column: 9) == LSPPosition(line: 0, character: 8))
        #expect(doc.characterOffset(of: LSPPosition(line: 0, character: 8)) == 8)
    }

    @Test func emojiIsTwoUnitsAndOneColumn() {
        // "echo 😀 $x": `$` is column 8, after a 2-unit emoji: unit 8.
        #expect(doc.position(line: 2, column: 8) == LSPPosition(line: 1, character: 8))
        #expect(doc.characterOffset(of: LSPPosition(line: 1, character: 8)) == 7)
        // Inside the surrogate pair: the emoji's own column.
        #expect(doc.characterOffset(of: LSPPosition(line: 1, character: 6)) == 5)
    }

    @Test func zwjSequenceIsOneColumnManyUnits() {
        // "set 👩‍👩‍👧 = 1": the family emoji is 8 UTF-16 units; `=` is column 7.
        #expect(doc.position(line: 3, column: 7) == LSPPosition(line: 2, character: 13))
        #expect(doc.characterOffset(of: LSPPosition(line: 2, character: 13)) == 6)
    }

    @Test func crlfEndsALineAndPositionsClampToTheLine() {
        #expect(doc.lineText(1) == "echo 😀 $x")
        #expect(doc.lineCount == 5)
        #expect(doc.position(line: 2, column: 999) == LSPPosition(line: 1, character: 10))
        #expect(doc.characterOffset(of: LSPPosition(line: 99, character: 3)) == 0)
    }

    @Test func wordRangeCoversAVariableAfterAnEmoji() {
        let range = doc.wordRange(at: SourceLocation(file: "t", line: 2, column: 8))
        #expect(range.start == LSPPosition(line: 1, character: 8))
        #expect(range.end == LSPPosition(line: 1, character: 10))
        let cyr = doc.wordRange(at: SourceLocation(file: "t", line: 5, column: 6))
        #expect(cyr.end == LSPPosition(line: 4, character: 6))
    }
}
