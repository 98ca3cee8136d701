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
