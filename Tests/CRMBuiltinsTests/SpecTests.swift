import CRMBuiltins
import CRMCore
import Testing

@Suite("Declarations and argument binding")
struct SpecTests {
    @Test func everySpecIsComplete() {
        let specs = Builtins.commands().map(\.spec)
        #expect(Set(specs.map(\.name)).count == specs.count)
        for s in specs {
            #expect(["filters", "formats", "core", "charts"].contains(s.group), "\(s.name)")
            #expect(!s.summary.isEmpty && s.summary.hasSuffix("."), "\(s.name)")
            #expect((1...3).contains(s.examples.count), "\(s.name)")
            #expect(s.endpoints.isEmpty && !s.isWrite, "\(s.name)")
        }
    }

    @Test func namesAndAliasesResolve() {
        for name in [
            "to json", "to ndjson", "to csv", "to table", "from json", "from ndjson", "from csv", "length", "sort",
            "count", "where", "each", "sort-by", "group-by",
        ] {
            #expect(registry.command(named: name) != nil, "\(name)")
        }
    }

    @Test func unknownFlagSuggests() async {
        let e = await error { _ = try await run("sort-by", [arg("age"), flag("revers")], input: .value(people)) }
        #expect(e?.message == "Unknown flag '--revers' for 'sort-by'. Did you mean '--reverse'?")
        #expect(e?.exitStatus == .usage)
    }

    @Test func badArgumentTypes() async {
        let e = await error { _ = try await run("first", [arg("many")], input: .value(people)) }
        #expect(e?.message == "Expected a whole number for 'n', got 'many'.")
        let m = await error { _ = try await run("range", [arg(1)]) }
        #expect(m?.code == "usage.missing-argument")
        let x = await error { _ = try await run("count", [arg(1)], input: .value(people)) }
        #expect(x?.code == "usage.extra-argument")
    }
}
