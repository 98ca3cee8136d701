import Foundation

/// Removes credentials from text before it reaches a trace, an error message or a curl line:
/// every known token value, `token=`/`authToken=` query values, `Bearer` values and JSON
/// `"token"`/`"password"` fields all become `***`.
struct Redactor: Sendable {
    /// The token values to hide (values shorter than 4 characters are ignored: too likely to
    /// match ordinary text, and too short to be real tokens).
    let secrets: [String]

    init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    /// `text` with every credential replaced by `***`.
    func redact(_ text: String) -> String {
        var s = text
        for secret in secrets where s.contains(secret) { s = s.replacingAll(secret, with: "***") }
        s = Self.maskValues(in: s, after: ["?token=", "&token=", "?authToken=", "&authToken="], stopAt: "&# \"'\n")
        s = Self.maskValues(in: s, after: ["Bearer "], stopAt: " \"'\n,")
        s = Self.maskValues(
            in: s, after: ["\"token\":\"", "\"password\":\"", "\"token\": \"", "\"password\": \""], stopAt: "\"")
        return s
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
