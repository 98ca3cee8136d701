import CRMCore
import Foundation
import Testing

/// Issue 10's wrong answers with exit 0, end to end against the sandbox: each is now a right
/// answer, a warning, or an error before anything is sent.
@Suite("wrong answers become right answers or errors")
struct WrongAnswerTests {
    func total(_ h: ShellHarness, _ route: String? = nil) async throws -> Int {
        let requests = try await h.stats()[field: "requests"]
        if let route { return requests?[field: "byRoute"]?[field: route]?.intValue ?? 0 }
        return requests?[field: "total"]?.intValue ?? 0
    }

    @Test func unknownTagWarnsWithDidYouMean() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("people --tag VIP | count")
        #expect(r.status == 0)
        #expect(r.out == "0\n")
        #expect(r.err.contains("people: no tag 'VIP' on the server. Did you mean 'vip'?"), "\(r.err)")
        let known = try await h.run("people --tag vip | count")
        #expect(known.err.isEmpty, "\(known.err)")
    }

    @Test func addSMSRefusesRecordsItCannotUse() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let script = """
            set c = (connections | first)
            "Name,E-mail,Phone\\nAnn,ann@example.com,380501112238" | from csv | people add-sms --connection $c.id --lgt $c.id
            """
        let r = try await h.run(script)
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains("found no field it can use in its input records: they have 'Name', 'E-mail', 'Phone'"))
        #expect(try await total(h, "POST /api/v2/people/sms") == 0)
    }

    /// A loop of imports is a bulk run; the rows a planner skips are still reported (they were
    /// dropped inside a loop, where the planner had no way to the terminal).
    @Test func addSMSInALoopReportsTheRowsItSkips() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let script = """
            set c = (connections | first)
            for row in [[{name: 'Ann', phone: '+10000000003'}, {email: ''}]] | people add-sms --connection $c.id --lgt $c.id
            """
        let r = try await h.run(script)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("people add-sms: row 2 skipped: it has no name, email or phone."), "\(r.err)")
        #expect(try await total(h, "POST /api/v2/people/sms") == 1)
    }

    /// `leads` of a funnel or group the server does not have answered 0 and nothing else.
    @Test func leadsOfAnUnknownFunnelGroupWarnWithDidYouMean() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("leads --funnel leadForm --group Websit | count")
        #expect(r.status == 0)
        #expect(r.out == "0\n")
        #expect(r.err.contains("leads: no group 'Websit' in funnel 'leadForm'. Did you mean 'Website'?"), "\(r.err)")
        let funnel = try await h.run("leads --funnel leadfrom --group Website | count")
        #expect(funnel.err.contains("leads: no funnel 'leadfrom'. Did you mean 'leadForm'?"), "\(funnel.err)")
        let lookups = try await total(h)
        let known = try await h.run("leads --funnel leadForm --group Website | count")
        #expect(known.err.isEmpty, "\(known.err)")
        #expect(known.out != "0\n")
        #expect(try await total(h) == lookups + 1, "a listing with leads reads no funnel list")
    }

    @Test func cardLoopWithALeadingFilterSendsNothing() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let before = try await total(h)
        let r = try await h.run(
            "for c in connections | first 1 | people add-sms {name: 'A', phone: '+10000000002'} --connection $c.id --lgt $c.id"
        )
        #expect(r.status == 2)
        #expect(r.err.contains("Put the source in parentheses: 'for c in (connections | first …) | …'"), "\(r.err)")
        #expect(try await total(h) == before)
    }
}
