import Testing

@testable import CRMSandbox

@Suite("Sandbox world (no HTTP)")
struct SandboxWorldTests {
    @Test func phoneFilterFindsPerson() {
        var options = SandboxOptions()
        options.people = 50
        let world = SandboxWorld(options: options)
        let phone = world.people[0].phone
        let r = world.matchPeople(tagNumbers: [], phone: phone, email: nil, from: nil, to: nil, offset: 0, limit: 20)
        #expect(r.total >= 1, "\(phone) \(SandboxWorld.digits(phone))")
        var req = SandboxRequest(method: "GET", path: "/api/v2/people")
        req.query = SandboxRequest.decodeForm("filter%5Bphone%5D=%2B380842466106"[...])
        #expect(req.q("filter[phone]") == "+380842466106")
    }
}

@Suite("Sandbox helpers")
struct SandboxHelperTests {
    @Test func isoFormatting() {
        #expect(SandboxClock.iso(0) == "1970-01-01T00:00:00.000Z")
        #expect(SandboxClock.iso(1_580_834_162_213) == "2020-02-04T16:36:02.213Z")
        #expect(SandboxClock.parse("2020-02-04T16:36:02.213Z") == 1_580_834_162_000)
        #expect(SandboxClock.parse("2015-04-02") == 1_427_932_800_000)
        #expect(SandboxClock.parse("yesterday") == nil)
    }

    @Test func idsRoundTrip() {
        let id = SandboxID.make(SandboxID.person, 0x1234)
        #expect(id == "65f0a1b20000000000001234")
        #expect(SandboxID.index(id, SandboxID.person) == 0x1234)
        #expect(SandboxID.index(id, SandboxID.channel) == nil)
        #expect(SandboxID.index("65f0a1b2zzzzzzzzzzzzzzzz", SandboxID.person) == nil)
    }

    @Test(arguments: ["{", "[1,", #"{"a":}"#, "nul", #""\u12"#, String(repeating: "[", count: 200)])
    func malformedJSONIsNil(text: String) {
        #expect(JSONNode.parse(Array(text.utf8)) == nil)
    }

    @Test func jsonRoundTrip() {
        let text = #"{"a":[1,2.5,"x\"y\n",true,null],"b":{"c":-3}}"#
        #expect(JSONNode.parse(Array(text.utf8))?.serialized() == text)
    }
}

@Suite("Sandbox fast paths")
struct SandboxFastPathTests {
    @Test func rawPersonItemEqualsTreeItem() {
        var options = SandboxOptions()
        options.people = 200
        options.vipFraction = 0.5
        let world = SandboxWorld(options: options)
        for p in 0..<200 {
            guard case .raw(let text) = world.personListItemRaw(p) else {
                Issue.record("not raw")
                return
            }
            #expect(text == world.personListItem(p).serialized())
        }
    }
}

@Suite("Sandbox request bodies")
struct SandboxBodyTests {
    @Test func multipartFormData() {
        let body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"tag_id\"\r\n\r\n5cf0aa010000000000000001\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\na b\r\n--XyZ--\r\n"
        let (node, bad) = SandboxRequest.decodeBody(Array(body.utf8), contentType: "multipart/form-data; boundary=XyZ")
        #expect(!bad)
        #expect(node["tag_id"]?.stringValue == "5cf0aa010000000000000001")
        #expect(node["note"]?.stringValue == "a b")
    }

    @Test func formAndJSONBodies() {
        let (form, _) = SandboxRequest.decodeBody(
            Array("account_id=1&text=Hi+there%21".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(form["text"]?.stringValue == "Hi there!")
        let (json, bad) = SandboxRequest.decodeBody(Array(#"{"x":1}"#.utf8), contentType: nil)
        #expect(!bad && json["x"]?.stringValue == "1")
        let (_, broken) = SandboxRequest.decodeBody(Array(#"{"x":"#.utf8), contentType: "application/json")
        #expect(broken)
    }
}
