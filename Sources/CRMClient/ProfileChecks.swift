import CRMCore

/// The checks every profile passes when it is loaded (config file, environment) or added: base
/// URLs are `http(s)://host[:port][/path]` with a port in 1…65535, and tokens hold no spaces or
/// control characters (a token file saved with CRLF line endings ends in `\r`, which no HTTP
/// header may carry). The errors never print a token.
enum ProfileChecks {
    /// The problem with base URL `s`, or nil when it is usable.
    static func urlProblem(_ s: String) -> String? {
        let lower = s.lowercased()
        let rest =
            lower.hasPrefix("https://") ? lower.dropFirst(8) : lower.hasPrefix("http://") ? lower.dropFirst(7) : nil
        guard let rest else { return "expected an http:// or https:// URL" }
        guard !s.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            return "a URL cannot hold spaces or control characters"
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return "a base URL cannot hold a user name or password" }
        var host = Substring(authority)
        if host.hasPrefix("[") {
            // An IPv6 literal: `[::1]:8080`.
            guard let close = host.firstIndex(of: "]") else { return "unclosed '[' in the host" }
            let after = host[host.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return "unexpected text after the IPv6 address" }
            if after.hasPrefix(":"), let p = portProblem(after.dropFirst()) { return p }
            return nil
        }
        if let colon = host.firstIndex(of: ":") {
            if let p = portProblem(host[host.index(after: colon)...]) { return p }
            host = host[..<colon]
        }
        guard !host.isEmpty else { return "the URL has no host" }
        return nil
    }

    private static func portProblem(_ port: Substring) -> String? {
        guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(port),
            (1...65535).contains(n)
        else {
            return "the port must be a number from 1 to 65535"
        }
        return nil
    }

    /// Whether `token` holds a space or a control character (it is then refused, never sent).
    static func isMalformedToken(_ token: String) -> Bool {
        token.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0.properties.isWhitespace }
    }

    /// Throws for the first bad base URL or token of `p`; `source` says where it came from
    /// (`the config file '…'`, `the environment`). Tokens given as `env:NAME` are checked once resolved.
    static func check(_ p: Profile, source: String) throws(CRMError) {
        for (field, value) in [("leeloo_url", p.leelooURL), ("chattonic_url", p.chattonicURL)] {
            if let value, let problem = urlProblem(value) {
                throw CRMError(
                    "config.bad-url", "Invalid \(field) '\(value)' of profile '\(p.name)' in \(source): \(problem).",
                    exit: .usage)
            }
        }
        for (field, value) in [
            ("leeloo_token", p.leelooToken), ("chattonic_token", p.chattonicToken),
            ("chattonic_app_token", p.chattonicAppToken),
        ] {
            if let value, isMalformedToken(value) {
                throw badToken(field, place: "of profile '\(p.name)' in \(source)")
            }
        }
    }

    /// The error for a token holding spaces or control characters (the token is not printed);
    /// `place` says whose token it is (`of profile 'prod' in the environment`, `given`).
    static func badToken(_ field: String, place: String) -> CRMError {
        CRMError(
            "auth.bad-token",
            "The \(field) \(place) holds a space or a control character; it was refused and not sent.",
            help: "remove it (a token file saved with Windows line endings ends in an invisible '\\r')", exit: .auth)
    }
}
