import CRMCore
import Testing

@testable import CRMCommands

@Suite("Tag names, response shapes and raw routing")
struct TagAndShapeTests {
    func api() -> FakeAPI {
        let api = FakeAPI()
        api.respond("GET", "/api/v2/tags", json: leelooTagsBody)
        return api
    }

    @Test func tagNamesResolveToIDs() async throws {
        let api = api()
        let context = PlanContext(api: api)
        #expect(try await TagResolver.resolve("NEW", context: context).id == "595000000000000000000002")
        #expect(try await TagResolver.resolve("new", context: context).id == "595000000000000000000002")
        #expect(
            try await TagResolver.resolve("595000000000000000000042", context: context).id == "595000000000000000000042")
        #expect(api.requests.count == 1)  // one list for the run
        await #expect {
            try await TagResolver.resolve("vipp", context: context)
        } throws: { error in
            (error as? CRMError)?.message == "Unknown tag 'vipp'. Did you mean 'vip'?"
        }
    }

    @Test func addTagToPipedPeople() async throws {
        let api = api()
        let ctx = FakeContext(api: api)
        let people: [Value] = [["id": "P1", "name": "A"], ["id": "CH", "person_id": "P2"], "P3"]
        let out = try await Harness.run("people add-tag vip", input: .stream(.of(people)), ctx: ctx)
        let puts = api.requests.filter { $0.method == "PUT" }
        #expect(
            puts.map(\.path) == ["/api/v2/people/P1/add-tag", "/api/v2/people/P2/add-tag", "/api/v2/people/P3/add-tag"])
        #expect(out.listValue?.count == 3)
        #expect(out.listValue?.first == ["person": "P1", "tag": "vip", "status": "added"])
    }

    @Test func includeKeepsTheEnvelope() async throws {
        let api = FakeAPI()
        api.respond("GET", "/api/v2/people/P1", json: #"{"data":{"id":"P1"},"included":{"orders":[]},"status":1}"#)
        api.respond("GET", "/api/v2/tunnels/T1", json: #"{"status":1,"data":{"id":"T1"},"linked":{"leadgentools":[]}}"#)
        let ctx = FakeContext(api: api)
        #expect(try await Harness.run("people get P1", ctx: ctx) == ["id": "P1"])
        #expect(
            try await Harness.run("people get P1 --include orders", ctx: ctx) == [
                "data": ["id": "P1"], "included": ["orders": []],
            ])
        #expect(
            try await Harness.run("tunnels get T1 --include leadgentools", ctx: ctx) == [
                "data": ["id": "T1"], "linked": ["leadgentools": []],
            ])
    }

    @Test func unwrappedLists() async throws {
        let api = api()
        api.respond(
            "GET", "/api/v2/categories/templates",
            json: #"{"data":{"categories":[{"id":"C1","name":"Sales"},{"id":"C2","name":"Help"}]},"status":1}"#)
        api.respond(
            "GET", "/api/v2/categories/templates/C1",
            json: #"{"data":{"templates":[{"id":"T1","message_name":"Hello"}]},"status":1}"#)
        api.respond(
            "GET", "/api/v2/categories/templates/C2",
            json: #"{"data":{"templates":[{"id":"T2","message_name":"Bye"}]},"status":1}"#)
        api.respond(
            "GET", "/api/v2/connections",
            json: #"{"data":{"connections":[{"id":"K1","type":"telegram","name":"Bot"}]},"status":1}"#)
        let ctx = FakeContext(api: api)
        #expect(try await Harness.run("tags", ctx: ctx).listValue?.count == 2)
        #expect(try await Harness.run("categories", ctx: ctx).listValue?.count == 2)
        #expect(try await Harness.run("templates C1", ctx: ctx) == [["id": "T1", "message_name": "Hello"]])
        #expect(try await Harness.run("connections", ctx: ctx) == [["id": "K1", "type": "telegram", "name": "Bot"]])
        let all = try await Harness.run("templates", ctx: ctx)
        #expect(all.listValue?.map { $0[field: "category_id"] } == ["C1", "C2"])
        let labels = try await DynamicValues.fetch("templates", api: api)
        #expect(labels.map(\.label) == ["T1 — Hello", "T2 — Bye"])
        #expect(try await DynamicValues.fetch("tags", api: api).map(\.value) == ["vip", "New"])
        #expect(try await DynamicValues.fetch("tag-ids", api: api).first?.label == "595000000000000000000001 — vip")
    }

    @Test func listsAreLazyStreamsWithTheLimit() async throws {
        let api = FakeAPI()
        api.pages["/api/v2/people"] = [["id": "1"], ["id": "2"], ["id": "3"]]
        let ctx = FakeContext(api: api)
        #expect(try await Harness.run("people --limit 2", ctx: ctx) == [["id": "1"], ["id": "2"]])
        let (_, paging, limit) = try #require(api.streams.first)
        #expect(limit == 2)
        guard case .leelooOffset(let size) = paging else {
            Issue.record("Leeloo paging expected")
            return
        }
        #expect(size == 100)
        try await Harness.run("leads --funnel F --group G", ctx: ctx)
        guard case .chattonicSkip(let n, let key) = api.streams[1].1 else {
            Issue.record("skip paging expected")
            return
        }
        #expect(n == 100 && key == "objects")
    }

    @Test(
        arguments: [
            ("/api/v2/people", nil, API.leeloo, "/api/v2/people", false),
            ("/api/v1/accounts/1", nil, .leeloo, "/api/v1/accounts/1", false),
            ("/api/v1/user/login", nil, .chattonic, "/api/v1/user/login", false),
            ("/api/v1/code/lead/records", nil, .chattonic, "/api/v1/code/lead/records", false),
            ("lead/funnels", nil, .chattonic, "/lead/funnels", true),
            ("/tags", nil, .leeloo, "/api/v2/tags", false),
            ("/people", API.chattonic, .chattonic, "/people", true),
            ("/lead/funnels", API.leeloo, .leeloo, "/api/v2/lead/funnels", false),
        ] as [(String, API?, API, String, Bool)])
    func rawRouting(_ path: String, _ forced: API?, _ api: API, _ out: String, _ codename: Bool) {
        let r = RawRequestCommands.route(path, api: forced)
        #expect(r.api == api && r.path == out && r.usesCodename == codename)
    }

    @Test func rawBodies() async throws {
        let api = FakeAPI()
        let ctx = FakeContext(api: api)
        try await Harness.run("post /api/v2/people", extra: [.value(#"{"name":"A"}"#, at: nil)], ctx: ctx)
        guard case .json(let v) = api.requests.last?.body else {
            Issue.record("JSON body expected")
            return
        }
        #expect(v == ["name": "A"])
        await #expect(throws: CRMError.self) {
            try await Harness.run("post /api/v2/people", extra: [.value("{oops", at: nil)], ctx: ctx)
        }
    }

    @Test func pathSegmentsAreEncoded() {
        #expect(CommonFlags.segment("a/b c") == "a%2Fb%20c")
        #expect(CommonFlags.segment("5e1000000000000000000001") == "5e1000000000000000000001")
    }
}
