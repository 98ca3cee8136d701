import CRMCommands
import CRMCore
import Testing

@testable import CRMShell

/// Command names as typed: `CMD --help`, and typos inside a family of two-word names.
@Suite("command names")
struct CommandNameTests {
    @Test func helpFlagShowsTheCommandsHelp() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("v1 orders get --help")
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("usage: v1 orders get <id>"), "out: \(r.out)")
        let piped = try await h.run("people --tag vip | send-template --help")
        #expect(piped.out.contains("usage: send-template <template>"), "out: \(piped.out)")
        #expect(try await h.stats()[field: "sends"]?[field: "total"]?.intValue == 0)
    }

    @Test func aFamilyWordAloneOrMistypedNamesItsSubcommands() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let alone = try await h.run("v1 nothing")
        #expect(alone.status == 2)
        #expect(alone.err.contains("Unknown command 'v1 nothing'."), "stderr: \(alone.err)")
        #expect(alone.err.contains("'v1' is followed by a subcommand: v1 orders,"), "stderr: \(alone.err)")
        #expect(!alone.err.contains("Did you mean 'v1'"))
        let typo = try await h.run("runs abandn r1")
        #expect(typo.status == 2)
        #expect(typo.err.contains("Unknown command 'runs abandn'. Did you mean 'runs abandon'?"), "stderr: \(typo.err)")
    }
}

/// The server kinds that declarations complete from have one owner (`DynamicValues.kinds`); the
/// completion cache keeps every one of them fresh (a copied list once lost `tag-ids`).
@Suite("completion kinds")
struct CompletionKindTests {
    @Test func everyDeclaredServerKindIsServedAndCached() {
        let local: Set<String> = ["profiles", "runs"]
        var declared = Set<String>()
        for spec in ShellRegistry.make().allSpecs {
            for source in spec.parameters.map(\.completion) + spec.flags.map(\.completion) {
                if case .dynamic(let kind) = source, !local.contains(kind) { declared.insert(kind) }
            }
        }
        #expect(declared.contains("tag-ids"))
        #expect(declared.isSubset(of: Set(DynamicValues.kinds)), "not served: \(declared.subtracting(DynamicValues.kinds))")
        #expect(declared.isSubset(of: Set(CompletionCache.kinds)), "not cached: \(declared.subtracting(CompletionCache.kinds))")
    }
}
