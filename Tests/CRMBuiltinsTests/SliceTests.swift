import CRMBuiltins
import CRMCore
import Testing

@Suite("first, last, skip and laziness")
struct SliceTests {
    @Test func firstThreePullsThreeAndCloses() async throws {
        let counter = PullCounter()
        let out = try await run("first", [arg(3)], input: .stream(counter.stream()))
        #expect(counter.pulls == 0)
        #expect(try await out.collect() == [1, 2, 3])
        #expect(counter.pulls == 3)
        #expect(counter.closes == 1)
    }

    @Test func whereThenFirstPullsOnlyAsNeeded() async throws {
        let counter = PullCounter()
        let ctx = FakeContext()
        let even = ctx.predicate { ($0.intValue ?? 0) % 2 == 0 }
        let filtered = try await run("where", [even], input: .stream(counter.stream()), ctx: ctx)
        let out = try await run("first", [arg(2)], input: filtered, ctx: ctx)
        #expect(try await out.collect() == [2, 4])
        #expect(counter.pulls == 4)
        #expect(counter.closes == 1)
    }

    @Test func eachThenFirstRunsTheBlockOnlyAsNeeded() async throws {
        let counter = PullCounter()
        let ctx = FakeContext()
        let b = ctx.block { it, _ in .value(it) }
        let mapped = try await run("each", [b], input: .stream(counter.stream()), ctx: ctx)
        #expect(try await run("first", [arg(5)], input: mapped, ctx: ctx).collect() == [1, 2, 3, 4, 5])
        #expect(counter.pulls == 5)
    }

    @Test func firstWithoutCountGivesTheItem() async throws {
        let counter = PullCounter()
        let out = try await run("first", input: .stream(counter.stream()))
        guard case .value(let v) = out else {
            Issue.record("expected a value")
            return
        }
        #expect(v == 1)
        #expect(counter.pulls == 1)
        #expect(counter.closes == 1)
        #expect(try await value("first", input: .value(people)) == people.listValue?.first)
        #expect(try await run("first", input: .value([])).isEmpty)
    }

    @Test func firstCountOnListKeepsAList() async throws {
        #expect(try await value("first", [arg(2)], input: .value([1, 2, 3])) == [1, 2])
        #expect(try await value("first", [arg(5)], input: .value([1])) == [1])
        #expect(try await value("first", [arg(0)], input: .stream(.of([1]))) == [])
    }

    @Test func negativeCountIsAnError() async {
        let e = await error { _ = try await run("first", [arg(-1)], input: .value([1])) }
        #expect(e?.message == "'first' needs a count of 0 or more, got '-1'.")
    }

    @Test func lastAndSkip() async throws {
        #expect(try await value("last", input: .stream(.of([1, 2, 3]))) == 3)
        #expect(try await value("last", [arg(2)], input: .stream(.of([1, 2, 3]))) == [2, 3])
        #expect(try await value("last", [arg(5)], input: .value([1, 2])) == [1, 2])
        #expect(try await value("skip", [arg(2)], input: .value([1, 2, 3])) == [3])
        let counter = PullCounter()
        let skipped = try await run("skip", [arg(2)], input: .stream(counter.stream()))
        #expect(try await run("first", [arg(1)], input: skipped).collect() == [3])
        #expect(counter.pulls == 3)
    }

    @Test func rangeIsLazy() async throws {
        let r = try await run("range", [arg(1), arg(.int(Int.max))])
        #expect(try await run("first", [arg(3)], input: r).collect() == [1, 2, 3])
    }
}
