import CRMCore

/// An `APIRequest` resolved against a profile: the full URL, headers and body bytes, ready for
/// the transport. Building one is where missing credentials are found, so a request without a
/// token is never sent.
struct PreparedRequest: Sendable {
    /// The original request.
    var request: APIRequest
    /// The full URL with the query string.
    var url: String
    /// The URL path without host and query, for error messages (`/api/v2/people/42`).
    var displayPath: String
    /// Headers in order.
    var headers: [(String, String)]
    /// The body bytes, if any.
    var body: [UInt8]?

    /// `GET /api/v2/people`, used in error messages.
    var label: String { "\(request.method) \(displayPath)" }

    /// Resolves `request` against `profile`; throws `auth.missing-token` when a base URL, token
    /// or codename the request needs is missing.
    static func make(_ request: APIRequest, profile: Profile) throws(CRMError) -> PreparedRequest {
        let base: String
        var path = request.path.hasPrefix("/") ? request.path : "/" + request.path
        var query = request.query
        var headers: [(String, String)] = [("Accept", "application/json"), ("User-Agent", "crm")]
        switch request.api {
        case .leeloo:
            base = try require(profile.leelooURL, "Leeloo base URL", env: "CRM_LEELOO_URL", profile: profile)
            // Leeloo has one credential: any scheme but `.none` sends the token header.
            if case .none = request.auth {
            } else {
                let token = try require(
                    profile.leelooToken, "Leeloo token", env: "CRM_LEELOO_TOKEN", profile: profile,
                    field: "leeloo_token")
                headers.append(("X-Leeloo-AuthToken", token))
            }
        case .chattonic:
            base = try require(profile.chattonicURL, "Chat-Tonic base URL", env: "CRM_CHATTONIC_URL", profile: profile)
            if request.usesCodename {
                let codename = try require(
                    profile.chattonicCodename, "Chat-Tonic codename", env: "CRM_CHATTONIC_CODENAME", profile: profile)
                // One path segment, whatever the config or a login answer holds (`../x?q#f` stays inside it).
                path = "/api/v1/" + PercentEncoding.segment(codename) + path
            }
            switch request.auth {
            case .standard:
                let token = try require(
                    profile.chattonicToken, "Chat-Tonic token", env: "CRM_CHATTONIC_TOKEN", profile: profile,
                    field: "chattonic_token", extra: " or log in with 'login --username NAME'")
                headers.append(("Authorization", "Bearer " + token))
            case .appTokenQuery:
                let token = try require(
                    profile.chattonicAppToken, "Chat-Tonic app token", env: "CRM_CHATTONIC_APP_TOKEN", profile: profile,
                    field: "chattonic_app_token")
                query.append(("token", token))
            case .none:
                break
            }
        }
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        let encodedPath = PercentEncoding.path(path)
        var url = trimmedBase + encodedPath
        if !query.isEmpty { url += "?" + PercentEncoding.queryString(query) }
        var body: [UInt8]?
        switch request.body {
        case .none: break
        case .json(let v):
            headers.append(("Content-Type", "application/json"))
            body = Array(v.toJSON().utf8)
        case .form(let pairs):
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Array(PercentEncoding.queryString(pairs).utf8)
        }
        return PreparedRequest(
            request: request, url: url, displayPath: urlPath(trimmedBase) + encodedPath, headers: headers, body: body)
    }

    /// The path part of a base URL (`/chattonic` of `http://h:1/chattonic`), or "".
    static func urlPath(_ base: String) -> String {
        guard let schemeEnd = base.range(of: "://") else { return "" }
        let rest = base[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        return String(rest[slash...])
    }

    private static func require(
        _ value: String?, _ what: String, env: String, profile: Profile, field: String? = nil, extra: String = ""
    ) throws(CRMError) -> String {
        if let value, !value.isEmpty {
            // A token with a space or a control character (`env:NAME` resolved at use) is never sent.
            if let field, ProfileChecks.isMalformedToken(value) {
                throw ProfileChecks.badToken(field, place: "of profile '\(profile.name)'")
            }
            return value
        }
        if let field, let name = profile.unresolvedVariables[field] {
            throw CRMError(
                "auth.missing-token",
                "No \(what) in profile '\(profile.name)': its \(field) reads the environment variable \(name), which is not set.",
                help: "set \(name) (or \(env)), or change the profile with 'profile add \(profile.name) …'", exit: .auth
            )
        }
        throw CRMError(
            "auth.missing-token", "No \(what) in profile '\(profile.name)'.",
            help: "set \(env), or run 'profile add NAME …'\(extra) (or start 'crm --demo')", exit: .auth)
    }
}
