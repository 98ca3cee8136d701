/// How careful crm must be with a profile: bulk writes on `prod` ask for confirmation.
public enum SafetyClass: String, Sendable, CaseIterable {
    /// The built-in sandbox or a throw-away account.
    case demo
    /// A test account of the vendor.
    case staging
    /// Real customers. The safe assumption for anything unknown.
    case prod
}

/// One named set of endpoints and credentials.
///
/// Tokens are plain strings here (a token may be `env:NAME`, resolved at use by `Session`), but no
/// code path prints them: listings mask them and traces redact them.
public struct Profile: Sendable, Equatable {
    /// The profile name (`demo`, `prod`, `env`, …).
    public var name: String
    /// The safety class.
    public var safetyClass: SafetyClass
    /// Leeloo base URL (`https://api.leeloo.ai`).
    public var leelooURL: String?
    /// Leeloo `X-Leeloo-AuthToken`.
    public var leelooToken: String?
    /// Chat-Tonic base URL (the part before `/api/v1`).
    public var chattonicURL: String?
    /// Chat-Tonic application codename (the `{codename}` path segment).
    public var chattonicCodename: String?
    /// Chat-Tonic Bearer access token.
    public var chattonicToken: String?
    /// Chat-Tonic app token for the archive endpoints.
    public var chattonicAppToken: String?

    /// A profile; every endpoint and credential is optional.
    public init(
        name: String, safetyClass: SafetyClass, leelooURL: String? = nil, leelooToken: String? = nil,
        chattonicURL: String? = nil, chattonicCodename: String? = nil, chattonicToken: String? = nil,
        chattonicAppToken: String? = nil
    ) {
        self.name = name
        self.safetyClass = safetyClass
        self.leelooURL = leelooURL
        self.leelooToken = leelooToken
        self.chattonicURL = chattonicURL
        self.chattonicCodename = chattonicCodename
        self.chattonicToken = chattonicToken
        self.chattonicAppToken = chattonicAppToken
    }

    /// Token fields (`leeloo_token`, …) whose `env:NAME` reference was unset when resolved, with
    /// that NAME, so a missing-token error can name the right variable.
    var unresolvedVariables: [String: String] = [:]

    /// Every token field that is set, in a fixed order.
    var tokens: [String] { [leelooToken, chattonicToken, chattonicAppToken].compactMap { $0 }.filter { !$0.isEmpty } }
}
