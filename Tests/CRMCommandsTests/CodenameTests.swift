import CRMCore
import Testing

@testable import CRMCommands

/// Issue 27 §10: a server-supplied `appCodename` becomes a path segment of every later request,
/// so `login` keeps only a plain name.
@Suite("login codename")
struct CodenameTests {
    @Test(arguments: ["demo", "acme-bot_2", "a.b"])
    func plainNamesAreKept(name: String) { #expect(ChattonicLeadCommands.isPlainCodename(name)) }

    @Test(arguments: ["../../evil/x?q=1#f", "..", ".", "", "a/b", "a b", "é", String(repeating: "a", count: 101)])
    func anythingElseIsRefused(name: String) { #expect(!ChattonicLeadCommands.isPlainCodename(name)) }
}

/// Issue 22 §10: an empty 200 body where a list is expected is a located error, not `[]`.
@Suite("empty list body")
struct EmptyListBodyTests {
    @Test func anEmptyBodyIsNotAnEmptyList() async throws {
        let api = FakeAPI()
        api.respond("GET", "/api/v2/tags", json: "null")
        let ctx = FakeContext(api: api)
        let e = await #expect(throws: CRMError.self) {
            _ = try await Harness.registry.command(named: "tags")?.run(Arguments(), .empty, ctx)
        }
        #expect(e?.code == "http.bad-page")
    }
}
