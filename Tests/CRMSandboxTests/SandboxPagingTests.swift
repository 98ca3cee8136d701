import Testing

@testable import CRMSandbox

@Suite("Sandbox paging and filters")
struct SandboxPagingTests {
    @Test func defaultAndCappedLimits() async throws {
        try await Harness.with { h in
            let first = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)")
            #expect(first["data"]?.array.count == 20)
            #expect(first["meta"]?["limit"]?.int == 20)
            #expect(first["meta"]?["totalCount"]?.int == 300)
            let big = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&limit=500&offset=250")
            #expect(big["meta"]?["limit"]?.int == 100)
            #expect(big["meta"]?["offset"]?.int == 250)
            #expect(big["meta"]?["filteredCount"]?.int == 50)
            #expect(big["data"]?.array.count == 50)
            #expect(big["meta"]?["totalCount"]?.int == 300)
        }
    }

    @Test func badLimitIs400() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&limit=abc")
            #expect(a.status == 400)
            #expect(a["error"]?["code"]?.stringValue == "FORMAT_ERROR")
        }
    }

    @Test func repeatedTagFilterMeansAnyOfThem() async throws {
        try await Harness.with({ $0.vipFraction = 0.3 }) { h in
            let vip = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&filter[tags]=vip&limit=100")
            let vipTotal = vip["meta"]?["totalCount"]?.int ?? 0
            #expect(vipTotal > 0 && vipTotal < 300)
            for p in vip["data"]?.array ?? [] { #expect(p["tags"]?.array.contains(.string("vip")) == true) }
            let both = try await h.call(
                .GET, "/api/v2/people?\(Harness.everyDate)&filter[tags]=vip&filter[tags]=lead&limit=100")
            let bothTotal = both["meta"]?["totalCount"]?.int ?? -1
            #expect(bothTotal > vipTotal)
            for p in both["data"]?.array ?? [] {
                let tags = p["tags"]?.array ?? []
                #expect(tags.contains(.string("vip")) || tags.contains(.string("lead")))
            }
            let unknown = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&filter[tags]=nosuchtag")
            #expect(unknown["meta"]?["totalCount"]?.int == 0)
        }
    }

    @Test func v1CommaTagFilter() async throws {
        try await Harness.with({ $0.vipFraction = 0.3 }) { h in
            let a = try await h.call(.GET, "/api/v1/accounts?filter[tags]=vip,lead&limit=100")
            #expect(a.status == 200)
            let items = a["data"]?.array ?? []
            #expect(!items.isEmpty)
            for acc in items {
                let tags = acc["tags"]?.array ?? []
                #expect(tags.contains(.string("vip")) || tags.contains(.string("lead")))
                #expect(acc["from"] != nil && acc["botStatus"] != nil)
            }
        }
    }

    @Test func phoneAndEmailFilters() async throws {
        try await Harness.with { h in
            let first = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&limit=1")
            let person = first["data"]?.array.first
            let phone = person?["phone"]?.stringValue ?? ""
            // Digits only: AsyncHTTPClient re-escapes '%' in URLs; a literal '+' would be a space.
            let byPhone = try await h.call(
                .GET, "/api/v2/people?\(Harness.everyDate)&filter[phone]=\(phone.dropFirst())")
            #expect((byPhone["meta"]?["totalCount"]?.int ?? 0) >= 1)
            #expect(byPhone["data"]?.array.first?["phone"]?.stringValue == phone)
            let email = "nobody-\(phone)@example.org"
            let byEmail = try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)&filter[email]=\(email)")
            #expect(byEmail["meta"]?["totalCount"]?.int == 0)
        }
    }

    @Test func lastMessageRangeFilters() async throws {
        try await Harness.with { h in
            let all = try await h.call(
                .GET, "/api/v2/people?filter[last_message][from]=2000-01-01&filter[last_message][to]=2100-01-01")
            #expect(all["meta"]?["totalCount"]?.int == 300)
            let none = try await h.call(
                .GET, "/api/v2/people?filter[last_message][from]=2090-01-01&filter[last_message][to]=2100-01-01")
            #expect(none["meta"]?["totalCount"]?.int == 0)
            let bad = try await h.call(
                .GET, "/api/v2/people?filter[last_message][from]=yesterday&filter[last_message][to]=2100-01-01")
            #expect(bad.status == 400)
        }
    }

    @Test func sameSeedSameFirstPage() async throws {
        var pages: [String] = []
        for _ in 0..<2 {
            try await Harness.with({ $0.seed = 7 }) { h in
                pages.append(try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)").text)
            }
        }
        try await Harness.with({ $0.seed = 8 }) { h in
            pages.append(try await h.call(.GET, "/api/v2/people?\(Harness.everyDate)").text)
        }
        #expect(pages[0] == pages[1])
        #expect(pages[0] != pages[2])
    }

    @Test func chattonicPagingEchoesNumbers() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v1/demo/messageuser?skip=5&limit=500", chattonic: true)
            #expect(a["limit"]?.int == 100)
            #expect(a["skip"]?.int == 5)
            #expect(a["objects"]?.array.count == 55)
            let d = try await h.call(.GET, "/api/v1/demo/messageuser", chattonic: true)
            #expect(d["limit"]?.int == 10)
            #expect(d["objects"]?.array.count == 10)
            let bad = try await h.call(.GET, "/api/v1/demo/messageuser?limit=ten", chattonic: true)
            #expect(bad.status == 400)
        }
    }
}
