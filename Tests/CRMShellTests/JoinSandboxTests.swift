import CRMCore
import Foundation
import Testing

@testable import CRMShell

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `leads --flat | join-on (people)` against the sandbox: the count equals the one computed here
/// from the raw HTTP answers, with a phone rule written independently of `Normalizer`.
@Suite("join-on against the sandbox", .serialized)
struct JoinSandboxTests {
    /// GETs every page of a list endpoint with raw HTTP.
    static func all(
        _ base: String, _ path: String, header: (String, String), pageParam: String, items: (Value) -> [Value]
    ) async throws -> [Value] {
        var out: [Value] = []
        var start = 0
        while true {
            let sep = path.contains("?") ? "&" : "?"
            guard let url = URL(string: "\(base)\(path)\(sep)limit=100&\(pageParam)=\(start)") else { return out }
            var req = URLRequest(url: url)
            req.setValue(header.1, forHTTPHeaderField: header.0)
            let (data, _) = try await URLSession.shared.data(for: req)
            let page = items(try Value.parseJSON(String(decoding: data, as: UTF8.self)))
            out += page
            if page.count < 100 { return out }
            start += 100
        }
    }

    /// The last 9 digits of a phone (nil under 7 digits), written here without the shell's code.
    static func national(_ s: String?) -> String? {
        guard let s else { return nil }
        let d = s.filter { "0123456789".contains($0) }
        return d.count < 7 ? nil : String(d.suffix(9))
    }

    @Test func leadsJoinPeopleByPhoneAndEmailAsRawHTTPSays() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let people = try await Self.all(
            h.server.leelooBaseURL,
            "/api/v2/people?filter[last_message][from]=1970-01-01&filter[last_message][to]=9999-12-31",
            header: ("X-Leeloo-AuthToken", h.options.leelooToken),
            pageParam: "offset"
        ) { $0[field: "data"]?.listValue ?? [] }
        let leads = try await Self.all(
            h.server.chattonicBaseURL, "/api/v1/\(h.options.codename)/lead/records?funnel=leadForm&funnelGroup=Website",
            header: ("Authorization", "Bearer \(h.options.chattonicToken)"), pageParam: "skip"
        ) { $0[field: "objects"]?.listValue ?? [] }
        #expect(people.count == h.options.people)
        func extra(_ lead: Value, _ name: String) -> String? {
            lead[field: "user"]?[field: "extraData"]?.listValue?.first { $0[field: "name"]?.stringValue == name }?[
                field: "cxt"]?.stringValue
        }
        let phones = Set(people.compactMap { Self.national($0[field: "phone"]?.stringValue) })
        let emails = Set(people.compactMap { $0[field: "email"]?.stringValue?.lowercased() })
        let byPhone = leads.filter { Self.national(extra($0, "Phone")).map(phones.contains) ?? false }.count
        let byEmail = leads.filter { extra($0, "Email").map { emails.contains($0.lowercased()) } ?? false }.count
        #expect(byPhone > 0 && byPhone < leads.count, "the sandbox links some leads, not all")
        #expect(byEmail > 0)

        let phone = try await h.run(
            "leads --funnel leadForm --group Website --flat | join-on (people) --left Phone --right phone "
                + "--normalize phone | count")
        #expect(phone.err == "")
        #expect(phone.out == "\(byPhone)\n")
        let email = try await h.run(
            "leads --funnel leadForm --group Website --flat | join-on (people) --left Email --right email "
                + "--normalize email | count")
        #expect(email.out == "\(byEmail)\n")
        let anti = try await h.run(
            "leads --funnel leadForm --group Website --flat | join-on (people) --left Phone --right phone "
                + "--normalize phone --kind anti | count")
        #expect(anti.out == "\(leads.count - byPhone)\n")
        let ids = try await h.run(
            "leads --funnel leadForm --group Website --flat | join-on (people) --left Phone --right phone "
                + "--normalize phone | first 1 | each { $it.match.accounts[0].account_id } | to json --compact",
            settings: Settings())
        #expect(ids.out.hasPrefix("[\""), "the issue's pipeline reaches the person's account: \(ids.out)")
    }

    @Test func flatLeadsLiftTheInteractionAndExtraData() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("leads --funnel leadForm --group Website --flat --limit 1 | keys | to json --compact")
        #expect(
            r.out
                == #"["id","funnel","group","last","firstName","lastName","platform","messageUser","createdAt","Email","Phone","Budget"]"#
                + "\n")
        let u = try await h.run("messageusers --flat --limit 1 | keys | to json --compact")
        #expect(
            u.out == #"["id","firstName","lastName","platform","messageUser","account","createdAt","visits","nested"]"#
                + "\n")
    }
}
