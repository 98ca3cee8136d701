import CRMCore
import Foundation
import Synchronization

/// The session: profiles from `config.toml`, environment overrides, tokens typed during the
/// session, the current profile and the cached client for it.
///
/// Where a profile comes from, in order of precedence: an in-memory overlay (the demo profile,
/// environment overrides of the selected profile, tokens typed with `persist: false`), then the
/// config file. Only config-file profiles are ever written back, so environment and session
/// tokens reach the disk only when the user asks (`persist: true` or `profile add`).
///
/// Environment: `CRM_PROFILE` selects a profile. If any of `CRM_LEELOO_URL`, `CRM_LEELOO_TOKEN`,
/// `CRM_CHATTONIC_URL`, `CRM_CHATTONIC_CODENAME`, `CRM_CHATTONIC_TOKEN`,
/// `CRM_CHATTONIC_APP_TOKEN` is set, it overrides that field of the selected profile, or forms a
/// profile named `env` (or `$CRM_PROFILE`) when none is selected. The class of a profile formed
/// from the environment, or of one whose URLs the environment changed, is `CRM_PROFILE_CLASS`
/// (default `prod`, the safe assumption); token-only overrides keep the profile's class unless
/// `CRM_PROFILE_CLASS` is set.
public final class Session: SessionContext, Sendable {
    struct State: Sendable {
        var config = ConfigFile()
        var overlays: [Profile] = []
        var sources: [String: String] = [:]
        var current: String?
        var cache: (profile: Profile, options: ClientOptions, service: HTTPAPIService)?
        /// Every token this session has known, replaced ones too (see `secrets`).
        var known: [String] = []
    }

    let state = Mutex(State())
    /// The config file, or nil for a session that never touches the disk.
    let configURL: URL?
    /// The environment the session was made with (for `env:NAME` tokens).
    let environment: [String: String]
    /// What loading found worth saying (a config file holding tokens that others may read).
    public let warnings: [String]

    /// The environment variables that override profile fields.
    static let overrideVariables = [
        "CRM_LEELOO_URL", "CRM_LEELOO_TOKEN", "CRM_CHATTONIC_URL", "CRM_CHATTONIC_CODENAME", "CRM_CHATTONIC_TOKEN",
        "CRM_CHATTONIC_APP_TOKEN",
    ]

    /// Loads `configURL` if the file exists (nil: no config file at all, profiles live in memory)
    /// and applies the environment overrides. Throws `config.invalid` for a malformed file and a
    /// usage error for an unknown `CRM_PROFILE` or `CRM_PROFILE_CLASS`.
    public init(configURL: URL?, environment: [String: String]) throws {
        self.configURL = configURL
        self.environment = environment
        let config = try configURL.map { url throws(CRMError) in try ConfigFile.load(url) } ?? ConfigFile()
        warnings = configURL.flatMap { config.permissionWarning($0) }.map { [$0] } ?? []
        let env = { (k: String) -> String? in environment[k].flatMap { $0.isEmpty ? nil : $0 } }
        var envClass: SafetyClass?
        if let c = env("CRM_PROFILE_CLASS") {
            guard let sc = SafetyClass(rawValue: c.lowercased()) else {
                throw CRMError.usage(
                    "profile-class", "Unknown CRM_PROFILE_CLASS '\(c)' (expected demo, staging or prod).")
            }
            envClass = sc
        }
        let configSource = "the config file '\(configURL?.path ?? "")'"
        for p in config.profiles { try ProfileChecks.check(p, source: configSource) }
        let names = config.profiles.map(\.name)
        var selected = env("CRM_PROFILE")
        let hasOverrides = Self.overrideVariables.contains { env($0) != nil }
        if let s = selected, !names.contains(s), !hasOverrides {
            throw CRMError.usage(
                "profile", "Unknown profile '\(s)' in CRM_PROFILE" + Suggestion.didYouMean(s, in: names))
        }
        if selected == nil {
            if let current = config.current, !names.contains(current) {
                throw CRMError(
                    "config.invalid",
                    "'current' in \(configSource) names the profile '\(current)', which it does not define"
                        + Suggestion.didYouMean(current, in: names),
                    help: "fix 'current', or pick a profile with --profile NAME or CRM_PROFILE", exit: .usage)
            }
            selected = config.current ?? names.first
        }
        var s = State()
        s.config = config
        if hasOverrides {
            let name = selected ?? "env"
            let base = config.profiles.first { $0.name == name }
            var p = base ?? Profile(name: name, safetyClass: envClass ?? .prod)
            if let v = env("CRM_LEELOO_URL") { p.leelooURL = v }
            if let v = env("CRM_LEELOO_TOKEN") { p.leelooToken = v }
            if let v = env("CRM_CHATTONIC_URL") { p.chattonicURL = v }
            if let v = env("CRM_CHATTONIC_CODENAME") { p.chattonicCodename = v }
            if let v = env("CRM_CHATTONIC_TOKEN") { p.chattonicToken = v }
            if let v = env("CRM_CHATTONIC_APP_TOKEN") { p.chattonicAppToken = v }
            let urlsChanged = env("CRM_LEELOO_URL") != nil || env("CRM_CHATTONIC_URL") != nil
            if let envClass { p.safetyClass = envClass } else if base != nil, urlsChanged { p.safetyClass = .prod }
            try ProfileChecks.check(p, source: "the environment")
            s.overlays.append(p)
            s.sources[name] = "env"
            selected = name
        }
        s.current = selected
        state.withLock { $0 = s }
    }

