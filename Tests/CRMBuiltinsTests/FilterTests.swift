import CRMBuiltins
import CRMCore
import Testing

@Suite("Filters: where, each, select, get, uniq, sort-by, reverse, flatten")
struct FilterTests {
    @Test func whereOnListKeepsList() async throws {
        let ctx = FakeContext()
        let p = ctx.predicate { ($0[field: "age"]?.intValue ?? 0) >= 18 }
        let out = try await value("where", [p], input: .value(people), ctx: ctx)
        #expect(out.listValue?.map { $0[field: "name"] } == ["Ann", "Cy"])
    }

    @Test func whereOnStreamStaysLazy() async throws {
        let ctx = FakeContext()
        let p = ctx.predicate { ($0.intValue ?? 0) % 2 == 0 }
        let out = try await run("where", [p], input: .stream(.of([1, 2, 3, 4])), ctx: ctx)
        guard case .stream = out else {
            Issue.record("expected a stream")
            return
        }
        #expect(try await out.collect() == [2, 4])
    }

    @Test func whereOnSingleRecord() async throws {
        let ctx = FakeContext()
        let yes = ctx.predicate { _ in true }
        let no = ctx.predicate { _ in false }
        let rec: Value = ["a": 1]
        #expect(try await value("where", [yes], input: .value(rec), ctx: ctx) == rec)
        #expect(try await run("where", [no], input: .value(rec), ctx: ctx).isEmpty)
    }

    @Test func whereWithoutBlockIsUsageError() async {
        let e = await error { _ = try await run("where", [], input: .value(people)) }
        #expect(e?.code == "usage.missing-argument")
    }

    @Test func eachCollectsBlockOutputAndSkipsEmpty() async throws {
        let ctx = FakeContext()
        let b = ctx.block { it, input in
            let received = try await input.collect()
            #expect(received == it)
            guard let n = it.intValue, n != 2 else { return .empty }
            return .value(.int(n * 10))
        }
        #expect(try await value("each", [b], input: .value([1, 2, 3]), ctx: ctx) == [10, 30])
        #expect(try await value("each", [b], input: .stream(.of([1, 3])), ctx: ctx) == [10, 30])
    }

    @Test func eachCollectsAStreamResultIntoAList() async throws {
        let ctx = FakeContext()
        let b = ctx.block { it, _ in .stream(.of([it, it])) }
        #expect(try await value("each", [b], input: .value([1, 2]), ctx: ctx) == [[1, 1], [2, 2]])
    }

    @Test func selectKeepsFieldsInOrder() async throws {
        let out = try await value("select", [arg("age"), arg("name")], input: .value(people))
        #expect(out.listValue?.first == ["age": 30, "name": "Ann"])
        let one = try await value("select", [arg("name"), arg("missing")], input: .value(["name": "Ann", "x": 1]))
        #expect(one == ["name": "Ann", "missing": nil])
    }

    @Test func selectNestedPath() async throws {
        let out = try await value("select", [arg("a.b")], input: .value(["a": ["b": 1, "c": 2]]))
        #expect(out == ["a.b": 1])
    }

    @Test func selectOnNonRecordNamesTheItem() async {
        let e = await error { _ = try await value("select", [arg("a")], input: .value([["a": 1], ["a": 2], 7])) }
        #expect(e?.message == "'select' needs records, got 'int' in item 3.")
        #expect(e?.location == here)
    }

    @Test func getOnRecordAndPaths() async throws {
        let rec: Value = ["name": "Ann", "accounts": [["account_id": "a1"], ["account_id": "a2"]]]
        #expect(try await value("get", [arg("name")], input: .value(rec)) == "Ann")
        #expect(try await value("get", [arg("accounts.0.account_id")], input: .value(rec)) == "a1")
        #expect(try await value("get", [arg("accounts[1].account_id")], input: .value(rec)) == "a2")
        #expect(try await value("get", [arg("accounts[-1]")], input: .value(rec)) == ["account_id": "a2"])
    }

