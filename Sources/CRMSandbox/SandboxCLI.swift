/// The `crm sandbox` command line: flag parsing into `SandboxOptions` and the start-up banner.
public enum SandboxCLI {
    /// A command-line mistake; its description is a sentence for the user.
    public struct UsageError: Error, CustomStringConvertible, Sendable {
        /// The sentence shown to the user.
        public let description: String
    }

    /// The usage line of `crm sandbox`.
    public static let usage = """
        usage: crm sandbox [--port N] [--seed S] [--people N] [--vip-fraction F] [--latency-ms N] \
        [--rate-limit RPS] [--fault-5xx P] [--fault-429 P] [--fault-reset P] [--leeloo-token T] \
        [--chattonic-token T] [--app-token T] [--live RATE]
        """

    private static let flags = [
        "--port", "--seed", "--people", "--vip-fraction", "--latency-ms", "--rate-limit", "--fault-5xx", "--fault-429",
        "--fault-reset", "--leeloo-token", "--chattonic-token", "--app-token", "--host", "--codename", "--live",
    ]

    /// Parses the arguments after `crm sandbox` (`--flag value` or `--flag=value`).
    public static func parse(_ args: [String]) throws -> SandboxOptions {
        var options = SandboxOptions()
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
            if value == nil {
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
        case "--rate-limit":
            guard let v = Double(value), v.isFinite, v > 0 else {
                throw bad(flag, value, "a positive number of requests per second")
            }
            options.rateLimit = v
        case "--live": options.liveRate = try liveRate(value)
        case "--fault-5xx": options.fault5xx = try probability(flag, value)
        case "--fault-429": options.fault429 = try probability(flag, value)
        case "--fault-reset": options.faultReset = try probability(flag, value)
        case "--leeloo-token": options.leelooToken = try token(flag, value)
        case "--chattonic-token": options.chattonicToken = try token(flag, value)
        case "--app-token": options.chattonicAppToken = try token(flag, value)
        case "--host": options.host = try token(flag, value)
        case "--codename": options.codename = try token(flag, value)
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
        if let r = o.rateLimit { behaviour.append("rate limit \(r) req/s") }
        if o.fault5xx > 0 { behaviour.append("5xx \(o.fault5xx)") }
        if o.fault429 > 0 { behaviour.append("429 \(o.fault429)") }
        if o.faultReset > 0 { behaviour.append("reset \(o.faultReset)") }
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