    /// `$XDG_CONFIG_HOME/crm/config.toml`, else `~/.config/crm/config.toml`.
    public static func defaultConfigURL(environment: [String: String]) -> URL {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty, xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("crm").appendingPathComponent("config.toml")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/crm/config.toml")
    }

    /// Adds the built-in sandbox profile `demo` (class demo, in memory only) and makes it current.
    public func registerDemoProfile(
        leelooURL: String, chattonicURL: String, leelooToken: String, chattonicToken: String, appToken: String,
        codename: String
    ) {
        let p = Profile(
            name: "demo", safetyClass: .demo, leelooURL: leelooURL, leelooToken: leelooToken,
            chattonicURL: chattonicURL,
            chattonicCodename: codename, chattonicToken: chattonicToken, chattonicAppToken: appToken)
        state.withLock { s in
            s.setOverlay(p)
            s.sources["demo"] = "demo"
            s.current = "demo"
        }
    }

    /// The current profile with `env:NAME` tokens resolved, or nil when there is none.
    public var currentProfile: Profile? {
        state.withLock { s in s.current.flatMap { s.profile(named: $0) } }.map(resolve)
    }

    /// Whether any profile exists (config, environment or demo).
    public var hasAnyProfile: Bool { state.withLock { !$0.allNames.isEmpty } }

    /// The client for the current profile; the same instance until the profile, its tokens or
    /// `options` change. Nil when no profile is selected.
    public func service(options: ClientOptions, notice: @escaping NoticeHandler) -> HTTPAPIService? {
        guard let profile = currentProfile else { return nil }
        return state.withLock { s in
            if let c = s.cache, c.profile == profile, c.options == options { return c.service }
            let svc = HTTPAPIService(profile: profile, options: options, notice: notice)
            s.cache = (profile, options, svc)
            return svc
        }
    }

    /// Every token value this session has known, resolved (for redaction by the shell): the
    /// tokens of the profiles now, and those replaced since (`set-token` over an earlier one).
    /// A line that holds a replaced token still holds a secret: after a `set-token` the previous
    /// token was no longer filtered from history and recordings.
    public var secrets: [String] {
        let all = state.withLock { s in s.allNames.compactMap { s.profile(named: $0) } + s.config.profiles }
        var now: [String] = []
        for p in all.map(resolve) { for t in p.tokens where !now.contains(t) { now.append(t) } }
        return state.withLock { s in
            for t in now where !s.known.contains(t) { s.known.append(t) }
            return s.known
        }
    }

    /// `p` with every `env:NAME` token replaced by the variable's value (nil when unset).
    func resolve(_ p: Profile) -> Profile {
        var r = p
        r.leelooToken = resolveToken(p.leelooToken)
        r.chattonicToken = resolveToken(p.chattonicToken)
        r.chattonicAppToken = resolveToken(p.chattonicAppToken)
        for (field, raw, value) in [
            ("leeloo_token", p.leelooToken, r.leelooToken), ("chattonic_token", p.chattonicToken, r.chattonicToken),
            ("chattonic_app_token", p.chattonicAppToken, r.chattonicAppToken),
        ] where value == nil {
            if let raw, raw.hasPrefix("env:") { r.unresolvedVariables[field] = String(raw.dropFirst(4)) }
        }
        return r
    }

    func resolveToken(_ raw: String?) -> String? {
        guard let raw, raw.hasPrefix("env:") else { return raw }
        let name = String(raw.dropFirst(4))
        return environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension Session.State {
    /// Overlay first, then config.
    func profile(named name: String) -> Profile? {
        overlays.first { $0.name == name } ?? config.profiles.first { $0.name == name }
    }

    /// Config names in file order, then overlay-only names (one pass: a config may hold
    /// thousands of profiles).
    var allNames: [String] {
        var names = config.profiles.map(\.name)
        var seen = Set(names)
        for o in overlays where seen.insert(o.name).inserted { names.append(o.name) }
        return names
    }

    /// Every profile by name, an overlay over the config's of the same name (as `profile(named:)`).
    var profilesByName: [String: Profile] {
        var out: [String: Profile] = [:]
        for p in config.profiles where out[p.name] == nil { out[p.name] = p }
        for o in overlays.reversed() { out[o.name] = o }
        return out
    }

    mutating func setOverlay(_ p: Profile) {
        if let i = overlays.firstIndex(where: { $0.name == p.name }) { overlays[i] = p } else { overlays.append(p) }
    }
}
