import CRMCore

/// `SessionContext`: what the `profile`, `whoami` and login commands see.
extension Session {
    /// The current profile's name, or `none`.
    public var profileName: String { state.withLock { $0.current } ?? "none" }

    /// The current profile's safety class (`prod` when there is no profile: the safe assumption).
    public var safetyClass: String { currentProfile?.safetyClass.rawValue ?? SafetyClass.prod.rawValue }

    /// One record per profile, tokens shown only as `set`/`not set`.
    public func listProfiles() -> [Value] {
        let (names, current, byName) = state.withLock { ($0.allNames, $0.current, $0.profilesByName) }
        return names.compactMap { name in
            guard let p = byName[name] else { return nil }
            let r = resolve(p)
            return .record(
                Record([
                    ("name", .string(name)), ("class", .string(p.safetyClass.rawValue)),
                    ("current", .bool(name == current)),
                    ("source", .string(source(of: name))),
                    ("leeloo_url", p.leelooURL.map(Value.string) ?? .null),
                    ("chattonic_url", p.chattonicURL.map(Value.string) ?? .null),
                    ("codename", p.chattonicCodename.map(Value.string) ?? .null),
                    ("leeloo_token", .string(r.leelooToken == nil ? "not set" : "set")),
                    ("chattonic_token", .string(r.chattonicToken == nil ? "not set" : "set")),
                    ("app_token", .string(r.chattonicAppToken == nil ? "not set" : "set")),
                ]))
        }
    }

    /// The profile `name` (current when nil) with tokens masked as `sand…(20 chars)`.
    public func showProfile(_ name: String?) throws -> Value {
        let p = try profileOrThrow(name)
        return .record(
            Record([
                ("name", .string(p.name)), ("class", .string(p.safetyClass.rawValue)),
                ("current", .bool(p.name == state.withLock { $0.current })), ("source", .string(source(of: p.name))),
                ("leeloo_url", p.leelooURL.map(Value.string) ?? .null),
                ("leeloo_token", .string(mask(p.leelooToken))),
                ("chattonic_url", p.chattonicURL.map(Value.string) ?? .null),
                ("codename", p.chattonicCodename.map(Value.string) ?? .null),
                ("chattonic_token", .string(mask(p.chattonicToken))),
                ("app_token", .string(mask(p.chattonicAppToken))),
            ]))
    }

    /// Makes `name` current for this session (the config's `current` is not changed).
    public func useProfile(_ name: String) throws {
        try state.withLock { s throws(CRMError) in
            guard s.profile(named: name) != nil else {
                throw CRMError.usage(
                    "profile", "Unknown profile '\(name)'" + Suggestion.didYouMean(name, in: s.allNames))
            }
            s.current = name
        }
    }

    /// Adds or replaces the config profile `name` from `profile add` fields (class, leeloo_url,
    /// leeloo_token, chattonic_url, codename, chattonic_token, app_token) and saves the config.
    public func addProfile(_ name: String, fields: Record) throws {
        let p = try ProfileFields.profile(named: name, from: fields)
        _ = secrets  // a profile replaced keeps its tokens known (and filtered)
        try state.withLock { s throws(CRMError) in
            var config = s.config
            if let i = config.profiles.firstIndex(where: { $0.name == name }) {
                config.profiles[i] = p
            } else {
                config.profiles.append(p)
            }
            if config.current == nil { config.current = name }
            if let url = configURL { try config.save(to: url) }
            s.config = config
            s.overlays.removeAll { $0.name == name }
            s.sources[name] = nil
            if s.current == nil { s.current = name }
        }
    }

    /// Stores a Chat-Tonic login (token and codename) on the current profile; in the config
    /// file only when `persist` is true.
    public func setChattonicLogin(token: String, codename: String?, persist: Bool) throws {
        try Self.checkTyped(token, field: "chattonic_token")
        try update(persist: persist) { p in
            p.chattonicToken = token
            if let codename, !codename.isEmpty { p.chattonicCodename = codename }
        }
    }

