import CRMClient
import CRMCore
import Foundation
import Testing

@testable import CRMBulk
@testable import CRMShell

extension ShellHarness {
    /// A shell host on this sandbox, for driving the bulk engine directly.
    func host(settings: Settings = Settings()) throws -> ShellHost {
        let session = try Session(
            configURL: Session.defaultConfigURL(environment: environment), environment: environment)
        return ShellHost(
            session: session, settings: settings, isInteractive: false, terminal: .capturing(),
            environment: environment)
    }

    /// How many requests the sandbox answered on routes containing `route`.
    func requests(_ route: String) async throws -> Int {
        let byRoute = try await stats()[field: "requests"]?[field: "byRoute"]?.recordValue ?? Record()
        return byRoute.fields.filter { $0.key.contains(route) }.reduce(0) { $0 + ($1.value.intValue ?? 0) }
    }
}

/// Issue 12: a run whose first 10 attempts all fail with the same 4xx stops instead of sending
/// on, leaving the rest pending so that `crm resume` continues once the cause is fixed.
@Suite("early stop", .serialized)
struct EarlyStopTests {
    /// A template send per item to a channel the sandbox does not know: every send is the same 404.
    static func plan(_ item: Value) -> [BulkJob] {
        let id = item[field: "id"]?.stringValue ?? ""
        let body: Value = ["account_id": .string("missing-\(id)"), "template_id": "5e42be758d4fff000cafe6ef"]
        return [
            BulkJob(
                key: "missing-\(id)|template", label: id, target: item,
                request: APIRequest(.leeloo, "POST", "/api/v2/messages/send-template", body: .json(body)),
                readBack: nil)
        ]
    }

    @Test func tenAlike4xxFailuresStopARunOf200AfterTenRequests() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        var settings = Settings()
        settings.concurrency = 16
        let host = try h.host(settings: settings)
        let spec = CommandSpec("send-template", group: "test", summary: "test", isWrite: true)
        let items: [Value] = (0..<200).map { ["id": .string("p\($0)")] }
        var stopped: CRMError?
        do {
            _ = try await host.runner.run(command: spec, arguments: { nil }, items: .of(items)) { Self.plan($0) }
        } catch let e as CRMError {
            stopped = e
        }
        let e = try #require(stopped)
        #expect(e.code == "bulk.stopped")
        #expect(e.exitStatus == .partialFailure)
        #expect(e.message.contains("404"), "\(e.message)")
        #expect(e.message.contains("190 targets left unsent"), "\(e.message)")
        #expect(try await h.requests("send-template") == 10)
        // The rest is pending in the journal: a resume continues (here it stops again, after 10 more).
        let dir = RunJournal.directory(state: host.stateDirectory)
        let rec = try RunRecord.load(try #require(RunJournal.files(in: dir).first))
        #expect(rec.runState == .stopped)
        #expect(rec.jobs.count(where: { rec.state(of: $0.key) == .pending }) == 190)
        #expect(rec.isUnfinished)
        await #expect(throws: CRMError.self) {
            _ = try await RunsCommands.resume(rec.id, runner: host.runner, concurrency: nil)
        }
        #expect(try await h.requests("send-template") == 20)
        // The resume tried 10 targets it had not tried before, not the 10 that had failed.
        let after = try RunRecord.load(try #require(RunJournal.files(in: dir).first))
        #expect(after.jobs.count(where: { after.state(of: $0.key) == .failed }) == 20)
    }
}
