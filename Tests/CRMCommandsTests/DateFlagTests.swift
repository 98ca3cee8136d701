import CRMCore
import Testing

@testable import CRMCommands

/// Date flags given a datetime value send the format the API documents for that parameter.
@Suite struct DateFlagTests {
    /// 2024-03-22T15:30:07.250Z.
    static let instant = Value.datetime(
        DateTime.millis(year: 2024, month: 3, day: 22, hour: 15, minute: 30, second: 7) + 250)

    func query(_ line: String, _ flags: [String]) async throws -> [String] {
        let api = FakeAPI()
        let extra = flags.map { RawArgument.flag($0, inline: Self.instant, at: nil) }
        try await Harness.run(line, extra: extra, ctx: FakeContext(api: api))
        let request = try #require(api.requests.last)
        return request.query.map { "\($0.0)=\($0.1)" }
    }

    /// A datetime with a time of day (`((now) - 90d)`) sends the instant, not its day; one at 00:00
    /// UTC (a plain date) sends the date, which the API reads as the whole day.
    @Test func lastMessageFiltersSendTheInstantOrThePlainDate() async throws {
        let q = try await query("people", ["last-message-from", "last-message-to"])
        #expect(
            q == [
                "filter[last_message][from]=2024-03-22T15:30:07.250Z",
                "filter[last_message][to]=2024-03-22T15:30:07.250Z",
            ])
        let c = try await query("channels", ["from", "to"])
        #expect(
            c == [
                "filter[last_message][from]=2024-03-22T15:30:07.250Z",
                "filter[last_message][to]=2024-03-22T15:30:07.250Z",
            ])
        let api = FakeAPI()
        let day = Value.datetime(DateTime.millis(year: 2024, month: 3, day: 22, hour: 0, minute: 0, second: 0))
        try await Harness.run(
            "people", extra: [RawArgument.flag("last-message-from", inline: day, at: nil)], ctx: FakeContext(api: api))
        #expect(
            api.requests.last?.query.map { "\($0.0)=\($0.1)" } == [
                "filter[last_message][from]=2024-03-22", "filter[last_message][to]=9999-12-31",
            ])
    }

    /// Without a date flag no date filter is sent: the live API lists everyone without it.
    @Test func noDateFlagSendsNoDateFilter() async throws {
        let api = FakeAPI()
        try await Harness.run("people --email a@b.c", ctx: FakeContext(api: api))
        #expect(api.requests.first?.query.map { "\($0.0)=\($0.1)" } == ["filter[email]=a@b.c"])
    }

    @Test func textDatesAreSentAsGiven() async throws {
        let api = FakeAPI()
        try await Harness.run("people --last-message-to 2024-02-01T10:00:00Z", ctx: FakeContext(api: api))
        #expect(
            api.requests.last?.query.map { "\($0.0)=\($0.1)" } == [
                "filter[last_message][from]=1970-01-01", "filter[last_message][to]=2024-02-01T10:00:00Z",
            ])
    }

    @Test func paymentDateSendsMinutes() async throws {
        let api = FakeAPI()
        let extra = [RawArgument.flag("payment-date", inline: Self.instant, at: nil)]
        try await Harness.run("orders update O1 --status RESOLVED", extra: extra, ctx: FakeContext(api: api))
        guard case .json(let body)? = api.requests.last?.body else {
            Issue.record("no JSON body")
            return
        }
        #expect(body[field: "paymentDate"] == "2024-03-22 15:30")
    }

    @Test func isoParametersSendISO() async throws {
        #expect(Self.instant.displayText == "2024-03-22T15:30:07.250Z")
        let args = try ArgumentBinder.bind(
            [.flag("date", inline: Self.instant, at: nil)],
            to: CommandSpec("x", group: "g", summary: "s", flags: [FlagSpec("date", .string, "d")]))
        #expect(args.string("date") == "2024-03-22T15:30:07.250Z")
    }
}
