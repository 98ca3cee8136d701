import CRMBuiltins
import CRMCore
import Testing

@Suite("echo, range, describe, collect and text helpers")
struct CoreCommandTests {
    @Test func echo() async throws {
        #expect(try await value("echo", [arg("hello"), arg("world")]) == "hello world")
        #expect(try await value("echo", [arg(["a": 1])]) == ["a": 1])
        #expect(try await value("echo", [arg("n ="), arg(3)]) == "n = 3")
        #expect(try await value("echo") == "")
    }

    @Test(
        arguments: [
            (1, 5, nil, [1, 2, 3, 4, 5]), (3, 1, nil, [3, 2, 1]), (0, 10, 5, [0, 5, 10]),
            (10, 0, -4, [10, 6, 2]), (2, 2, nil, [2]),
        ] as [(Int, Int, Int?, [Int])])
    func range(from: Int, to: Int, step: Int?, expected: [Int]) async throws {
        var raw = [arg(.int(from)), arg(.int(to))]
        if let step { raw += [flag("step"), arg(.int(step))] }
        #expect(try await value("range", raw) == .list(expected.map(Value.int)))
    }

    @Test func rangeStepZeroAndOverflow() async throws {
        let e = await error { _ = try await value("range", [arg(1), arg(3), flag("step", 0)]) }
        #expect(e?.message == "'range' needs a step other than 0.")
        let top = try await value("range", [arg(.int(Int.max - 1)), arg(.int(Int.max))])
        #expect(top == [.int(Int.max - 1), .int(Int.max)])
    }

    @Test func describe() async throws {
        #expect(try await value("describe", input: .value(["a": 1, "b": "x"])) == "record<a, b>")
        #expect(try await value("describe", input: .value([1, 2])) == "list<int>")
        #expect(try await value("describe", input: .value([1, "x"])) == "list<any>")
        #expect(try await value("describe", input: .value(2.5)) == "double")
        #expect(try await value("describe", input: .stream(.of([]))) == "stream")
        #expect(try await value("describe", input: .empty) == "nothing")
    }

    @Test func collect() async throws {
        let out = try await run("collect", input: .stream(.of([1, 2])))
        guard case .value(let v) = out else {
            Issue.record("expected a value")
            return
        }
        #expect(v == [1, 2])
        #expect(try await value("collect", input: .empty) == [])
    }

    @Test func textHelpers() async throws {
        #expect(try await value("lines", input: .value("a\r\nb\n\nc\n")) == ["a", "b", "", "c"])
        #expect(try await value("split", [arg(",")], input: .value("a,b,,c")) == ["a", "b", "", "c"])
        #expect(try await value("split", [arg("::")], input: .value("a::b")) == ["a", "b"])
        #expect(try await value("split", input: .value("  one  two ")) == ["one", "two"])
        #expect(try await value("join", [arg(", ")], input: .stream(.of([1, "b", nil]))) == "1, b, ")
        #expect(try await value("upcase", input: .value("straße")) == "STRASSE")
        #expect(try await value("downcase", input: .value(["A", "Bé"])) == ["a", "bé"])
        #expect(try await value("trim", input: .value("\t hi \n")) == "hi")
        let e = await error { _ = try await value("upcase", input: .value(["a", 1])) }
        #expect(e?.message == "'upcase' needs text, got 'int' in item 2.")
    }
}
