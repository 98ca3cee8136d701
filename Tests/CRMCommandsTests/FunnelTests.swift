import CRMCore
import Testing

@testable import CRMCommands

/// `funnel`: steps reached counted from `interaction.last`, shares, records off a terminal and the
/// bars on one (snapshots at a fixed width).
@Suite("funnel")
struct FunnelTests {
    static let funnels = """
        {"funnels": {"leadForm": {"interactions": ["START", "NAME", "EMAIL", "DONE"],
          "groups": [{"name": "Website", "funnelId": "leadForm", "interactions": ["START", "NAME", "EMAIL", "DONE"]}]}}}
        """

    /// 10 leads: last step START ×2, NAME ×3, EMAIL ×1, DONE ×4, plus one with an unknown step.
    static func api() -> FakeAPI {
        let api = FakeAPI()
        api.respond("GET", "/lead/funnels", json: funnels)
        let lasts = ["START", "START", "NAME", "NAME", "NAME", "EMAIL", "DONE", "DONE", "DONE", "DONE", "GONE"]
        api.pages["/lead/records"] = lasts.map { ["interaction": ["last": .string($0)]] }
        return api
    }

    @Test func countsReachedStepsAndShares() async throws {
        let ctx = FakeContext(api: Self.api())
        let out = try await Harness.run("funnel leadForm Website", ctx: ctx)
        #expect(
            out.toJSON()
                == #"[{"step":"START","reached":10,"of_first":1.0,"of_previous":1.0},"#
                + #"{"step":"NAME","reached":8,"of_first":0.8,"of_previous":0.8},"#
                + #"{"step":"EMAIL","reached":5,"of_first":0.5,"of_previous":0.625},"#
                + #"{"step":"DONE","reached":4,"of_first":0.4,"of_previous":0.8}]"#)
        #expect(ctx.notices == ["1 leads have a last step that is not in the group and are not counted: 'GONE' (1)."])
        let api = try #require(ctx.api as? FakeAPI)
        #expect(api.streams.count == 1, "the records are streamed once")
    }

    @Test func drawsBarsOnATerminal() async throws {
        let ctx = FakeContext(api: Self.api())
        ctx.settings.display = Display(width: 70, isUnicode: true)
        let out = try await Harness.run("funnel leadForm Website", ctx: ctx)
        #expect(
            out.stringValue?.split(separator: "\n") == [
                "START █████████████████████████████ 10 100% of first, 100% of previous",
                "NAME  ███████████████████████▎       8 80% of first, 80% of previous",
                "EMAIL ██████████████▌                5 50% of first, 63% of previous",
                "DONE  ███████████▋                   4 40% of first, 80% of previous",
            ])
        ctx.settings.output = "json"
        #expect(try await Harness.run("funnel leadForm Website", ctx: ctx).listValue?.count == 4)
        ctx.settings.output = nil
        let ascii = try await Harness.run("funnel leadForm Website --ascii", ctx: ctx)
        #expect(
            ascii.stringValue?.split(separator: "\n").first
                == "START ############################# 10 100% of first, 100% of previous")
    }

    @Test func unknownFunnelOrGroupSuggests() async throws {
        let ctx = FakeContext(api: Self.api())
        await #expect(throws: CRMError.self) { try await Harness.run("funnel leadFrom Website", ctx: ctx) }
        do {
            try await Harness.run("funnel leadForm Websit", ctx: ctx)
        } catch let e as CRMError {
            #expect(e.message == "No group 'Websit' in funnel 'leadForm'. Did you mean 'Website'?")
        }
    }
}
