import CRMCore
import Foundation

/// Removes credentials from text before it reaches a trace, an error message or a curl line:
/// every known token value, `token=`/`authToken=` query values, `Bearer` values and JSON
/// `"token"`/`"password"` fields all become `***`.
struct Redactor: Sendable {
    /// The token values to hide (values shorter than 4 characters are ignored: too likely to
    /// match ordinary text, and too short to be real tokens).
    let secrets: [String]

    init(secrets: [String]) {
        var forms: [String] = []
        for secret in secrets where secret.count >= 4 {
            for form in Self.forms(of: secret) where !forms.contains(form) { forms.append(form) }
        }
        self.secrets = forms.sorted { $0.count > $1.count }
    }

    /// The ways a server may echo `secret`: raw, JSON-escaped (`\/`, `\"`, `\\`) and
    /// percent-encoded (strictly, or leaving the characters a query or a path allows; hex digits
    /// in upper and lower case).
    static func forms(of secret: String) -> [String] {
        var json = ""
        for c in secret {
            switch c {
            case "/": json += "\\/"
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            default: json.append(c)
            }
        }
        var out = [secret, json]
        let strict = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        for allowed in [strict, CharacterSet.urlQueryAllowed.subtracting(.init(charactersIn: "+&=")), .urlPathAllowed] {
            guard let upper = secret.addingPercentEncoding(withAllowedCharacters: allowed) else { continue }
            out.append(upper)
            out.append(Self.lowercasingEscapes(upper))
        }
        return out
    }

    /// `%2F` → `%2f`: the hex digits of percent escapes in lower case.
    static func lowercasingEscapes(_ s: String) -> String {
        var out = ""
        var hexLeft = 0
        for c in s {
            if c == "%" {
                hexLeft = 2
                out.append(c)
            } else if hexLeft > 0 {
                hexLeft -= 1
                out += c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// `error` with its message and help redacted: every error built from what a server sent
    /// (status lines, reason phrases, quoted bodies, Leeloo error codes and fields, transport
    /// descriptions) passes here once before it leaves the client.
    func redact(_ error: CRMError) -> CRMError {
        var e = error
        e.message = redact(e.message)
        e.help = e.help.map { redact($0) }
        return e
    }

    /// `text` with every credential replaced by `***`.
    func redact(_ text: String) -> String {
        var s = text
        for secret in secrets where s.contains(secret) { s = s.replacingAll(secret, with: "***") }
        s = maskTrailingPartial(s)
        s = Self.maskValues(in: s, after: ["?token=", "&token=", "?authToken=", "&authToken="], stopAt: "&# \"'\n")
        s = Self.maskValues(in: s, after: ["Bearer "], stopAt: " \"'\n,")
        s = Self.maskValues(
            in: s, after: ["\"token\":\"", "\"password\":\"", "\"token\": \"", "\"password\": \""], stopAt: "\"")
        return s
    }

    /// Text that ends inside a token (a body cut off by the server, or by a length cap) ends in
    /// `***` instead of the token's first characters (6 or more of them).
    func maskTrailingPartial(_ text: String) -> String {
        for secret in secrets where secret.count > 6 {
            var k = secret.count - 1
            while k >= 6 {
                if text.hasSuffix(secret.prefix(k)) { return String(text.dropLast(k)) + "***" }
                k -= 1
            }
        }
        return text
    }

    /// Replaces the run of characters after each marker, up to a stop character, with `***`.
    static func maskValues(in text: String, after markers: [String], stopAt stops: String) -> String {
        var s = text
        for marker in markers {
            var searchFrom = s.startIndex
            while let r = s.range(of: marker, range: searchFrom..<s.endIndex) {
                var end = r.upperBound
                while end < s.endIndex, !stops.contains(s[end]) { end = s.index(after: end) }
                let value = s[r.upperBound..<end]
                if value.isEmpty || value == "***" || value.hasPrefix("$CRM_") {
                    searchFrom = end
                    continue
                }
                s.replaceSubrange(r.upperBound..<end, with: "***")
                searchFrom = s.index(r.upperBound, offsetBy: 3, limitedBy: s.endIndex) ?? s.endIndex
            }
        }
        return s
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
