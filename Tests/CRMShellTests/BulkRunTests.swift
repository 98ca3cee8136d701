import CRMClient
import CRMCore
import Foundation
import Testing

@testable import CRMShell

/// Issue 5: bulk sends against a faulty sandbox are exactly-once, guarded, dry-runnable and resumable.
@Suite("bulk runs", .serialized)
struct BulkRunTests {
    static let template = "5e42be758d4fff000cafe6ef"

    /// A sandbox of `people` people, every one tagged vip, answering after `latencyMs`.
    static func everyoneVIP(_ people: Int, latencyMs: Int = 0) async throws -> ShellHarness {
        try await ShellHarness.start {
            $0.people = people
            $0.vipFraction = 1.0
            $0.latencyMs = latencyMs
        }
    }

    func sends(_ h: ShellHarness) async throws -> (total: Int, unique: Int, duplicates: Int) {
        let s = try await h.stats()
        return (
            s[field: "sends"]?[field: "total"]?.intValue ?? -1, s[field: "sends"]?[field: "unique"]?.intValue ?? -1,
            s[field: "sends"]?[field: "duplicates"]?.intValue ?? -1
        )
    }

    @Test func exactlyOnceUnderFaults() async throws {
        let h = try await ShellHarness.start {
            $0.people = 2000
            $0.vipFraction = 1.0
            $0.fault5xx = 0.1
            $0.fault429 = 0.05
            $0.faultReset = 0.02
        }
        defer { Task { await h.stop() } }
        var settings = Settings()
        settings.concurrency = 16
        let r = try await h.run("for p in people --tag vip | send-template \(Self.template)", settings: settings)
        #expect(r.status == 0, "stderr: \(r.err)")
        let s = try await sends(h)
        #expect(s.unique == 2000)
        #expect(s.duplicates == 0)
        #expect(s.total == 2000)
        #expect(r.err.contains("2000 sent, 0 failed"))
    }

    @Test func prodGuardSendsNothingWithoutYes() async throws {
        let h = try await ShellHarness.start {
            $0.people = 100
            $0.vipFraction = 1.0
        }
        defer { Task { await h.stop() } }
        let r = try await h.run(
            "for p in people --tag vip | send-template \(Self.template)", extraEnv: ["CRM_PROFILE_CLASS": "prod"])
        #expect(r.status == 9)
        #expect(r.err.contains("--yes"))
        #expect(try await sends(h).total == 0)
        let yes = try await h.run(
            "for p in people --tag vip | send-template \(Self.template) --yes", extraEnv: ["CRM_PROFILE_CLASS": "prod"])
        #expect(yes.status == 0, "stderr: \(yes.err)")
        #expect(try await sends(h).unique == 100)
    }

    @Test func dryRunSendsNothingAndCountsMatch() async throws {
        let h = try await ShellHarness.start { $0.people = 300 }
        defer { Task { await h.stop() } }
        var dry = Settings()
        dry.dryRun = true
        let plan = try await h.run("for p in people --tag vip | send-template \(Self.template)", settings: dry)
        #expect(plan.status == 0)
        #expect(try await sends(h).total == 0)
        let planned = plan.out.split(separator: "\n").first { $0.hasPrefix("targets: ") }.flatMap {
            Int($0.dropFirst("targets: ".count).prefix { $0.isNumber })
        }
        let real = try await h.run("for p in people --tag vip | send-template \(Self.template)")
        #expect(real.status == 0)
        #expect(planned != nil)
        #expect(try await sends(h).unique == planned)
    }

    @Test func interruptThenResumeIsExactlyOnce() async throws {
        let h = try await Self.everyoneVIP(2000, latencyMs: 5)
        defer { Task { await h.stop() } }
        let script = "for p in people --tag vip | send-template \(Self.template) --concurrency 4"
        let first = try await interrupted(script, h, afterSends: 100)
        #expect(first.status == 130, "stderr: \(first.err)")
        #expect(first.err.contains("crm resume "))
        let before = try await sends(h)
        #expect(before.total < 2000)
        guard let id = first.err.components(separatedBy: "crm resume ").last?.prefix(while: { !$0.isWhitespace }) else {
            Issue.record("no run id in: \(first.err)")
            return
        }
        let journal = URL(fileURLWithPath: h.environment["XDG_STATE_HOME"] ?? "").appendingPathComponent(
            "crm/runs/\(id).jsonl")
        let attrs = try FileManager.default.attributesOfItem(atPath: journal.path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOf: journal, encoding: .utf8)
        #expect(!text.contains(h.options.leelooToken))
        let resumed = try await CRMBinary.runAsync(["resume", String(id)], env: h.environment)
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        let after = try await sends(h)
        #expect(after.unique == 2000)
        #expect(after.duplicates == 0)
    }

