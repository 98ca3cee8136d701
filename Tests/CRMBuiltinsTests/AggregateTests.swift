import CRMBuiltins
import CRMCore
import Testing

@Suite("count, sum, avg, min, max and record commands")
struct AggregateTests {
    @Test func countEverything() async throws {
        #expect(try await value("count", input: .value(people)) == 3)
        #expect(try await value("length", input: .stream(.of([1, 2]))) == 2)
        #expect(try await value("count", input: .value(["a": 1])) == 1)
        #expect(try await value("count", input: .empty) == 0)
    }

    @Test func sumAvgMinMax() async throws {
        let r = try await run("range", [arg(1), arg(4)])
        #expect(try await value("sum", input: r) == 10)
        #expect(try await value("sum", input: .value([1, 2.5])) == 3.5)
        #expect(try await value("sum", input: .value([])) == 0)
        #expect(try await value("avg", input: r) == 2.5)
        #expect(try await value("avg", input: .value([])) == nil)
        #expect(try await value("sum", [arg("age")], input: .value(people)) == 77)
        #expect(try await value("min", [arg("age")], input: .value(people)) == 17)
        #expect(try await value("max", input: .value([3, 9.5, 1])) == 9.5)
        #expect(try await value("max", input: .value(["b", "a"])) == "b")
        #expect(try await value("min", input: .value([])) == nil)
    }

    @Test func sumOverflowBecomesDouble() async throws {
        let out = try await value("sum", input: .value([.int(Int.max), 1]))
        #expect(out.doubleValue == Double(Int.max) + 1)
    }

    @Test func sumTypeErrorNamesItem() async {
        let e = await error { _ = try await value("sum", input: .value([1, 2, "x"])) }
        #expect(e?.message == "'sum' needs numbers, got 'string' in item 3.")
        #expect(e?.location == here)
        let f = await error { _ = try await value("avg", [arg("nmae")], input: .value(people)) }
        #expect(f?.message == "Field 'nmae' not found in item 1. Did you mean 'name'?")
    }

    @Test func keysAndValues() async throws {
        #expect(try await value("keys", input: .value(["a": 1, "b": 2])) == ["a", "b"])
        #expect(try await value("keys", input: .value([["a": 1], ["b": 2, "a": 3]])) == ["a", "b"])
        #expect(try await value("values", input: .value(["a": 1, "b": 2])) == [1, 2])
        #expect(try await value("values", input: .stream(.of([["a": 1], ["b": 2]]))) == [[1], [2]])
        let e = await error { _ = try await value("keys", input: .value(5)) }
        #expect(e?.message == "'keys' needs records, got 'int'.")
    }

    @Test func groupBy() async throws {
        let out = try await value("group-by", [arg("age")], input: .value(people))
        #expect(out.recordValue?.keys == ["30", "17"])
        #expect(out[field: "30"]?.listValue?.count == 2)
    }

    @Test func mergeAndAppend() async throws {
        #expect(try await value("merge", [arg(["b": 2, "a": 9])], input: .value(["a": 1])) == ["a": 9, "b": 2])
        #expect(try await value("merge", [arg(["x": 1])], input: .stream(.of([["a": 1]]))) == [["a": 1, "x": 1]])
        let e = await error { _ = try await value("merge", [arg(5)], input: .value(["a": 1])) }
        #expect(e?.message == "'merge' needs a record argument, got 'int'.")
        #expect(try await value("append", [arg(4)], input: .stream(.of([1, 2, 3]))) == [1, 2, 3, 4])
        #expect(try await value("append", [arg([3, 4])], input: .value([1, 2])) == [1, 2, 3, 4])
        #expect(try await value("append", [arg(2)], input: .value(1)) == [1, 2])
    }
}