    /// Sets the token for `api` on the current profile; in the config file only when `persist`.
    public func setToken(_ token: String, for api: API, persist: Bool) throws {
        try Self.checkTyped(token, field: api == .leeloo ? "leeloo_token" : "chattonic_token")
        try update(persist: persist) { p in
            switch api {
            case .leeloo: p.leelooToken = token
            case .chattonic: p.chattonicToken = token
            }
        }
    }

    /// Sets the Chat-Tonic app token (archive endpoints) on the current profile; in the config
    /// file only when `persist`.
    public func setAppToken(_ token: String, persist: Bool) throws {
        try Self.checkTyped(token, field: "chattonic_app_token")
        try update(persist: persist) { p in p.chattonicAppToken = token }
    }

    /// Refuses a typed token holding spaces or control characters, without printing it.
    private static func checkTyped(_ token: String, field: String) throws(CRMError) {
        if ProfileChecks.isMalformedToken(token) { throw ProfileChecks.badToken(field, place: "given") }
    }

    /// Who and where: profile, class, base URLs, codename and which tokens are set.
    public func whoami() -> Value {
        guard let p = currentProfile else {
            return .record(Record([("profile", .null), ("class", .string(safetyClass))]))
        }
        return .record(
            Record([
                ("profile", .string(p.name)), ("class", .string(p.safetyClass.rawValue)),
                ("leeloo_url", p.leelooURL.map(Value.string) ?? .null),
                ("chattonic_url", p.chattonicURL.map(Value.string) ?? .null),
                ("codename", p.chattonicCodename.map(Value.string) ?? .null),
                ("leeloo_token", .string(p.leelooToken == nil ? "not set" : "set")),
                ("chattonic_token", .string(p.chattonicToken == nil ? "not set" : "set")),
                ("app_token", .string(p.chattonicAppToken == nil ? "not set" : "set")),
            ]))
    }

    // MARK: - Helpers

    private func update(persist: Bool, _ change: (inout Profile) -> Void) throws {
        _ = secrets  // the tokens about to be replaced stay known (and filtered)
        try state.withLock { s throws(CRMError) in
            guard let name = s.current, var p = s.profile(named: name) else {
                throw CRMError(
                    "auth.no-profile", "No profile is selected.",
                    help: "add one with 'profile add NAME …' or start 'crm --demo'",
                    exit: .auth)
            }
            change(&p)
            if persist {
                guard let i = s.config.profiles.firstIndex(where: { $0.name == name }), let url = configURL else {
                    throw CRMError(
                        "config.not-saved",
                        "Profile '\(name)' is not in the config file, so its token cannot be saved.",
                        help: "save it first with 'profile add \(name) …'")
                }
                var config = s.config
                change(&config.profiles[i])
                try config.save(to: url)
                s.config = config
            }
            if s.overlays.contains(where: { $0.name == name }) || !persist {
                s.setOverlay(p)
                if s.sources[name] == nil { s.sources[name] = "session" }
            }
        }
    }

    private func profileOrThrow(_ name: String?) throws(CRMError) -> Profile {
        let found: Profile? = state.withLock { s in (name ?? s.current).flatMap { s.profile(named: $0) } }
        guard let found else {
            guard let name else {
                throw CRMError(
                    "auth.no-profile", "No profile is selected.", help: "add one with 'profile add NAME …'", exit: .auth
                )
            }
            let names = state.withLock { $0.allNames }
            throw CRMError.usage("profile", "Unknown profile '\(name)'" + Suggestion.didYouMean(name, in: names))
        }
        return found
    }

    private func source(of name: String) -> String {
        state.withLock { $0.sources[name] } ?? "config"
    }

    /// `env:NAME (set)`, `sand…(20 chars)`, `set` or `not set`.
    func mask(_ raw: String?) -> String {
        guard let raw, !raw.isEmpty else { return "not set" }
        if raw.hasPrefix("env:") { return raw + (resolveToken(raw) == nil ? " (not set)" : " (set)") }
        if raw.count >= 12 { return String(raw.prefix(4)) + "…(\(raw.count) chars)" }
        return "set"
    }
}
