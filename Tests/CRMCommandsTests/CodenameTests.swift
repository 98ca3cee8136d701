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