    @Test func getMissingFieldSuggests() async {
        let e = await error { _ = try await value("get", [arg("nmae")], input: .value(["name": "Ann"])) }
        #expect(e?.message == "Field 'nmae' not found. Did you mean 'name'?")
        #expect(e?.rendered == "t.crm:3:14: Field 'nmae' not found. Did you mean 'name'?")
    }

    @Test func getOnStreamMapsAndNamesTheItem() async throws {
        #expect(
            try await value("get", [arg("name")], input: .stream(.of(people.listValue ?? []))) == ["Ann", "Bob", "Cy"])
        let e = await error {
            _ = try await value("get", [arg("name")], input: .stream(.of([["name": "A"], ["nme": "B"]])))
        }
        #expect(e?.message == "Field 'name' not found in item 2. Did you mean 'nme'?")
    }

    @Test func getIgnoreMissing() async throws {
        let input: Value = [["name": "A"], ["x": 1], ["name": "C"]]
        #expect(try await value("get", [arg("name"), flag("i")], input: .value(input)) == ["A", "C"])
        #expect(try await value("get", [arg("name"), flag("ignore-missing")], input: .value(["x": 1])) == nil)
    }

    @Test func getLeadingIndexPicksAnItem() async throws {
        #expect(try await value("get", [arg("1.name")], input: .value(people)) == "Bob")
        #expect(try await value("get", [arg("0")], input: .stream(.of([5, 6]))) == 5)
        #expect(try await value("get", [arg(-1)], input: .stream(.of([5, 6]))) == 6)
        let e = await error { _ = try await value("get", [arg(9)], input: .value([1, 2])) }
        #expect(e?.message == "Index 9 is out of range for a list of 2 items.")
    }

    @Test func getBadPath() async {
        let e = await error { _ = try await value("get", [arg("a..b")], input: .value(["a": 1])) }
        #expect(e?.code == "usage.bad-path")
    }

    @Test func uniqKeepsFirst() async throws {
        #expect(try await value("uniq", input: .value([1, 2, 1, 3, 2])) == [1, 2, 3])
        let out = try await value("uniq", [flag("by", "age")], input: .stream(.of(people.listValue ?? [])))
        #expect(out.listValue?.map { $0[field: "name"] } == ["Ann", "Bob"])
    }

    @Test func sortByIsStableBothWays() async throws {
        let asc = try await value("sort-by", [arg("age")], input: .value(people))
        #expect(asc.listValue?.map { $0[field: "name"] } == ["Bob", "Ann", "Cy"])
        let desc = try await value(
            "sort-by", [arg("age"), flag("reverse")], input: .stream(.of(people.listValue ?? [])))
        #expect(desc.listValue?.map { $0[field: "name"] } == ["Ann", "Cy", "Bob"])
    }

    @Test func sortMixedTypes() async throws {
        let input: Value = [["a": 1], "b", 2.5, nil, [1], true, 1, "a"]
        let out = try await value("sort", input: .value(input))
        #expect(out == [nil, true, 1, 2.5, "a", "b", [1], ["a": 1]])
    }

    @Test func sortByTwoFields() async throws {
        let input: Value = [["a": 1, "b": 2], ["a": 0, "b": 9], ["a": 1, "b": 1]]
        let out = try await value("sort-by", [arg("a"), arg("b")], input: .value(input))
        #expect(out == [["a": 0, "b": 9], ["a": 1, "b": 1], ["a": 1, "b": 2]])
    }

    @Test func reverseAndFlatten() async throws {
        #expect(try await value("reverse", input: .stream(.of([1, 2, 3]))) == [3, 2, 1])
        #expect(try await value("reverse", input: .value("abc")) == "cba")
        #expect(try await value("flatten", input: .value([[1, 2], [3], 4])) == [1, 2, 3, 4])
        #expect(try await value("flatten", input: .stream(.of([[1], [], [2, [3]]]))) == [1, 2, [3]])
    }
}
