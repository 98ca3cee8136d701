import CRMCore
import Foundation
import Synchronization
import Testing

@testable import CRMBulk

/// Issue 21 §1: the read-back trusts an absence only once the run's own known deliveries (sends
/// answered 2xx) showed its premises through the same read; when a premise fails, no ambiguous
/// target is resent, each is left unknown and the run names the premise.
@Suite("read-back calibration")
struct ReadBackCalibrationTests {
    /// A server's chat histories, broken the way `Premises` says.
    struct Premises: Sendable {
        /// API text sends are listed with this type.
        var storedType = "YOUR_MESSAGE"
        /// Seconds after a send before it is listed.
        var lag: TimeInterval = 0
        /// The history lists oldest first.
        var oldestFirst = false
    }

    /// Channels `k1`…`k3` are answered 2xx; `a1`…`a4` fail ambiguously on their first attempt,
    /// `a1`/`a2` after the send was applied, `a3`/`a4` before. Each channel already holds 25 old
    /// messages, so one page never shows a whole history.
    final class Channels: Sendable {
        let premises: Premises
        private let store = Mutex<[String: [(type: String, text: String, at: Date)]]>([:])
        /// The listing lag now (a test may change it between a run and its resume).
        let lag: Mutex<TimeInterval>
        init(_ p: Premises) {
            premises = p
            lag = Mutex(p.lag)
        }

        func deliver(_ channel: String, _ text: String) {
            store.withLock { $0[channel, default: []].append((premises.storedType, text, Date())) }
        }

        /// Deliveries of `text` to `channel` (what the customer got).
        func delivered(_ channel: String) -> Int { store.withLock { $0[channel]?.count ?? 0 } }

        func page(_ channel: String) -> Value {
            let now = Date()
            let old = (0..<25).map { i in
                (type: "FRIEND_MESSAGE", text: "old \(i)", at: now.addingTimeInterval(Double(-3600 + i)))
            }
            let lag = self.lag.withLock { $0 }
            var all = old + store.withLock { $0[channel] ?? [] }.filter { $0.at.addingTimeInterval(lag) <= now }
            all.sort { premises.oldestFirst ? $0.at < $1.at : $0.at > $1.at }
            let items: [Value] = all.prefix(ReadBack.pageSize).map { m in
                [
                    "type": .string(m.type), "text": .string(m.text),
                    "createdAt": .string(DateTime.iso(Int(m.at.timeIntervalSince1970 * 1000))),
                ]
            }
            return ["data": .list(items), "status": 1]
        }

        var api: FakeAPI {
            FakeAPI { request, n in
                let channel = request.path.split(separator: "/").dropLast().last.map(String.init) ?? ""
                if request.method == "GET" { return self.page(channel) }
                let target = String(request.path.split(separator: "/").last ?? "")
                if target.hasPrefix("a"), n == 0 {
                    if target == "a1" || target == "a2" { self.deliver(target, "Hello") }
                    throw ambiguous
                }
                self.deliver(target, "Hello")
                return ["status": 1]
            }
        }
    }

    static let targets = ["k1", "k2", "k3", "a1", "a2", "a3", "a4"]

    static func send(_ channel: String) -> BulkJob {
        BulkJob(
            key: "\(channel)|text:Hello", label: channel, target: ["id": .string(channel)],
            request: APIRequest(.leeloo, "POST", "/send/\(channel)"),
            readBack: ReadBack(channelID: channel, messageType: "YOUR_MESSAGE", text: "Hello"),
            undo: .irreversible("a sent message cannot be unsent"))
    }

    /// Runs the seven sends against `channels`; the error the run ended with, if any.
    static func run(_ channels: Channels) async throws -> (FakeHost, CRMError?) {
        let host = try FakeHost(api: channels.api)
        do {
            _ = try await host.run(targets.map { .string($0) }) { [send($0.stringValue ?? "")] }
            return (host, nil)
        } catch let e as CRMError {
            return (host, e)
        }
    }

