import CRMClient
import CRMCore
import CRMLanguage
import CRMSandbox
import Foundation
import Testing

@testable import CRMShell

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs crm scripts in process against a sandbox on 127.0.0.1 port 0, capturing stdout and stderr.
struct ShellHarness {
    let server: SandboxServer
    let options: SandboxOptions
    let stateDir: URL

    static func start(_ configure: (inout SandboxOptions) -> Void = { _ in }) async throws -> ShellHarness {
        var options = SandboxOptions()
        configure(&options)
        let server = SandboxServer(options: options)
        try await server.start()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return ShellHarness(server: server, options: options, stateDir: dir)
    }

    /// The environment a user would set to reach this sandbox.
    var environment: [String: String] {
        [
            "CRM_LEELOO_URL": server.leelooBaseURL, "CRM_LEELOO_TOKEN": options.leelooToken,
            "CRM_CHATTONIC_URL": server.chattonicBaseURL, "CRM_CHATTONIC_CODENAME": options.codename,
            "CRM_CHATTONIC_TOKEN": options.chattonicToken, "CRM_CHATTONIC_APP_TOKEN": options.chattonicAppToken,
            "CRM_PROFILE_CLASS": "demo",
            "XDG_CONFIG_HOME": stateDir.appendingPathComponent("config").path,
            "XDG_STATE_HOME": stateDir.appendingPathComponent("state").path,
            "HOME": stateDir.path,
        ]
    }

    struct Outcome {
        var out: String
        var err: String
        var status: Int32

        /// The run id a bulk run's summary names (`… · run r2026…`), nil when stderr names none.
        var runID: String? { ShellHarness.runID(in: err) }
    }

    /// The run id the last `· run ID` in `err` names.
    static func runID(in err: String) -> String? {
        guard let r = err.range(of: "· run ", options: .backwards) else { return nil }
        return String(err[r.upperBound...].prefix { !$0.isWhitespace })
    }

    /// Runs `script` as `crm -c` would, with a fresh session built from `environment` (+ `extraEnv`).
    func run(_ script: String, settings: Settings = Settings(), extraEnv: [String: String] = [:]) async throws
        -> Outcome
    {
        let env = environment.merging(extraEnv) { $1 }
        let session = try Session(configURL: Session.defaultConfigURL(environment: env), environment: env)
        let term = Terminal.capturing()
        let host = ShellHost(
            session: session, settings: settings, isInteractive: false, terminal: term, environment: env)
        let registry = ShellRegistry.make(host: host)
        let status = await ScriptRunner.run(
            source: script, file: "<test>", args: [], commands: registry, host: host, errorOutput: { term.err($0) })
        term.flush()
        return Outcome(out: term.capturedOut, err: term.capturedErr, status: status)
    }

    /// The sandbox's `/_sandbox/stats` as a Value.
    func stats() async throws -> Value {
        try await httpJSON("GET", "/_sandbox/stats")
    }

    func reset() async throws { _ = try await httpJSON("POST", "/_sandbox/reset") }

    func httpJSON(_ method: String, _ path: String) async throws -> Value {
        guard let url = URL(string: server.leelooBaseURL + path) else { throw CRMError("test", "bad url") }
        var req = URLRequest(url: url)
        req.httpMethod = method
        let (data, _) = try await URLSession.shared.data(for: req)
        return try Value.parseJSON(String(decoding: data, as: UTF8.self))
    }

    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(at: stateDir)
    }
}

/// The `/people` date filter the v2 page marks required, spanning every date.
let everyDate = [("filter[last_message][from]", "1970-01-01"), ("filter[last_message][to]", "9999-12-31")]
