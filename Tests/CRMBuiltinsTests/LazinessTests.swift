import CRMBuiltins
import CRMCore
import Testing

@Suite("Every lazy filter pulls only what `first` asks for")
struct LazinessTests {
    /// Commands that must stay lazy on a stream, with their arguments.
    static let lazy: [(String, [Value])] = [
        ("select", ["n"]), ("get", ["n"]), ("uniq", []), ("skip", [1]), ("flatten", []), ("merge", [["x": 1]]),
        ("values", []), ("append", [9]), ("where", []), ("each", []),
    ]

    @Test(arguments: lazy.map(\.0))
    func staysLazy(name: String) async throws {
        let counter = PullCounter()
        let ctx = FakeContext()
        var raw = (Self.lazy.first { $0.0 == name }?.1 ?? []).map(arg)
        if name == "where" { raw.append(ctx.predicate { _ in true }) }
        if name == "each" { raw.append(ctx.block { it, _ in .value(it) }) }
        let source = counter.stream().wrapping { c in
            RecordCursor(onClose: { c.close() }) { try await c.next().map { ["n": $0] } }
        }
        let out = try await run(name, raw, input: .stream(source), ctx: ctx)
        guard case .stream = out else {
            Issue.record("'\(name)' did not return a stream")
            return
        }
        #expect(counter.pulls == 0)
        let two = try await run("first", [arg(2)], input: out).collect()
        #expect(two.listValue?.count == 2)
        #expect(counter.pulls <= 3, "'\(name)' pulled \(counter.pulls)")
        #expect(counter.closes == 1)
    }

    @Test func getWithLeadingIndexPullsOnlyToTheItem() async throws {
        let counter = PullCounter()
        #expect(try await value("get", [arg(2)], input: .stream(counter.stream())) == 3)
        #expect(counter.pulls == 3)
        #expect(counter.closes == 1)
    }

    @Test func errorsInsideTheStreamCarryTheLocation() async throws {
        let out = try await run("get", [arg("name")], input: .stream(.of([["name": "A"], 5])))
        let e = await error { _ = try await out.collect() }
        #expect(e?.rendered == "t.crm:3:14: Cannot get field 'name' of a value of type 'int' in item 2.")
    }

    @Test func lastKeepsOnlyAWindow() async throws {
        let r = try await run("range", [arg(1), arg(1000)])
        #expect(try await value("last", [arg(3)], input: r) == [998, 999, 1000])
        #expect(try await value("last", [arg(0)], input: .value([1, 2])) == [])
    }
}
