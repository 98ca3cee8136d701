/// One served API route: its documented method and path template, how it authenticates, and the
/// handler that answers it from the world.
struct SandboxRoute: Sendable {
    /// How a route authenticates.
    enum Auth: Sendable {
        /// The `X-Leeloo-AuthToken` header (only; the token is compared as sent).
        case leeloo
        /// `Authorization: Bearer <token>` (Chat-Tonic).
        case bearer
        /// The Chat-Tonic app token in the `token` query parameter (archives).
        case appToken
        /// No authentication (Chat-Tonic login).
        case none
    }

    typealias Handler = @Sendable (inout SandboxWorld, SandboxRequest) -> SandboxReply

    let method: String
    /// The documented template; Chat-Tonic ones without the `/chattonic` prefix.
    let path: String
    let auth: Auth
    let handler: Handler
    /// The served path split into segments; `{name}` segments capture a parameter.
    let segments: [Substring]

    var isChattonic: Bool { auth != .leeloo }
    var isWrite: Bool { method != "GET" }

    init(_ method: String, _ path: String, _ auth: Auth, _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.auth = auth
        self.handler = handler
        let served = auth == .leeloo ? path : "/chattonic" + path
        segments = served.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// The captured parameters when `parts` (the request path split on `/`) matches this route.
    func match(_ parts: [Substring]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var params: [String: String] = [:]
        for (template, part) in zip(segments, parts) {
            if template.first == "{" && template.last == "}" {
                params[String(template.dropFirst().dropLast())] = SandboxRequest.percentDecode(part)
            } else if template != part {
                return nil
            }
        }
        return params
    }
}
