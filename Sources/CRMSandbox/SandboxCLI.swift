/// The `crm sandbox` command line: flag parsing into `SandboxOptions` and the start-up banner.
public enum SandboxCLI {
    /// A command-line mistake; its description is a sentence for the user.
    public struct UsageError: Error, CustomStringConvertible, Sendable {
        /// The sentence shown to the user.
        public let description: String
    }

    /// One flag of `crm sandbox`: name, value placeholder (empty for a switch) and a one-line summary. The single list
    /// the parser, `crm sandbox --help`, the man page and the outer shell completions read.
    public struct Flag: Sendable {
        /// The flag with its dashes (`--port`).
        public let name: String
        /// The placeholder of its value (`N`); empty for a switch that takes no value.
        public let value: String
        /// What it does.
        public let summary: String
    }

    /// Every flag of `crm sandbox`, in the order `--help` shows them.
    public static let flagSpecs: [Flag] = [
        Flag(name: "--port", value: "N", summary: "listen on port N (default 0: a free port)"),
        Flag(name: "--seed", value: "S", summary: "seed of the generated data (same seed, same data)"),
        Flag(name: "--people", value: "N", summary: "how many people to generate"),
        Flag(name: "--vip-fraction", value: "F", summary: "share of people tagged vip, 0 to 1"),
        Flag(name: "--latency-ms", value: "N", summary: "delay every answer by N milliseconds"),
        Flag(name: "--latency-jitter-ms", value: "N", summary: "add 0 to N more ms per answer, drawn from the seed"),
        Flag(name: "--rate-limit", value: "RPS", summary: "answer 429 above RPS requests per second"),
        Flag(
            name: "--fault-5xx", value: "P",
            summary: "answer 500/502/503/504 with probability P (on writes, half after applying)"),
        Flag(name: "--fault-429", value: "P", summary: "answer 429 with probability P"),
        Flag(name: "--fault-reset", value: "P", summary: "drop the connection with probability P"),
        Flag(name: "--leeloo-token", value: "T", summary: "the Leeloo token it accepts"),
        Flag(name: "--chattonic-token", value: "T", summary: "the Chat-Tonic bearer token it accepts"),
        Flag(name: "--app-token", value: "T", summary: "the Chat-Tonic archive app token it accepts"),
        Flag(name: "--host", value: "H", summary: "the address to listen on (default 127.0.0.1)"),
        Flag(name: "--codename", value: "C", summary: "the Chat-Tonic codename"),
        Flag(name: "--live", value: "RATE", summary: "new people, chat messages and leads appear at RATE per second"),
        Flag(
            name: "--noise", value: "RATE",
            summary: "share of sends whose channel also gets a message crm did not send (default 0.1, 0 = off)"),
        Flag(name: "--extensions", value: "", summary: "also serve fields the vendor pages do not document"),
        Flag(name: "--drift", value: "", summary: "drift some list shapes from the pages (for crm doctor)"),
        // Breaking the read-back's premises (docs/sandbox.md); all off by default.
        Flag(
            name: "--history-lag", value: "MS",
            summary: "a sent message appears in the chat history MS ms after the send was applied"),
        Flag(
            name: "--history-order", value: "ORDER",
            summary: "chat messages newest-first (default) or oldest-first (newest on the last page)"),
        Flag(
            name: "--send-type", value: "TYPE",
            summary: "store API sends with this message type (e.g. YOUR_MESSAGE, BOT_MESSAGE)"),
        Flag(
            name: "--orders-without-updated-at", value: "",
            summary: "order detail and included.orders carry no updatedAt"),
        Flag(
            name: "--fault-after-write", value: "P",
            summary: "apply a write, then answer 502/503/504 or (1 in 4) only after the delay"),
        Flag(
            name: "--fault-after-write-delay", value: "MS",
            summary: "how late --fault-after-write's slow answers come (default 65000)"),
        Flag(
            name: "--clock-skew", value: "SECONDS",
            summary: "the server's clock (stamped dates, Date header) is off by SECONDS (may be negative)"),
        Flag(
            name: "--stored-text", value: "MODE",
            summary: "how a sent text is stored: exact (default), trimmed, html or crlf"),
    ]

    /// The usage text of `crm sandbox` (`crm sandbox --help`).
    public static var usage: String {
        let width = (flagSpecs.map { $0.name.count + $0.value.count }.max() ?? 10) + 3
        let lines = flagSpecs.map { f in
            let head = f.value.isEmpty ? f.name : f.name + " " + f.value
            return "  " + head + String(repeating: " ", count: max(width - head.count, 1)) + f.summary
        }
        let head = [
            "usage: crm sandbox [flags]   (--flag value or --flag=value)", "",
            "Serves both imitation APIs in the foreground until Ctrl-C.", "",
        ]
        return (head + lines).joined(separator: "\n")
    }