    @Test func premisesThatHoldLetAnAbsenceBeResent() async throws {
        let channels = Channels(Premises())
        let (host, error) = try await Self.run(channels)
        #expect(error == nil, "\(String(describing: error))")
        for t in Self.targets { #expect(channels.delivered(t) == 1, "\(t)") }
        #expect(host.notices.contains { $0.contains("7 sent") }, "\(host.notices)")
    }

    /// A send listed only 0.6 s after its 2xx: the run measures that on k1…k3 and waits it out
    /// before reading a1…a4 back, so a1/a2 (applied) are found, not sent twice.
    @Test func aListingLagIsMeasuredAndWaitedOut() async throws {
        let channels = Channels(Premises(lag: 0.6))
        let (host, error) = try await Self.run(channels)
        #expect(error == nil, "\(String(describing: error))")
        for t in Self.targets { #expect(channels.delivered(t) == 1, "\(t)") }
        #expect(host.notices.contains { $0.contains("(2 confirmed by read-back)") }, "\(host.notices)")
    }

    /// Text sends listed as BOT_MESSAGE: the known deliveries show it; nothing ambiguous is resent.
    @Test func aSendListedWithAnotherTypeLeavesAmbiguousTargetsUnknown() async throws {
        let channels = Channels(Premises(storedType: "BOT_MESSAGE"))
        let (host, error) = try await Self.run(channels)
        for t in Self.targets { #expect(channels.delivered(t) <= 1, "\(t) got it twice") }
        #expect(channels.delivered("a3") == 0 && channels.delivered("a4") == 0)
        let e = try #require(error)
        #expect(e.code == "bulk.partial")
        #expect(e.message.contains("4 of unknown delivery"), "\(e.message)")
        #expect(e.message.contains("an API text send is listed as a YOUR_MESSAGE"), "\(e.message)")
        #expect(e.message.contains("it was listed as a BOT_MESSAGE"), "\(e.message)")
        #expect(e.help?.contains("runs settle") == true)
        #expect(host.notices.contains { $0.contains("Read-back premise failed") }, "\(host.notices)")
    }

    /// A history listed oldest first: no page proves an absence, so nothing ambiguous is resent.
    @Test func anOldestFirstHistoryLeavesAmbiguousTargetsUnknown() async throws {
        let channels = Channels(Premises(oldestFirst: true))
        let (_, error) = try await Self.run(channels)
        for t in Self.targets { #expect(channels.delivered(t) <= 1, "\(t) got it twice") }
        let e = try #require(error)
        #expect(e.message.contains("4 of unknown delivery"), "\(e.message)")
    }

    /// A send never listed within the bound: the premise fails after the bound, nothing is resent.
    @Test func aSendNeverListedLeavesAmbiguousTargetsUnknown() async throws {
        let channels = Channels(Premises(lag: 3600))
        let (_, error) = try await Self.run(channels)
        for t in Self.targets { #expect(channels.delivered(t) <= 1, "\(t) got it twice") }
        let e = try #require(error)
        #expect(e.message.contains("is listed in its channel's chat history within 10 s"), "\(e.message)")
    }

    /// Issue 21 §2: what the read-back could not decide, a person decides: `runs settle` journals
    /// it, and the resume sends only the targets recorded as not delivered.
    @Test func settledByHandThenResumedSendsOnlyTheNotDelivered() async throws {
        let channels = Channels(Premises(storedType: "BOT_MESSAGE"))
        let (host, error) = try await Self.run(channels)
        #expect(error?.code == "bulk.partial")
        let id = try RunRecord.load(try #require(host.journals.first)).id
        // Issue 21 §3: a run that ended with targets open is not listed as complete and unfinished.
        let row = try #require(try RunsCommands.summaries(host.stateDirectory, limit: 1).first)
        #expect(row[field: "state"] == "unsettled" && row[field: "unfinished"] == .bool(true), "\(row)")
        var args = Arguments()
        args.flags = ["delivered": "a1,a2", "not-delivered": .list(["a3", ["id": "a4"]])]
        _ = try RunsCommands.settle(id, args: args, runner: host.runner)
        let rec = try RunRecord.load(try #require(host.journals.first))
        #expect(rec.state(of: "a1|text:Hello") == .done && rec.state(of: "a3|text:Hello") == .failed)
        _ = try await RunsCommands.resume(id, runner: host.runner, concurrency: nil)
        for t in Self.targets { #expect(channels.delivered(t) == 1, "\(t)") }
        #expect(try RunRecord.load(try #require(host.journals.first)).isUnfinished == false)
        // A target that is not of unknown delivery, or that the run does not have, is refused whole.
        args.flags = ["delivered": "zz"]
        #expect(throws: CRMError.self) { try RunsCommands.settle(id, args: args, runner: host.runner) }
    }

    /// Issue 21 §2: a resume calibrates on the deliveries its journal records, so the unknowns a
    /// run left when its sends were not listed in time are settled once they are.
    @Test func aResumeCalibratesOnTheJournalsKnownDeliveries() async throws {
        let channels = Channels(Premises(lag: 3600))
        let (host, error) = try await Self.run(channels)
        #expect(error?.message.contains("4 of unknown delivery") == true, "\(String(describing: error))")
        channels.lag.withLock { $0 = 0 }
        let id = try RunRecord.load(try #require(host.journals.first)).id
        _ = try await RunsCommands.resume(id, runner: host.runner, concurrency: nil)
        for t in Self.targets { #expect(channels.delivered(t) == 1, "\(t)") }
        #expect(try RunRecord.load(try #require(host.journals.first)).isUnfinished == false)
    }

    /// Issue 21 §3: a run left unfinished does not refuse a later `--once` run of the same
    /// message: what it delivered is skipped, what it holds fails alone, and the targets it never
    /// planned are sent, each once.
    @Test func anUnfinishedRunDoesNotRefuseAOnceRun() async throws {
        let channels = Channels(Premises(storedType: "BOT_MESSAGE"))
        let (host, error) = try await Self.run(channels)
        #expect(error?.message.contains("4 of unknown delivery") == true)
        var args = Arguments()
        args.flags = ["once": true]
        let more = Self.targets + ["n1", "n2"]
        let e = await #expect(throws: CRMError.self) {
            _ = try await host.run(more.map { .string($0) }, arguments: args) { [Self.send($0.stringValue ?? "")] }
        }
        #expect(e?.code == "bulk.partial", "\(String(describing: e))")  // the held targets fail alone
        for t in more { #expect(channels.delivered(t) <= 1, "\(t) got it twice") }
        #expect(channels.delivered("n1") == 1 && channels.delivered("n2") == 1)
        #expect(host.notices.contains { $0.contains("holds this target") }, "\(host.notices)")
    }

    /// Text as servers store it: trimmed, HTML-escaped, CRLF line ends.
    @Test func textsAreComparedAfterTheStatedNormalisation() {
        #expect(ReadBack.normalized("  Tom &amp; Jerry &lt;3\r\nbye &#39;x&#x27; ") == "Tom & Jerry <3\nbye 'x'")
        #expect(ReadBack.normalized("a & b;") == "a & b;")
        #expect(ReadBack.normalized("&unknown; &") == "&unknown; &")
    }
}
