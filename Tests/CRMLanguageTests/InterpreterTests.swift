import CRMBuiltins
import CRMCore
import CRMLanguage
import Testing

/// The public `Interpreter` API as the REPL uses it: one `run` per line, state kept between.
@Suite struct InterpreterTests {
    func make() -> (Interpreter, TestHost) {
        let host = TestHost()
        return (Interpreter(commands: CommandRegistry(Builtins.commands()), host: host), host)
    }

    @Test func globalsAndFunctionsPersistAcrossRuns() async throws {
        let (i, host) = make()
        try await i.run("set total = 1", file: "<repl>")
        try await i.run("def twice(x) { return $x * 2 }", file: "<repl>")
        try await i.run("set total = twice $total", file: "<repl>")
        try await i.run("echo $total", file: "<repl>")
        #expect(host.stdout == ["2"])
        #expect(i.variableSnapshot == ["total": .int(2)])
        #expect(i.functionNames == ["twice"])
    }

    @Test func syntaxErrorsRunNothing() async {
        let (i, host) = make()
        await #expect(throws: SyntaxErrors.self) { try await i.run("echo one\necho (", file: "<repl>") }
        #expect(host.stdout.isEmpty)
    }

    @Test func unknownCommandRunsNothing() async {
        let (i, host) = make()
        do {
            try await i.run("echo one\nnope", file: "<repl>")
            Issue.record("expected an error")
        } catch let e as SyntaxErrors {
            #expect(e.errors.count == 1)
            #expect(e.errors.first?.rendered.hasPrefix("<repl>:2:1: Unknown command 'nope'") == true)
            #expect(e.errors.first?.exitStatus == .usage)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(host.stdout.isEmpty)
    }

    @Test func exitThrowsExitRequest() async {
        let (i, _) = make()
        do {
            try await i.run("exit 7", file: "<repl>")
            Issue.record("expected exit")
        } catch let e as ExitRequest {
            #expect(e.status == 7)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func cancellationIsInterrupted() async {
        let (i, _) = make()
        let task = Task { try await i.run("for n in range 1 1000000000 { set x = $n }", file: "<repl>") }
        task.cancel()
        do {
            try await task.value
            Issue.record("expected an interruption")
        } catch let e as CRMError {
            #expect(e == .interrupted)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func scriptRunnerReportsInterruptionAs130() async {
        let task = Task { await TestHost.run("for n in range 1 1000000000 { set x = $n }") }
        task.cancel()
        let r = await task.value
        #expect(r.status == 130)
        #expect(r.stderr == ["Interrupted."])
    }
}