    /// Runs `script` in a spawned `crm` and sends it SIGINT once the sandbox has `afterSends` sends.
    func interrupted(_ script: String, _ h: ShellHarness, afterSends: Int) async throws -> CRMBinary.Result {
        let running = try CRMBinary.start(["-c", script], env: h.environment)
        for _ in 0..<600 {
            if try await sends(h).total >= afterSends { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(running.process.processIdentifier, SIGINT)
        return await running.finished()
    }

    /// `interrupted`, and the run id its `crm resume ID` hint names (nil, recorded as an issue,
    /// when there is none).
    func interruptedRun(_ script: String, _ h: ShellHarness, afterSends: Int) async throws
        -> (result: CRMBinary.Result, id: String)?
    {
        let r = try await interrupted(script, h, afterSends: afterSends)
        guard let id = runID(in: r.err) else {
            Issue.record("no run id in: \(r.err)")
            return nil
        }
        return (r, id)
    }

    /// The run id a failed or interrupted run names in its `crm resume ID` hint.
    func runID(in err: String) -> String? {
        guard err.contains("crm resume ") else { return nil }
        return err.components(separatedBy: "crm resume ").last.map { String($0.prefix { !$0.isWhitespace }) }
    }

    func journalLines(_ h: ShellHarness, _ id: String) throws -> [Value] {
        let url = h.stateDir.appendingPathComponent("state/crm/runs/\(id).jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try Value.parseJSON(String($0))
        }
    }

    @Test func sendingStartsBeforeTheListingEndsAndEveryTargetIsJournaledFirst() async throws {
        let h = try await Self.everyoneVIP(1500, latencyMs: 5)
        defer { Task { await h.stop() } }
        let r = try await h.run("for p in people --tag vip | send-template \(Self.template)")
        #expect(r.status == 0, "stderr: \(r.err)")
        guard let id = r.runID else {
            Issue.record("no run id in: \(r.err)")
            return
        }
        let lines = try journalLines(h, String(id))
        let types = lines.map { $0[field: "type"]?.stringValue ?? "" }
        #expect(lines.first?[field: "plan"]?.stringValue == "streamed")
        let planned = types.firstIndex(of: "planned")
        let firstState = types.firstIndex(of: "state")
        #expect(planned != nil && firstState != nil && firstState! < planned!)  // sends began while listing
        #expect(lines[planned ?? 0][field: "total"]?.intValue == 1500)
        // No target is marked in flight before its target line.
        var known = Set<String>()
        for l in lines {
            let key = l[field: "key"]?.stringValue ?? ""
            switch l[field: "type"]?.stringValue {
            case "target": known.insert(key)
            case "state": #expect(known.contains(key), "state before target: \(key)")
            default: break
            }
        }
        #expect(try await sends(h).unique == 1500)
    }

    @Test func aSourceThatFailsMidwayStopsAndResumeSendsOnlyWhatWasListed() async throws {
        let h = try await Self.everyoneVIP(50)
        defer { Task { await h.stop() } }
        // A listing that yields two channels, then fails for good (as a page that exhausted its retries).
        let channels = ["66c0d1e20000000000000000", "66c0d1e20000000000000001", "66c0d1e20000000000000002"]
        let source = RecordStream(label: "failing listing") {
            var i = 0
            return RecordCursor {
                defer { i += 1 }
                if i == 2 {
                    throw CRMError("http.status", "GET /api/v2/people failed: 500 Internal Server Error", exit: .api)
                }
                return i < channels.count ? .string(channels[i]) : nil
            }
        }
        let env = h.environment
        let session = try Session(configURL: Session.defaultConfigURL(environment: env), environment: env)
        let term = Terminal.capturing()
        let host = ShellHost(
            session: session, settings: Settings(), isInteractive: false, terminal: term, environment: env)
        let spec = CommandSpec("send-template", group: "test", summary: "test")
        let error = await #expect(throws: CRMError.self) {
            _ = try await host.bulkRunner?.run(command: spec, arguments: { nil }, items: source) { item in
                let channel = item.stringValue ?? ""
                let body: Value = ["account_id": .string(channel), "template_id": .string(Self.template)]
                return [
                    BulkJob(
                        // The key as send-template makes it, so a real loop can --skip-sent this run.
                        key: channel + "|template:" + Self.template, label: channel, target: ["id": .string(channel)],
                        request: APIRequest(.leeloo, "POST", "/api/v2/messages/send-template", body: .json(body)),
                        readBack: ReadBack(channelID: channel, messageType: "BOT_MESSAGE", templateID: Self.template))
                ]
            }
        }
        term.flush()
        #expect(error?.message.contains("Listing the targets stopped after 2") == true, "\(String(describing: error))")
        #expect(error?.exitStatus == .api)
        guard let id = error.flatMap({ runID(in: $0.rendered) }) else {
            Issue.record("no run id in: \(String(describing: error))")
            return
        }
        #expect(try journalLines(h, id).last?[field: "state"]?.stringValue == "plan-failed")
        let resumed = try await h.run("runs resume \(id)")
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        #expect(resumed.err.contains("cut short after 2 targets"))
        let s = try await sends(h)
        #expect(s.total == 2)
        #expect(s.unique == 2)
        // The whole loop again, skipping what that run sent: only the third target goes out.
        let rest = try await h.run(
            "for p in people --tag vip --limit 3 | send-template \(Self.template) --skip-sent \(id)")
        #expect(rest.status == 0, "stderr: \(rest.err)")
        #expect(rest.err.contains("1 sent, 0 failed, 2 skipped"), "stderr: \(rest.err)")
        let after = try await sends(h)
        #expect(after.total == 3)
        #expect(after.duplicates == 0)
    }

    @Test func skipSentRefusesARunThatIsNotSettled() async throws {
        let h = try await Self.everyoneVIP(2000, latencyMs: 5)
        defer { Task { await h.stop() } }
        let script = "for p in people --tag vip | send-template \(Self.template) --concurrency 4"
        guard let (_, id) = try await interruptedRun(script, h, afterSends: 50) else { return }
        let before = try await sends(h).total
        let again = try await h.run("\(script) --skip-sent \(id)")
        #expect(again.status == 2, "stderr: \(again.err)")
        #expect(again.err.contains("crm resume \(id)"))
        #expect(try await sends(h).total == before)  // nothing sent
    }

    @Test func anItemThatIsNoTargetFailsAloneAndTheRunGoesOn() async throws {
        let h = try await Self.everyoneVIP(50)
        defer { Task { await h.stop() } }
        let script = """
            set ps = people --tag vip | first 2
            for p in [$ps[0], {name: "Nobody"}, $ps[1]] | send-template \(Self.template)
            """
        let r = try await h.run(script)
        #expect(r.status == 7, "stderr: \(r.err)")
        #expect(r.err.contains("2 sent, 1 failed"))
        #expect(r.err.contains("failed: Nobody — send-template got a record with neither 'accounts' nor 'id'."))
        #expect(try await sends(h).unique == 2)
        guard let id = r.runID else {
            Issue.record("no run id in: \(r.err)")
            return
        }
        let shown = try await h.run("runs show \(id) | where state == 'unplannable' | count")
        #expect(shown.out.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "out: \(shown.out) err: \(shown.err)")
        var dry = Settings()
        dry.dryRun = true
        let plan = try await h.run(script, settings: dry)
        #expect(plan.out.contains("cannot be sent to: 1"), "out: \(plan.out)")
    }

    /// An empty run records nothing, so `runs` lists only runs that did something; two runs of the
    /// same second list newest first.
    @Test func anEmptyRunWritesNoJournalAndRunsListNewestFirst() async throws {
        let h = try await Self.everyoneVIP(5)
        defer { Task { await h.stop() } }
        let empty = try await h.run("[] | send-template \(Self.template)")
        #expect(empty.status == 0, "stderr: \(empty.err)")
        #expect(empty.err.contains("send-template: no targets; nothing sent, no run recorded."), "\(empty.err)")
        #expect(try await h.run("runs | count").out.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let first = try await h.run("people --tag vip | first 1 | send-template \(Self.template)")
        let second = try await h.run("people --tag vip | first 2 | send-message 'hello'")
        #expect(first.status == 0 && second.status == 0, "\(first.err) \(second.err)")
        let listed = try await h.run("runs | get command | join ','")
        #expect(listed.out.trimmingCharacters(in: .whitespacesAndNewlines) == "send-message,send-template", "out: \(listed.out)")
    }
}
