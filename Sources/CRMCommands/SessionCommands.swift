import CRMCore

/// Profiles and tokens: `profile list|use|show|add`, `whoami`, `set-token`. They talk to the
/// `SessionContext`, never to the network.
enum SessionCommands {
    static let group = "session"

    static func commands() -> [Command] { [list, use, show, add, whoami, setToken] }

    static func make(_ spec: CommandSpec, run: @escaping @Sendable (Arguments, any SessionContext) throws -> Value)
        -> Command
    {
        Command(spec) { args, _, ctx in
            do { return .value(try run(args, try ctx.requireSession())) } catch let error as CRMError {
                throw error.located(ctx.location)
            }
        }
    }

    static let list = make(
        CommandSpec(
            "profile list", aliases: ["profiles"], group: group, summary: "List profiles (tokens are never shown).",
            examples: ["profile list"])
    ) { _, session in .list(session.listProfiles()) }

    static let use = make(
        CommandSpec(
            "profile use", group: group, summary: "Switch to another profile.",
            parameters: [ParameterSpec("name", .string, "Profile name", completion: .dynamic("profiles"))],
            examples: ["profile use (profile list | first | get name)"])
    ) { args, session in
        let name = try args.need("name", for: "profile use")
        try session.useProfile(name)
        return .string("Using profile '\(session.profileName)' (\(session.safetyClass)).")
    }

    static let show = make(
        CommandSpec(
            "profile show", group: group, summary: "Show a profile (the current one by default) with tokens masked.",
            parameters: [
                ParameterSpec("name", .string, "Profile name", optional: true, completion: .dynamic("profiles"))
            ],
            examples: ["profile show"])
    ) { args, session in try session.showProfile(args.string("name")) }

    /// The `profile add` flags; their names are the keys of the record given to `addProfile`.
    static let profileFields: [FlagSpec] = [
        FlagSpec("class", .choice(["demo", "staging", "prod"]), "Safety class (default prod)"),
        FlagSpec("leeloo-url", .string, "Leeloo base URL (https://api.leeloo.ai)"),
        FlagSpec("leeloo-token", .string, "Leeloo token, or env:NAME", secret: true),
        FlagSpec("chattonic-url", .string, "Chat-Tonic base URL"),
        FlagSpec("codename", .string, "Chat-Tonic app codename"),
        FlagSpec("chattonic-token", .string, "Chat-Tonic access token, or env:NAME", secret: true),
        FlagSpec("app-token", .string, "Chat-Tonic app token (archives), or env:NAME", secret: true),
    ]

    static let add = make(
        CommandSpec(
            "profile add", group: group, summary: "Add or replace a profile and save it to the config file.",
            parameters: [ParameterSpec("name", .string, "Profile name")], flags: profileFields,
            examples: [
                "profile add staging --class staging --leeloo-url https://api.stage.leeloo.ai --leeloo-token env:STAGE_TOKEN"
            ],
            isSecretLine: true)
    ) { args, session in
        let name = try args.need("name", for: "profile add")
        var fields = Record()
        for flag in profileFields { if let v = args.string(flag.name) { fields[flag.name] = .string(v) } }
        try session.addProfile(name, fields: fields)
        return .string("Saved profile '\(name)'.")
    }

    static let whoami = make(
        CommandSpec(
            "whoami", group: group, summary: "Show the current profile, class, base URLs and which tokens are set.",
            examples: ["whoami"])
    ) { _, session in session.whoami() }

    static let setToken = make(
        CommandSpec(
            "set-token", group: group, summary: "Set a token for this session (and the config with --save).",
            parameters: [
                ParameterSpec("api", .choice(["leeloo", "chattonic", "app"]), "Which token"),
                ParameterSpec("token", .string, "The token"),
            ],
            flags: [FlagSpec("save", .bool, "Also save it in the current profile's config")],
            examples: ["set-token leeloo demo-leeloo-token"], isSecretLine: true)
    ) { args, session in
        let which = try args.need("api", for: "set-token")
        let token = try args.need("token", for: "set-token")
        let save = args.bool("save")
        switch which {
        case "app":
            try session.setAppToken(token, persist: save)
        default:
            guard let api = API(rawValue: which) else {
                throw CRMError.usage("bad-value", "Expected leeloo, chattonic or app, got '\(which)'.")
            }
            try session.setToken(token, for: api, persist: save)
        }
        return .string("Set the \(which) token" + (save ? " and saved it." : " for this session."))
    }
}
