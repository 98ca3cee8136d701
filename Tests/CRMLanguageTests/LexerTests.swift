import CRMCore
import Testing

@testable import CRMLanguage

@Suite struct LexerTests {
    func kinds(_ s: String) -> [TokenKind] {
        var l = Lexer(s, file: "t")
        return l.tokenize().map(\.kind)
    }

    @Test func wordsNumbersAndOperators() {
        #expect(
            kinds("set total = $n * 2 + 1") == [.word, .word, .assign, .variable, .star, .number, .plus, .number, .eof])
        #expect(
            kinds("a == b != c <= d >= e < f > g") == [
                .word, .eq, .word, .ne, .word, .le, .word, .ge, .word, .lt, .word, .gt, .word, .eof,
            ])
    }

    @Test func flagsAndMinus() {
        var l = Lexer("sort-by age --reverse -n 3 - 1 --step=2", file: "t")
        let t = l.tokenize()
        #expect(t.map(\.kind) == [.word, .word, .flag, .flag, .number, .minus, .number, .flag, .assign, .number, .eof])
        #expect(t[0].text == "sort-by")
        #expect(t[2].text == "--reverse")
        #expect(t[3].text == "-n")
    }

    @Test func fieldPaths() {
        var l = Lexer("$p.accounts[0].account_id", file: "t")
        let t = l.tokenize()
        #expect(t.map(\.kind) == [.variable, .dot, .word, .lbracket, .number, .rbracket, .dot, .word, .eof])
        #expect(t[2].text == "accounts")
        #expect(t[7].text == "account_id")
    }

    @Test func wordsMayContainDotsAndSlashes() {
        var l = Lexer("source lib/helpers.inc ./x.crm 2024-01-01", file: "t")
        let t = l.tokenize()
        #expect(t.map(\.text).dropLast() == ["source", "lib/helpers.inc", "./x.crm", "2024-01-01"])
    }

    @Test func interpolationParts() {
        var l = Lexer(#""hello $name, ${n} times \$x""#, file: "t")
        let t = l.tokenize()
        #expect(
            t[0].parts == [
                .literal("hello "), .variable("name", line: 1, column: 8), .literal(", "),
                .expression("n", line: 1, column: 17), .literal(" times $x"),
            ])
    }

    @Test func singleQuotesAreLiteral() {
        var l = Lexer("'a $b ${c}'", file: "t")
        #expect(l.tokenize()[0].parts == [.literal("a $b ${c}")])
    }

    @Test func positionsAndErrors() {
        var l = Lexer("echo ok\n  echo \"open", file: "f.crm")
        let t = l.tokenize()
        #expect(t[3].line == 2 && t[3].column == 3)
        #expect(l.errors.map(\.rendered) == ["f.crm:2:8: Unterminated string: missing closing '\"'."])
    }

    @Test func hugeNumberIsLeftToTheParser() {
        // Too large for a number: an error in an expression, a word in command arguments.
        var l = Lexer("99999999999999999999", file: "f")
        let tokens = l.tokenize()
        #expect(l.errors.isEmpty)
        #expect(tokens.first?.kind == .number)
        #expect(tokens.first?.number == .null)
    }

    @Test func commentsAreSkipped() {
        #expect(kinds("echo a # comment $x {") == [.word, .word, .eof])
    }
}
