import CRMCore
import Testing

@testable import CRMCommands

@Suite("Arguments are checked before any request")
struct ValidationTests {
    func expectUsage(_ line: String, mentions text: String, extra: [RawArgument] = []) async {
        let api = FakeAPI()
        let ctx = FakeContext(api: api)
        do {
            try await Harness.run(line, extra: extra, ctx: ctx)
            Issue.record("'\(line)' should fail")
        } catch let error as CRMError {
            #expect(error.exitStatus == .usage, "\(error.code)")
            #expect(error.message.contains(text), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(api.requests.isEmpty, "'\(line)' sent a request")
    }

    @Test func requiredFlagsAreNamed() async {
        await expectUsage("leads --group G", mentions: "--funnel")
        await expectUsage("leads --funnel F", mentions: "--group")
        await expectUsage("leads export --funnel F --group G --type csv", mentions: "--bot")
        await expectUsage("orders update O1", mentions: "--status")
        await expectUsage("channels subscribe CH1 --tunnel T", mentions: "--block")
        await expectUsage("calls add --user U", mentions: "--from")
    }

    @Test func datesChoicesAndLimits() async {
        await expectUsage("people --last-message-from 2024-13-01", mentions: "2024-05-31")
        await expectUsage("channels --to yesterday", mentions: "'yesterday'")
        await expectUsage("leads export --funnel F --group G --type pdf --bot B", mentions: "csv, json, xlsx")
        await expectUsage("people --limit 0", mentions: "positive")
        await expectUsage("queries --status done", mentions: "pending")
        await expectUsage("orders update O1 --status RESOLVED --payment-date soon", mentions: "'soon'")
    }

    /// A range that starts on a later day than it ends matches nothing: an error, never an empty
    /// list that looks like an answer. The same day at different hours is left to the server.
    @Test func anInvertedDateRangeIsAnError() async throws {
        await expectUsage(
            "people --last-message-from 2025-04-01 --last-message-to 2025-03-01",
            mentions: "--last-message-from 2025-04-01 is after --last-message-to 2025-03-01")
        await expectUsage("channels --from 2025-04-02T00:30:00+03:00 --to 2025-03-31", mentions: "2025-04-01 is after")
        await expectUsage("leads --funnel F --group G --from 2025-02-01 --to 2025-01-31", mentions: "no date is in")
        let api = FakeAPI()
        try await Harness.run(
            "people --last-message-from 2025-03-01T18:00:00Z --last-message-to 2025-03-01", ctx: FakeContext(api: api))
        try await Harness.run("people --last-message-from 2025-03-01", ctx: FakeContext(api: api))
    }

    @Test func tagAndTargetAreRequired() async {
        await expectUsage("people add-tag", mentions: "needs a tag")
        await expectUsage("send-template T1", mentions: "needs a target")
        await expectUsage("people add-sms --connection C --lgt L", mentions: "needs people")
    }

    @Test func missingAPIIsAnAuthError() async {
        let ctx = FakeContext(api: nil)
        await #expect {
            try await Harness.run("people", ctx: ctx)
        } throws: { error in
            guard let e = error as? CRMError else { return false }
            return e.code == "auth.missing-token" && e.exitStatus == .auth && (e.help ?? "").contains("crm --demo")
                && e.location != nil
        }
    }

    @Test func missingSessionIsAnError() async {
        let ctx = FakeContext(session: nil)
        await #expect {
            try await Harness.run("whoami", ctx: ctx)
        } throws: { error in
            (error as? CRMError)?.code == "session.none" && (error as? CRMError)?.exitStatus == .auth
        }
    }

    @Test(arguments: [
        "2024-05-31", "2020-02-04T16:36:02.213Z", "2015-04-02T14:20Z", "2024-03-22T15:30:17+02:00", "2018-06-27 07:32",
    ])
    func acceptedDates(_ text: String) { #expect(ISODate.parse(text) != nil) }

    @Test(arguments: ["", "2024-02-30", "2024-5-1", "tomorrow", "2024-05-31T25:00Z", "2024-05-31T10:00Zjunk"])
    func rejectedDates(_ text: String) { #expect(ISODate.parse(text) == nil) }

    @Test func isoDateArithmetic() throws {
        let a = try #require(ISODate.parse("2020-02-04T16:36:02.500Z"))
        let b = try #require(ISODate.parse("2020-02-04T18:36:02.500+02:00"))
        #expect(a == b)
        let day = try #require(ISODate.parse("1970-01-02"))
        #expect(day.timeIntervalSince1970 == 86400)
    }
}
