import CRMBuiltins
import CRMCore
import Testing

@testable import CRMLanguage

@Suite struct ResolverTests {
    func resolve(_ s: String) throws -> (statements: [Stmt], errors: [String], globals: Globals) {
        let globals = Globals()
        var r = Resolver(
            commands: CommandRegistry(Builtins.commands()), globals: globals, functions: [:], file: "r.crm",
            readSource: { p, _ in throw CRMError("source.missing", "Cannot read '\(p)'.", exit: .usage) })
        let program = r.resolveProgram(try Parser.parse(s, file: "r.crm"))
        return (program.statements, r.errors.map(\.rendered), globals)
    }

    @Test func topLevelSetIsGlobalLoopVariableIsLocal() throws {
        let r = try resolve("set s = 0\nfor i in range 1 3 { set s = $s + $i }")
        guard case .assign(let s, _, _) = r.statements[0], case .forBlock(let i, _, let body) = r.statements[1],
            case .assign(let inner, _, _) = body.statements[0]
        else {
            Issue.record("unexpected shape")
            return
        }
        #expect(s.slot == .global(0))
        #expect(i.slot == .local(0))
        #expect(inner.slot == .global(0))
    }

    @Test func twoWordCommandsResolveFirst() throws {
        let r = try resolve("echo {} | to json")
        guard case .pipeline(let p) = r.statements[0], case .call(let c) = p.elements[1],
            case .command(let cmd) = c.target
        else {
            Issue.record("unexpected shape")
            return
        }
        #expect(cmd.spec.name == "to json")
        #expect(c.arguments.isEmpty)
    }

    @Test func unknownCommandsAreAllReported() throws {
        let r = try resolve("echo ok\nechoo hi\nif false { cuont }")
        #expect(
            r.errors == [
                "r.crm:2:1: Unknown command 'echoo'. Did you mean 'echo'?",
                "r.crm:3:12: Unknown command 'cuont'. Did you mean 'count'?",
            ])
    }

    @Test func specialVariables() throws {
        let r = try resolve("echo $args $1 $env")
        guard case .pipeline(let p) = r.statements[0], case .call(let c) = p.elements[0] else { return }
        let slots = c.arguments.compactMap { a -> Slot? in
            if case .value(.variable(let v), _) = a { return v.slot }
            return nil
        }
        #expect(slots == [.args, .arg(1), .env])
    }

    @Test func returnOutsideDefIsAnError() throws {
        #expect(try resolve("return 1").errors == ["r.crm:1:1: 'return' outside a 'def'."])
    }
}
