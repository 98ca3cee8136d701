import CRMCore
import Foundation

extension HTTPAPIService {
    /// A runnable curl command for `request`: tokens appear as `$CRM_LEELOO_TOKEN`,
    /// `$CRM_CHATTONIC_TOKEN` and `$CRM_CHATTONIC_APP_TOKEN` inside double quotes so the shell
    /// expands them; a missing base URL or codename appears as its variable too. Never throws.
    public func curlCommand(for request: APIRequest) -> String {
        var placeholder = profile
        placeholder.leelooToken = Self.marker("CRM_LEELOO_TOKEN")
        placeholder.chattonicToken = Self.marker("CRM_CHATTONIC_TOKEN")
        placeholder.chattonicAppToken = Self.marker("CRM_CHATTONIC_APP_TOKEN")
        if placeholder.leelooURL?.isEmpty ?? true { placeholder.leelooURL = Self.marker("CRM_LEELOO_URL") }
        if placeholder.chattonicURL?.isEmpty ?? true { placeholder.chattonicURL = Self.marker("CRM_CHATTONIC_URL") }
        if placeholder.chattonicCodename?.isEmpty ?? true {
            placeholder.chattonicCodename = Self.marker("CRM_CHATTONIC_CODENAME")
        }
        guard let p = try? PreparedRequest.make(request, profile: placeholder) else {
            return "# cannot build curl command"
        }
        var parts = ["curl", "-sS"]
        if request.method != "GET" { parts += ["-X", request.method] }
        parts.append(Self.doubleQuoted(Self.unmarkURL(p.url)))
        for (name, value) in p.headers where name != "User-Agent" {
            parts += ["-H", Self.doubleQuoted(name + ": " + value)]
        }
        if let body = p.body {
            parts += ["-d", Self.singleQuoted(redactor.redact(String(decoding: body, as: UTF8.self)))]
        }
        return redactor.redact(parts.joined(separator: " "))
    }

    /// A marker that survives percent-encoding (only unreserved characters) and becomes `$NAME`.
    static func marker(_ name: String) -> String { "CRMVAR_" + name + "_CRMVAR" }

    /// The URL with percent-encoded markers decoded back to plain markers (none need encoding).
    static func unmarkURL(_ url: String) -> String { url }

    /// `s` in double quotes with `\`, `"`, `` ` `` and `$` escaped, then markers turned into `$NAME`.
    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            if c == "\\" || c == "\"" || c == "`" || c == "$" { out.append("\\") }
            out.append(c)
        }
        out.append("\"")
        var result = out
        while let start = result.range(of: "CRMVAR_"),
            let end = result.range(of: "_CRMVAR", range: start.upperBound..<result.endIndex)
        {
            let name = result[start.upperBound..<end.lowerBound]
            result.replaceSubrange(start.lowerBound..<end.upperBound, with: "$" + name)
        }
        return result
    }

    /// `s` in single quotes (a `'` becomes `'\''`).
    static func singleQuoted(_ s: String) -> String {
        "'" + s.replacingAll("'", with: "'\\''") + "'"
    }
}
