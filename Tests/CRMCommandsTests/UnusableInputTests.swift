import CRMCore
import Testing

@testable import CRMCommands

/// Writes given records they cannot use fail or skip rows before sending; list filters with tag
/// names the server does not know warn with "Did you mean".
@Suite struct UnusableInputTests {
    func addSMS(_ rows: Value, api: FakeAPI, ctx: FakeContext) async throws {
        try await Harness.run(
            "people add-sms --connection C1 --lgt L1", extra: [.value(rows, at: nil)], ctx: ctx)
    }

    @Test func recordsWithoutAnyWantedFieldFailBeforeSending() async throws {
        let api = FakeAPI()
        let ctx = FakeContext(api: api)
        let rows: Value = [["Name": "Ann", "E-mail": "a@x.io", "Phone": "+380501112238"]]
        do {
            try await addSMS(rows, api: api, ctx: ctx)
            Issue.record("expected an error")
        } catch let e as CRMError {
            #expect(
                e.message
                    == "'people add-sms' found no field it can use in its input records: they have 'Name', 'E-mail', 'Phone'; it wants 'name', 'email', 'phone'."
            )
            #expect(e.help?.contains("each { {name: $it.Name, email: $it.E-mail, phone: $it.Phone} }") == true)
            #expect(e.exitStatus == .usage)
        }
        #expect(api.requests.isEmpty)
    }

    @Test func emptyRowsAndBadPhonesAreReportedNotSent() async throws {
        let api = FakeAPI()
        let ctx = FakeContext(api: api)
        let rows: Value = [
            ["name": "Ann", "phone": "+380 50 111-22-38"], ["name": "", "phone": ""],
            ["name": "Bob", "phone": "call me"],
            ["name": "Cy", "phone": 380_501_112_239],
        ]
        try await addSMS(rows, api: api, ctx: ctx)
        #expect(
            ctx.notices == [
                "people add-sms: row 2 skipped: it has no name, email or phone.",
                "people add-sms: row 3 skipped: 'call me' is not a phone number.",
            ])
        guard case .json(let body)? = api.requests.first?.body else {
            Issue.record("no JSON request")
            return
        }
        #expect(
            body.toJSON()
                == #"{"data":[{"name":"Ann","phone":"+380 50 111-22-38"},{"name":"Cy","phone":"380501112239"}],"connection_id":"C1","leadgentool_id":"L1"}"#
        )
    }

    @Test func noRowLeftIsAnError() async throws {
        let api = FakeAPI()
        let ctx = FakeContext(api: api)
        await #expect(throws: CRMError.self) { try await addSMS([["name": "", "phone": "12"]], api: api, ctx: ctx) }
        #expect(api.requests.isEmpty)
    }

    @Test func unknownTagOnAnEmptyListWarns() async throws {
        let api = FakeAPI()
        api.respond("GET", "/api/v2/tags", json: leelooTagsBody)
        let ctx = FakeContext(api: api)
        let out = try await Harness.run("people --tag VIP --tag New --tag vipp", ctx: ctx)
        #expect(out == [])
        #expect(
            ctx.notices == [
                "people: no tag 'VIP' on the server. Did you mean 'vip'?",
                "people: no tag 'vipp' on the server. Did you mean 'vip'?",
            ])
    }

    @Test func aNonEmptyListCostsNoTagLookup() async throws {
        let api = FakeAPI()
        api.pages["/api/v2/people"] = [["id": "1"]]
        let ctx = FakeContext(api: api)
        _ = try await Harness.run("people --tag VIP", ctx: ctx)
        #expect(ctx.notices.isEmpty)
        #expect(api.requests.count == 1)
    }
}
