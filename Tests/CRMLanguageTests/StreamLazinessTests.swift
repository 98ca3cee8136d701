import CRMBuiltins
import CRMCore
import Foundation
import Testing

/// Counts how many items a test source hands out.
final class PullCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// Proves filters stay lazy: a `src` command streams 1,000 records `{n: 1…}` and counts pulls.
@Suite struct StreamLazinessTests {
    func run(_ script: String) async -> (pulls: Int, stdout: [String], stderr: [String]) {
        let counter = PullCounter()
        let src = Command(CommandSpec("src", group: "test", summary: "Counting source.")) { _, _, _ in
            .stream(
                RecordStream(label: "src") {
                    var n = 0
                    return RecordCursor {
                        guard n < 1000 else { return nil }
                        n += 1
                        counter.increment()
                        return .record(Record([("n", .int(n))]))
                    }
                })
        }
        var registry = CommandRegistry(Builtins.commands())
        registry.register([src])
        let r = await TestHost.run(script, commands: registry)
        return (counter.value, r.stdout, r.stderr)
    }

    @Test func firstStopsPulling() async {
        let r = await run("src | first 3 | count")
        #expect(r.stdout == ["3"])
        #expect(r.pulls == 3)
    }

    @Test func variableSourceFirst() async {
        let r = await run("src | first 3")
        #expect(r.pulls == 3)
        #expect(r.stdout.count == 3)
    }

    @Test func whereIsLazy() async {
        let r = await run("src | where n > 5 | first 2 | count")
        #expect(r.stdout == ["2"])
        #expect(r.pulls == 7)
    }

    @Test func selectIsLazy() async {
        let r = await run("src | select n | first 2 | count")
        #expect(r.pulls == 2)
    }

    @Test func eachIsLazy() async {
        let r = await run("src | each { $it.n * 2 } | first 4 | count")
        #expect(r.stdout == ["4"])
        #expect(r.pulls == 4)
    }

    @Test func forLoopBreakStopsPulling() async {
        let r = await run("for x in src { if $x.n == 3 { break } }")
        #expect(r.pulls == 3)
    }

    @Test func setCollectsOnlyWhatIsNeeded() async {
        let r = await run("set xs = src | where n % 2 == 0 | first 5\necho ($xs | count)")
        #expect(r.stdout == ["5"])
        #expect(r.pulls == 10)
    }
}
