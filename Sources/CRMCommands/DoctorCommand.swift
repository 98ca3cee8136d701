import CRMCore
import Foundation

/// `doctor`: read-only checks of the current profile against whatever server it points at:
/// reachability, each token the profile has, clock skew, the shape of one item of every list
/// endpoint against the contract examples (`ContractExample`, the same the contract tests use),
/// and the read-back's premises (`DoctorReport+Premises`).
enum DoctorCommand {
    /// The most clock skew the read-back tolerates, in seconds: its own allowance.
    static let maxSkew = ReadBack.allowedClockSkew

    static let command = APICommand.custom(
        CommandSpec(
            "doctor", group: SessionCommands.group,
            summary: "Check the current profile's server, read-only: reachability, each token, clock skew, "
                + "the shape of one item of every list endpoint against the vendor pages' examples, and the "
                + "premises exactly-once rests on (chat history newest first with documented types and createdAt, "
                + "orders with updatedAt); --probe CHANNEL also sends one text and one template there and "
                + "measures how they are listed. Exits 5 "
                + "(unreachable), 4 (a token refused) or 8 (a shape differs, the clock is off) when a check fails.",
            flags: [
                FlagSpec(
                    "probe", .string,
                    "also send one text and one template to this channel (your team's test chat) and measure how they are listed")
            ],
            examples: ["doctor # requests: 22", "doctor | where result != ok # requests: 22"])
    ) { args, _, ctx, api in
        guard !ctx.settings.curl else {
            throw CRMError.usage("doctor-curl", "doctor has to send its checks; with --curl nothing is sent.")
        }
        var report = DoctorReport(who: ctx.session?.whoami(), api: api)
        await report.run()
        await report.checkPremises()
        if let channel = args.string("probe"), !channel.isEmpty { await report.probe(channel: channel) }
        // The rows go through the rest of the pipeline (`doctor | where result != ok`); the failure
        // ends the statement once they are out.
        if let failure = report.failure { ctx.failAfterOutput(failure) }
        return .value(.list(report.rows))
    }
}

/// The checks of one `doctor` run and their table.
struct DoctorReport {
    let who: Value?
    let api: any APIService
    private(set) var rows: [Value] = []
    var runner: ContractRunner
    private var worst: ExitStatus?
    private var failed = 0
    /// Why a credential (`leeloo`, `bearer`, `app`) cannot be used; absent when it can.
    private(set) var blocked: [String: String] = [:]

    init(who: Value?, api: any APIService) {
        self.who = who
        self.api = api
        runner = ContractRunner(oneItem: true) { try await api.send($0) }
    }

    /// The credential a request uses: `leeloo`, `bearer` (Chat-Tonic) or `app` (archives).
    static func credential(_ r: APIRequest) -> String {
        r.api == .leeloo ? "leeloo" : r.auth == .appTokenQuery ? "app" : "bearer"
    }

    /// Runs every check in order: each token (and with it reachability), the clock, then shapes.
    mutating func run() async {
        let probes = [
            ("leeloo", "leeloo_token", "v2-tags", "Leeloo token", "leeloo_url"),
            ("bearer", "chattonic_token", "ct-funnels", "Chat-Tonic bearer token", "chattonic_url"),
            ("app", "app_token", "ct-archive-list", "Chat-Tonic app token", "chattonic_url"),
        ]
        for (key, field, example, label, url) in probes {
            guard who == nil || who?[field: field]?.stringValue == "set" else {
                blocked[key] = "the profile has no \(label)"
                continue
            }
            await probe(key, example, label, url: who?[field: url]?.stringValue ?? "")
        }
        checkClock(.leeloo, "Leeloo")
        checkClock(.chattonic, "Chat-Tonic")
        for example in ContractExample.all where example.isList {
            await checkShape(example)
        }
    }

    private mutating func probe(_ key: String, _ id: String, _ label: String, url: String) async {
        guard let example = ContractExample.named(id) else { return }
        do {
            _ = try await runner.answer(example)
            if key != "app" { add("reach", url, "ok", "answered") }
            add("token", label, "ok", "accepted")
        } catch let e as CRMError where e.exitStatus == .network {
            add("reach", url, "failed", e.message, exit: .network)
            blocked[key] = "the server did not answer"
        } catch let e as CRMError where e.exitStatus == .auth {
            if key != "app" { add("reach", url, "ok", "answered") }
            add("token", label, "refused", e.message, exit: .auth)
            blocked[key] = "the \(label) was refused"
        } catch {
            add("token", label, "failed", Self.text(error), exit: .api)
            blocked[key] = "the \(label) check failed"
        }
    }

    private mutating func checkClock(_ which: API, _ name: String) {
        guard let clock = api.serverClock(which) else {
            add("clock", name, "unknown", "no Date header seen")
            return
        }
        let skew = clock.skew
        let text = (skew >= 0 ? "+" : "-") + String(format: "%.1f", abs(skew)) + " s"
        if abs(skew) > DoctorCommand.maxSkew {
            add(
                "clock", name, "skewed",
                "server \(text) from this machine; over \(Int(DoctorCommand.maxSkew)) s misleads the read-back "
                    + "(it compares message times with the time of the send)", exit: .api)
        } else {
            add("clock", name, "ok", "skew \(text)")
        }
    }

    private mutating func checkShape(_ example: ContractExample) async {
        let target = "\(example.id): \(example.request.method) \(example.request.path)"
        if let why = blocked[Self.credential(example.request)] {
            add("shape", target, "skipped", why)
            return
        }
        do {
            let differences = try await runner.differences(example)
            let text = differences.map(\.description).joined(separator: "; ")
            if differences.contains(where: \.breaks) {
                add("shape", target, "differs", text, exit: .api)
            } else {
                add("shape", target, "ok", text)
            }
        } catch let e as ContractRunner.Unresolved {
            add("shape", target, "skipped", e.description)
        } catch {
            add("shape", target, "failed", Self.text(error), exit: .api)
        }
    }

    mutating func add(
        _ check: String, _ target: String, _ result: String, _ detail: String, exit: ExitStatus? = nil
    ) {
        rows.append(
            .record(
                Record([
                    ("check", .string(check)), ("target", .string(target)), ("result", .string(result)),
                    ("detail", .string(detail)),
                ])))
        guard let exit else { return }
        failed += 1
        let order: [ExitStatus] = [.network, .auth, .api]
        if (order.firstIndex(of: exit) ?? 9) < (worst.flatMap { order.firstIndex(of: $0) } ?? 9) { worst = exit }
    }

    /// The error to end with when a check failed (after the table is out), else nil.
    var failure: CRMError? {
        guard let worst else { return nil }
        return CRMError(
            "doctor.failed", "\(failed) of \(rows.count) checks failed.",
            help: "the 'detail' column says what differs; docs/sandbox.md lists the documented shapes", exit: worst)
    }

    static func text(_ error: any Error) -> String {
        (error as? CRMError)?.message ?? "\(error)"
    }
}