    private static var flags: [String] { flagSpecs.map(\.name) }
    private static var switches: [String] { flagSpecs.filter(\.value.isEmpty).map(\.name) }

    /// Parses the arguments after `crm sandbox` (`--flag value` or `--flag=value`).
    public static func parse(_ args: [String]) throws -> SandboxOptions {
        var options = SandboxOptions()
        options.noise = SandboxOptions.defaultNoise
        var i = 0
        while i < args.count {
            var flag = args[i]
            var value: String?
            if let eq = flag.firstIndex(of: "="), flag.hasPrefix("--") {
                value = String(flag[flag.index(after: eq)...])
                flag = String(flag[..<eq])
            }
            guard flags.contains(flag) else {
                let hint = closest(flag).map { " Did you mean '\($0)'?" } ?? ""
                throw UsageError(description: "Unknown option '\(flag)' for 'crm sandbox'.\(hint)")
            }
            if switches.contains(flag) {
                guard value == nil else { throw UsageError(description: "Option '\(flag)' takes no value.") }
                value = ""
            } else if value == nil {
                guard i + 1 < args.count else { throw UsageError(description: "Option '\(flag)' needs a value.") }
                i += 1
                value = args[i]
            }
            try apply(flag, value ?? "", to: &options)
            i += 1
        }
        return options
    }

    private static func apply(_ flag: String, _ value: String, to options: inout SandboxOptions) throws {
        switch flag {
        case "--port": options.port = try integer(flag, value, in: 0...65_535)
        case "--seed":
            guard let v = UInt64(value) else { throw bad(flag, value, "a non-negative whole number") }
            options.seed = v
        case "--people": options.people = try integer(flag, value, in: 0...5_000_000)
        case "--vip-fraction": options.vipFraction = try probability(flag, value)
        case "--latency-ms": options.latencyMs = try integer(flag, value, in: 0...600_000)
        case "--latency-jitter-ms": options.latencyJitterMs = try integer(flag, value, in: 0...600_000)
        case "--rate-limit":
            guard let v = Double(value), v.isFinite, v > 0 else {
                throw bad(flag, value, "a positive number of requests per second")
            }
            options.rateLimit = v
        case "--live": options.liveRate = try liveRate(value)
        case "--noise": options.noise = try probability(flag, value)
        case "--fault-5xx": options.fault5xx = try probability(flag, value)
        case "--fault-429": options.fault429 = try probability(flag, value)
        case "--fault-reset": options.faultReset = try probability(flag, value)
        case "--leeloo-token": options.leelooToken = try token(flag, value)
        case "--chattonic-token": options.chattonicToken = try token(flag, value)
        case "--app-token": options.chattonicAppToken = try token(flag, value)
        case "--host": options.host = try token(flag, value)
        case "--codename": options.codename = try token(flag, value)
        case "--extensions": options.extensions = true
        case "--drift": options.drift = true
        case "--history-lag": options.historyLagMs = try integer(flag, value, in: 0...3_600_000)
        case "--history-order": options.historyOrder = try choice(flag, value, SandboxPremises.HistoryOrder.self)
        case "--send-type":
            let types = ["SYSTEM_MESSAGE", "BOT_MESSAGE", "YOUR_MESSAGE", "FRIEND_MESSAGE"]
            guard types.contains(value) else { throw bad(flag, value, "one of " + types.joined(separator: ", ")) }
            options.sendType = value
        case "--orders-without-updated-at": options.ordersWithoutUpdatedAt = true
        case "--fault-after-write": options.faultAfterWrite = try probability(flag, value)
        case "--fault-after-write-delay": options.faultAfterWriteDelayMs = try integer(flag, value, in: 0...1_200_000)
        case "--clock-skew": options.clockSkewSeconds = try integer(flag, value, in: -31_536_000...31_536_000)
        case "--stored-text": options.storedText = try choice(flag, value, SandboxPremises.StoredText.self)
        default: throw UsageError(description: "Unknown option '\(flag)' for 'crm sandbox'.")
        }
    }

    /// A live rate: new people, messages and leads per second, above 0 and at most 1000.
    public static func liveRate(_ value: String) throws -> Double {
        guard let v = Double(value), v.isFinite, v > 0, v <= 1000 else {
            throw bad("--live", value, "a number of events per second above 0 and at most 1000")
        }
        return v
    }

    private static func bad(_ flag: String, _ value: String, _ want: String) -> UsageError {
        UsageError(description: "Option '\(flag)' expects \(want), not '\(value)'.")
    }

