import CRMCore
import Testing

@testable import CRMLanguage

@Suite struct ParserTests {
    func errors(_ s: String) -> [String] {
        do {
            _ = try Parser.parse(s, file: "p.crm")
            return []
        } catch let e as SyntaxErrors {
            return e.errors.map(\.rendered)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func parsesTheIssueExample() throws {
        let source = """
            set n = 3
            set name = "Ann"
            echo "hello $name, ${n} times"
            set p = {name: "Ann", tags: ["vip", "new"], accounts: [{account_id: "a1"}]}
            echo $p.accounts[0].account_id
            set total = $n * 2 + 1
            if $total > 5 { echo big } else { echo small }
            for x in range 1 5 { echo $x }
            for x in range 1 3 | echo "item $x"
            def greet(who) { echo "hi $who" }
            greet Ann
            $people | where age >= 18 | count
            $people | sort-by age --reverse | first 1 | get name
            $people | each { echo $it.name }
            source other.crm
            exit 3
            """
        let statements = try Parser.parse(source, file: "x.crm")
        #expect(statements.count == 16)
        guard case .forCard(let v, let src, let body) = statements[8] else {
            Issue.record("expected a card-form for")
            return
        }
        #expect(v.name == "x")
        #expect(src.elements.count == 1)
        #expect(body.elements.count == 1)
    }

    @Test func reportsEveryErrorWithPosition() {
        #expect(
            errors("set = 1\necho ok\nlet y 2\n") == [
                "p.crm:1:5: Expected a variable name after 'set', found '='.",
                "p.crm:3:7: Expected '=' after 'let y', found '2'.",
            ])
    }

    @Test func unclosedBlock() {
        #expect(errors("if true {\n echo x\n") == ["p.crm:1:9: Unclosed '{': expected '}' before end of input."])
    }

    @Test func commandAfterPipeRequired() {
        #expect(errors("echo x | 3") == ["p.crm:1:10: Expected a command after '|', found '3'."])
    }

    @Test func whereTakesOneExpression() {
        #expect(
            errors("echo x | where a > 1 b") == [
                "p.crm:1:22: Expected '|' or end of line after the 'where' condition, found 'b'."
            ])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        #expect(!errors("echo " + String(repeating: "{", count: 10_000)).isEmpty)
        let deep = String(repeating: "each { ", count: 10_000)
        #expect(errors("echo 1 | " + deep).first?.contains("Nesting is too deep") == true)
        let lists = String(repeating: "[", count: 10_000)
        #expect(errors("echo " + lists).first?.contains("Nesting is too deep") == true)
        let parens = String(repeating: "(", count: 10_000)
        #expect(errors("echo " + parens).first?.contains("Nesting is too deep") == true)
        let blocks = String(repeating: "if true { ", count: 5_000)
        #expect(errors(blocks).first?.contains("Nesting is too deep") == true)
        let chain = "echo (" + Array(repeating: "1", count: 5_000).joined(separator: " + ") + ")"
        #expect(errors(chain).first?.contains("too long") == true)
    }

    @Test func recordVersusBlock() throws {
        let statements = try Parser.parse("echo {a: 1} | each { echo $it }", file: "x")
        guard case .pipeline(let p) = statements[0], case .call(let echo) = p.elements[0],
            case .call(let each) = p.elements[1]
        else {
            Issue.record("expected a pipeline of two calls")
            return
        }
        guard case .value(.record, _) = echo.arguments[0], case .block = each.arguments[0] else {
            Issue.record("expected a record argument and a block argument")
            return
        }
    }

    @Test func elseMayFollowOnTheNextLine() {
        #expect(errors("if true {\n echo a\n}\nelse {\n echo b\n}") == [])
    }
}
