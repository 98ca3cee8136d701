import Testing

@testable import CRMSandbox

/// Where public clients were seen to get from the live API what the pages' text would refuse (the
/// reference's [code] notes, or issue 21's report where the reference has none), the sandbox
/// accepts it too. Each test replays such a request, written by us from that described behaviour.
@Suite("Sandbox accepts what the live API was seen to accept")
struct SandboxEvidenceTests {
    func fields(_ a: Answer) -> [String: String] {
        guard case .object(let pairs)? = a["error"]?["fields"] else { return [:] }
        return Dictionary(pairs.map { ($0.0, $0.1.stringValue ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    /// The woocommerce connector's live capture: `GET /people?limit=50&offset=0`, no date filter.
    @Test func peopleWithoutTheDateFilterListsEveryone() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v2/people?limit=50&offset=0")
            #expect(a.status == 200)
            #expect(a["meta"]?["totalCount"]?.int == h.options.people)
            #expect(a["meta"]?["filteredCount"]?.int == 50)
            let half = try await h.call(.GET, "/api/v2/people?limit=5&filter[last_message][from]=2020-01-01")
            #expect(fields(half) == ["filter[last_message][to]": "REQUIRED"])
        }
    }

    /// A range filter leaves out a person who never had a message (a guess), until one arrives.
    @Test func aRangeLeavesOutPeopleWithoutAMessage() async throws {
        try await Harness.with { h in
            let created = try await h.call(.POST, "/api/v2/people", json: #"{"name":"Quiet Person"}"#)
            let channel = try #require(created["data"]?["id"]?.stringValue)
            func total(_ query: String) async throws -> Int {
                try await h.call(.GET, "/api/v2/people?limit=1\(query)")["meta"]?["totalCount"]?.int ?? -1
            }
            let range = "&" + Harness.everyDate
            #expect(try await total("") == h.options.people + 1)
            #expect(try await total(range) == h.options.people)
            let send = try await h.call(
                .POST, "/api/v2/messages/send-message", json: #"{"account_id":"\#(channel)","text":"hello"}"#)
            #expect(send.status == 200)
            #expect(try await total(range) == h.options.people + 1)
        }
    }

    /// Clients send `POST /people` with fields the page does not show and without `leadgentool_id`.
    @Test func peopleCreateTakesExtraFieldsAndKnownTags() async throws {
        try await Harness.with { h in
            let a = try await h.call(
                .POST, "/api/v2/people",
                json: #"{"name":"Ann","phone":"+380501112233","tags":["vip","nosuchtag"],"metadata":{"source":"shop"}}"#
            )
            #expect(a.status == 200)
            #expect(a["data"]?["tags"]?.array.compactMap(\.stringValue) == ["vip"])
            let person = try #require(a["data"]?["person_id"]?.stringValue)
            let detail = try await h.call(.GET, "/api/v2/people/\(person)")
            #expect(detail["data"]?["tags"]?.array.compactMap(\.stringValue) == ["vip"])
            // The create answer's `from` and the person's channel agree.
            #expect(a["data"]?["from"]?.stringValue == "MANUAL")
            #expect(detail["data"]?["accounts"]?.array.first?["from"]?.stringValue == "MANUAL")
            let noName = try await h.call(.POST, "/api/v2/people", json: #"{"tags":"vip"}"#)
            #expect(fields(noName) == ["name": "REQUIRED"])
        }
    }

    @Test(arguments: ["2024-10-03 11:02:00", "03.10.2024 11:02", "2024-10-03 11:02", "2024-10-03T11:02:00.000Z"])
    func datesInThePagesAndPHPsFormats(date: String) async throws {
        try await Harness.with { h in
            let world = SandboxWorld(options: h.options)
            let manual = try #require(
                world.orders.indices.first {
                    world.orders[$0].paymentMethod == "MANUAL" && !world.orders[$0].hasPartialPayments
                })
            let update = try await h.call(
                .POST, "/api/v2/orders/\(SandboxID.make(SandboxID.order, manual))",
                json: #"{"status":"RESOLVED","paymentDate":"\#(date)"}"#)
            #expect(update.status == 200)
            let person = SandboxID.make(SandboxID.person, 0)
            let order = try await h.call(
                .POST, "/api/v2/orders",
                json: #"{"paymentCreditsId":"P","offerId":"O","personId":"\#(person)","transactionDate":"\#(date)"}"#)
            #expect(order["data"]?["createdAt"]?.stringValue == "2024-10-03T11:02:00.000Z")
            let call = try await h.call(
                .POST, "/api/v2/calls",
                json:
                    #"{"user_id":"U","from":606,"to":"607","date":"\#(date)","account_id":"\#(SandboxID.make(SandboxID.channel, 0))","#
                    + #""record_link":"NOT_DEFINED","status":"SUCCESS","duration":60,"type":"OUTBOUND"}"#)
            #expect(call.status == 200)
            let encoded = date.replacingOccurrences(of: " ", with: "+")
            let people = try await h.call(
                .GET, "/api/v2/people?filter[last_message][from]=\(encoded)&filter[last_message][to]=9999-12-31")
            #expect(people.status == 200, "\(people.text)")
        }
    }

    @Test func unreadableDatesAreStillRefused() async throws {
        try await Harness.with { h in
            let person = SandboxID.make(SandboxID.person, 0)
            for date in ["yesterday", "2024-13-03 11:02", "31.02.2024 11:02", "2024-10-03"] {
                let order = try await h.call(
                    .POST, "/api/v2/orders",
                    json:
                        #"{"paymentCreditsId":"P","offerId":"O","personId":"\#(person)","transactionDate":"\#(date)"}"#)
                #expect(fields(order) == ["transactionDate": "INVALID"], "\(date)")
            }
            let people = try await h.call(
                .GET, "/api/v2/people?filter[last_message][from]=soon&filter[last_message][to]=9999-12-31")
            #expect(fields(people) == ["filter[last_message][from]": "INVALID"])
        }
    }

    /// The PHP clients send the order update's `price` as a number; the page shows text.
    @Test func orderPriceAsANumberOrText() async throws {
        try await Harness.with { h in
            let world = SandboxWorld(options: h.options)
            let manual = try #require(
                world.orders.indices.first {
                    world.orders[$0].paymentMethod == "MANUAL" && !world.orders[$0].hasPartialPayments
                })
            let path = "/api/v2/orders/\(SandboxID.make(SandboxID.order, manual))"
            #expect(try await h.call(.POST, path, json: #"{"status":"RESOLVED","price":35}"#).status == 200)
            #expect(try await h.call(.GET, path)["data"]?["price"]?.stringValue == "35")
            #expect(try await h.call(.POST, path, json: #"{"status":"RESOLVED","price":"40.5"}"#).status == 200)
            #expect(try await h.call(.GET, path)["data"]?["price"]?.stringValue == "40.5")
            let bad = try await h.call(.POST, path, json: #"{"status":"RESOLVED","price":"a lot"}"#)
            #expect(fields(bad) == ["price": "INVALID"])
            let v1 = try await h.call(
                .POST, "/api/v1/orders/\(SandboxID.make(SandboxID.order, manual))", form: "status=RESOLVED&price=50")
            #expect(v1.status == 200)
        }
    }

    @Test func aBadOffsetIsNamedOffset() async throws {
        try await Harness.with { h in
            let people = try await h.call(.GET, "/api/v2/people?offset=-1")
            let orders = try await h.call(.GET, "/api/v2/orders?offset=x")
            let both = try await h.call(.GET, "/api/v2/people?limit=-1&offset=-1")
            #expect(fields(people) == ["offset": "INVALID"])
            #expect(fields(orders) == ["offset": "INVALID"])
            #expect(fields(both) == ["limit": "INVALID"])
        }
    }

    @Test func queriesCreateEchoesTheNamesAndMessageGiven() async throws {
        try await Harness.with { h in
            let body =
                #"{"messageUser":{"_id":"x","firstName":"Zoe","lastName":"Quinn","platform":"telegram"},"#
                + #""message":{"type":"text","text":"Call me"}}"#
            let a = try await h.call(.POST, "/api/v1/demo/query", chattonic: true, json: body)
            #expect(a.status == 200)
            #expect(a["messageUser"]?["firstName"]?.stringValue == "Zoe")
            #expect(a["messageUser"]?["lastName"]?.stringValue == "Quinn")
            #expect(a["message"]?["text"]?.stringValue == "Call me")
            #expect(a["search"]?.stringValue == "Zoe Quinn")
            let id = try #require(a["_id"]?.stringValue)
            let list = try await h.call(.GET, "/api/v1/demo/query?limit=100", chattonic: true)
            let listed = list["objects"]?.array.first { $0["_id"]?.stringValue == id }
            #expect(listed?["messageUser"]?["firstName"]?.stringValue == "Zoe")
        }
    }

    /// HTTP strips whitespace around a header value (RFC 9110 §5.5) before any handler sees it, so
    /// a token copied with a trailing space is accepted over the wire.
    @Test func aTokenWithATrailingSpaceArrivesTrimmed() async throws {
        try await Harness.with { h in
            let a = try await h.call(.GET, "/api/v2/tags", token: h.options.leelooToken + " ")
            #expect(a.status == 200)
        }
    }
}