    private static func integer(_ flag: String, _ value: String, in range: ClosedRange<Int>) throws -> Int {
        guard let v = Int(value), range.contains(v) else {
            throw bad(flag, value, "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }

    private static func choice<T: RawRepresentable & CaseIterable>(_ flag: String, _ value: String, _: T.Type) throws
        -> T where T.RawValue == String
    {
        guard let v = T(rawValue: value) else {
            throw bad(flag, value, "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return v
    }

    private static func probability(_ flag: String, _ value: String) throws -> Double {
        guard let v = Double(value), v >= 0, v <= 1 else { throw bad(flag, value, "a probability from 0 to 1") }
        return v
    }

    private static func token(_ flag: String, _ value: String) throws -> String {
        guard !value.isEmpty, !value.contains(where: \.isWhitespace) else { throw bad(flag, value, "a non-empty word") }
        return value
    }

    private static func closest(_ flag: String) -> String? {
        let scored = flags.map { ($0, distance(Array(flag), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }

    /// The banner's words for the read-back premises `o` breaks (none by default).
    static func premisesBanner(_ o: SandboxOptions) -> [String] {
        var out: [String] = []
        if o.historyLagMs > 0 { out.append("history lag \(o.historyLagMs) ms") }
        if o.historyOrder != .newestFirst { out.append("history \(o.historyOrder.rawValue)") }
        if let t = o.sendType { out.append("sends stored as \(t)") }
        if o.ordersWithoutUpdatedAt { out.append("orders without updatedAt") }
        if o.faultAfterWrite > 0 {
            out.append("fault after write \(o.faultAfterWrite) (slow answers after \(o.faultAfterWriteDelayMs) ms)")
        }
        if o.clockSkewSeconds != 0 { out.append("clock skew \(o.clockSkewSeconds) s") }
        if o.storedText != .exact { out.append("stored text \(o.storedText.rawValue)") }
        return out
    }

    /// What `crm sandbox` prints once listening: base URLs, accepted tokens, login, codename
    /// and the environment exports that point `crm` at it.
    public static func banner(_ s: SandboxServer) -> String {
        let o = s.configuration
        var lines = [
            "crm sandbox listening (seed \(o.seed), \(o.people) people, ~\(Int((o.vipFraction * 100).rounded()))% vip)",
            "  Leeloo     \(s.leelooBaseURL)   header X-Leeloo-AuthToken: \(o.leelooToken)",
            "  Chat-Tonic \(s.chattonicBaseURL)   login \(o.username) / \(o.password) -> Bearer \(o.chattonicToken)",
            "             codename '\(o.codename)', archive app token \(o.chattonicAppToken)",
            "  Control    GET \(s.leelooBaseURL)/_sandbox/stats   POST \(s.leelooBaseURL)/_sandbox/reset",
            "  Joins      one Chat-Tonic lead in \(SandboxWorld.leadPersonShare) (_id number divisible by "
                + "\(SandboxWorld.leadPersonShare)) is a Leeloo person: same name, extraData Phone in another format, "
                + "Email in another case",
        ]
        var behaviour: [String] = []
        if o.latencyMs > 0 { behaviour.append("latency \(o.latencyMs) ms") }
        if o.latencyJitterMs > 0 { behaviour.append("jitter 0-\(o.latencyJitterMs) ms") }
        if let r = o.rateLimit { behaviour.append("rate limit \(r) req/s") }
        if o.fault5xx > 0 { behaviour.append("5xx \(o.fault5xx)") }
        if o.fault429 > 0 { behaviour.append("429 \(o.fault429)") }
        if o.faultReset > 0 { behaviour.append("reset \(o.faultReset)") }
        if o.noise > 0 { behaviour.append("noise \(o.noise)") }
        if o.extensions { behaviour.append("extensions (undocumented fields served)") }
        if o.drift { behaviour.append("drift (some list shapes differ from the pages)") }
        behaviour += premisesBanner(o)
        if let r = o.liveRate {
            behaviour.append(
                "live \(r) events/s (new person, chat message, lead in turn; POST /_sandbox/tick/N adds N now)")
        }
        if !behaviour.isEmpty { lines.append("  Behaviour  " + behaviour.joined(separator: ", ")) }
        lines += [
            "",
            "Point crm at it:",
            "  export CRM_LEELOO_URL=\(s.leelooBaseURL)",
            "  export CRM_LEELOO_TOKEN=\(o.leelooToken)",
            "  export CRM_CHATTONIC_URL=\(s.chattonicBaseURL)",
            "  export CRM_CHATTONIC_CODENAME=\(o.codename)",
            "  export CRM_CHATTONIC_TOKEN=\(o.chattonicToken)",
            "  export CRM_CHATTONIC_APP_TOKEN=\(o.chattonicAppToken)",
            "  export CRM_PROFILE_CLASS=demo",
        ]
        return lines.joined(separator: "\n")
    }
}
