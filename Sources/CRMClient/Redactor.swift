import CRMCore
import Foundation

/// Removes credentials from text before it reaches a trace, an error message or a curl line:
/// every known token value, `token=`/`authToken=` query values, `Bearer` values and JSON
/// `"token"`/`"password"` fields all become `***`.
struct Redactor: Sendable {
    /// The token values to hide (values shorter than 4 characters are ignored: too likely to
    /// match ordinary text, and too short to be real tokens).
    let secrets: [String]
    /// The secrets as given, for the pass that finds mixed encodings (`maskEncoded`).
    let originals: [String]

    init(secrets: [String]) {
        originals = secrets.filter { $0.count >= 4 }
        var forms: [String] = []
        for secret in secrets where secret.count >= 4 {
            for form in Self.forms(of: secret) where !forms.contains(form) { forms.append(form) }
        }
        self.secrets = forms.sorted { $0.count > $1.count }
    }

    /// The whole-string ways a server may echo `secret`, replaced in one fast pass: raw,
    /// JSON-escaped (`\/`, `\"`, `\\`) and percent-encoded (strictly, or leaving the characters a
    /// query or a path allows; hex digits in upper and lower case). `\uXXXX`, HTML entities,
    /// Latin-1 mojibake, any mixture of encodings and a token split by a line break are found by
    /// `maskEncoded`, the one owner of the per-character encodings.
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
        for secret in originals { s = Self.maskEncoded(secret, in: s) }
        s = maskTrailingPartial(s)
        s = Self.maskValues(in: s, after: ["?token=", "&token=", "?authToken=", "&authToken="], stopAt: "&# \"'\n")
        s = Self.maskValues(in: s, after: ["Bearer "], stopAt: " \"'\n,")
        s = Self.maskValues(
            in: s, after: ["\"token\":\"", "\"password\":\"", "\"token\": \"", "\"password\": \""], stopAt: "\"")
        return s
    }

    /// `text` with `secret` masked wherever it appears with its characters written in any mix of
    /// the encodings a server may use — raw, JSON (`\\/`, `\\uXXXX` in either case), HTML
    /// (named, `&#N;`, `&#xH;`), percent-encoded UTF-8, UTF-8 bytes read as Latin-1 — and with line
    /// breaks (and a continuation's indentation) between them: a server that escapes some
    /// characters and not others, or wraps long values. The plain forms are replaced first; this
    /// pass finds the mixtures.
    static func maskEncoded(_ secret: String, in text: String) -> String {
        let want = secret.unicodeScalars.map(encodings(of:))
        let have = Array(text.unicodeScalars)
        guard want.count >= 4 else { return text }
        var out = String.UnicodeScalarView()
        var i = 0
        var masked = false
        while i < have.count {
            if let end = match(want, have, from: i) {
                out.append(contentsOf: "***".unicodeScalars)
                i = end
                masked = true
                continue
            }
            out.append(have[i])
            i += 1
        }
        return masked ? String(out) : text
    }

    /// The ways one character may be written, each as scalars.
    static func encodings(of c: Unicode.Scalar) -> [[Unicode.Scalar]] {
        var forms: [String] = [String(c)]
        for unit in String(c).utf16 {
            let hex = String(unit, radix: 16, uppercase: true)
            let padded = String(repeating: "0", count: 4 - hex.count) + hex
            forms.append("\\u" + padded)
            forms.append("\\u" + padded.lowercased())
        }
        if c == "/" || c == "\"" || c == "\\" { forms.append("\\" + String(c)) }
        forms.append("&#\(c.value);")
        forms.append("&#x" + String(c.value, radix: 16) + ";")
        forms.append("&#x" + String(c.value, radix: 16, uppercase: true) + ";")
        switch c {
        case "&": forms.append("&amp;")
        case "<": forms.append("&lt;")
        case ">": forms.append("&gt;")
        case "\"": forms.append("&quot;")
        case "'": forms += ["&#39;", "&apos;"]
        default: break
        }
        let bytes = Array(String(c).utf8)
        forms.append(bytes.map { String(format: "%%%02X", $0) }.joined())
        forms.append(bytes.map { String(format: "%%%02x", $0) }.joined())
        if bytes.count > 1 { forms.append(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))) }
        return forms.map { Array($0.unicodeScalars) }
    }

    /// The end of the secret matched in `have` from `start`, or nil.
    private static func match(_ want: [[[Unicode.Scalar]]], _ have: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        for (k, forms) in want.enumerated() {
            if k > 0 { i = skipBreak(have, i) }
            guard let form = forms.first(where: { f in i + f.count <= have.count && have[i..<(i + f.count)].elementsEqual(f) })
            else { return nil }
            i += form.count
        }
        return i
    }

    /// Past a line break and the indentation after it, if one starts at `i`.
    private static func skipBreak(_ have: [Unicode.Scalar], _ i: Int) -> Int {
        var j = i
        if j < have.count, have[j] == "\r" { j += 1 }
        guard j < have.count, have[j] == "\n" else { return i }
        j += 1
        while j < have.count, have[j] == " " || have[j] == "\t" { j += 1 }
        return j
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
