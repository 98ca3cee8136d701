import CRMCore
import Foundation

/// Chat-Tonic login and leads: funnels (a map turned into a list), lead records and the emailed
/// export.
enum ChattonicLeadCommands {
    static let group = "chattonic"

    static func commands() -> [Command] {
        let flatLeads = LeadFlattening.adding(
            to: leads, example: "leads --funnel leadForm --group Website --flat --limit 3 # requests: 1", LeadFlattening.lead)
        return [login, funnels, flatLeads, export]
    }

    static let login = APICommand.custom(
        CommandSpec(
            "login", group: group,
            summary: "Log in to Chat-Tonic; the token and app codename go into the session (never printed).",
            flags: [
                FlagSpec("username", short: "u", .string, "User name (asked when left out)"),
                FlagSpec("password-env", .string, "Read the password from this environment variable (for scripts)"),
                FlagSpec("save", .bool, "Also save the token in the profile's config"),
            ],
            examples: ["login --username demo --password-env CRM_DEMO_PASSWORD # requests: 1"],
            endpoints: [EndpointSpec(.chattonic, "POST", "/api/v1/user/login")], isSecretLine: true)
    ) { args, _, ctx, api in
        let session = try ctx.requireSession()
        func request(_ user: String, _ password: String) -> APIRequest {
            APIRequest(
                .chattonic, "POST", "/api/v1/user/login",
                body: .json(.record(Record([("username", .string(user)), ("password", .string(password))]))),
                auth: .none, usesCodename: false)
        }
        let askedUser: String?
        if let given = args.string("username") {
            askedUser = given
        } else {
            askedUser = try await ctx.prompt("Username: ", secret: false)
        }
        guard let user = askedUser?.trimmingCharacters(in: .whitespaces), !user.isEmpty else {
            throw CRMError.usage("missing-flag", "'login' needs --username (there is no terminal to ask).")
        }
        if ctx.settings.curl { return .value(.string(api.curlCommand(for: request(user, "$CRM_CHATTONIC_PASSWORD")))) }
        let password: String
        if let name = args.string("password-env") {
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw CRMError.usage(
                    "missing-password", "The environment variable '\(name)' given to --password-env is not set.")
            }
            password = value
        } else {
            guard let typed = try await ctx.prompt("Password: ", secret: true), !typed.isEmpty else {
                throw CRMError.usage(
                    "missing-password", "'login' needs a password: run it at a terminal or pass --password-env NAME.")
            }
            password = typed
        }
        let body = try await api.send(request(user, password))
        guard let token = body[field: "token"]?.stringValue ?? body[field: "accessToken"]?.stringValue, !token.isEmpty
        else {
            throw CRMError("login.no-token", "Chat-Tonic accepted the login but sent no token.", exit: .auth)
        }
        let codename = body[field: "appCodename"]?.stringValue
        // The codename becomes a path segment of every later request: a server that answers one
        // that is not a plain name (`../../evil/x?q=1#f`) is refused, and nothing is saved.
        if let codename, !Self.isPlainCodename(codename) {
            throw CRMError(
                "login.bad-codename",
                "Chat-Tonic answered an appCodename that is not a plain name: '\(codename.prefix(80))'. Nothing was saved.",
                help: "set it yourself: chattonic_codename in the profile, or CRM_CHATTONIC_CODENAME", exit: .api)
        }
        try session.setChattonicLogin(token: token, codename: codename, persist: args.bool("save"))
        let who = body[field: "username"]?.stringValue ?? user
        return .value(.string("Logged in as \(who) (codename \(codename ?? "unknown"))"))
    }

    /// Letters, digits, `_`, `-` and `.` (not `.` or `..` alone), at most 100: what an
    /// application codename looks like, and safe as a path segment.
    static func isPlainCodename(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 100 && s != "." && s != ".."
            && s.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)) }
    }

    static let funnels = APICommand.custom(
        CommandSpec(
            "funnels", group: group, summary: "List lead funnels as records {id, interactions, groups}.",
            flags: [
                FlagSpec("account", .string, "Only the funnels of this bot account (accountId)"), CommonFlags.limit,
            ],
            examples: ["funnels # requests: 1", "funnels | get id # requests: 1"],
            endpoints: [CommonFlags.ct("GET", "/lead/funnels")]
        )
    ) { args, _, ctx, api in
        let cap = args.int("limit") ?? Int.max
        func request(skip: Int) -> APIRequest {
            APIRequest(
                .chattonic, "GET", "/lead/funnels",
                query: [("skip", String(skip)), ("limit", "100")] + Build.query([("accountId", args.string("account"))])
            )
        }
        if ctx.settings.curl { return .value(.string(api.curlCommand(for: request(skip: 0)))) }
        var out: [Value] = []
        var skip = 0
        while out.count < cap {
            let page = funnelList(try await api.send(request(skip: skip)))
            out += page.prefix(cap - out.count)
            guard page.count >= 100 else { break }
            skip += 100
        }
        return .value(.list(out))
    }

    /// The `funnels` map of a response as records `{id, interactions, groups}` in key order.
    static func funnelList(_ body: Value) -> [Value] {
        let map = body[field: "funnels"]
        if let list = map?.listValue { return list }
        return map?.recordValue?.map { key, value in
            .record(
                Record([
                    ("id", .string(key)), ("interactions", value[field: "interactions"] ?? .list([])),
                    ("groups", value[field: "groups"] ?? .list([])),
                ]))
        } ?? []
    }

    static func leadQuery(_ args: Arguments) -> [(String, String)] {
        Build.query([
            ("funnel", args.string("funnel")), ("funnelGroup", args.string("group")),
        ])
    }

    static let filterFlags = [
        FlagSpec("funnel", .string, "Funnel key (required)", completion: .dynamic("funnels")),
        FlagSpec("group", .string, "Funnel group name (required)", completion: .dynamic("groups")),
        FlagSpec("account", .string, "Only this bot account"),
        FlagSpec("from", .string, "Created on or after (ISO-8601)"),
        FlagSpec("to", .string, "Created on or before (ISO-8601)"),
    ]

    static func optionalQuery(_ args: Arguments) -> [(String, String)] {
        Build.query([
            ("account", args.string("account")), ("startDate", args.string("from")), ("endDate", args.string("to")),
        ])
    }

    static let leads = APICommand.custom(
        CommandSpec(
            "leads", group: group, summary: "List the lead records of a funnel group.",
            flags: filterFlags + [CommonFlags.limit],
            examples: [
                "for f in (funnels | first 1) | leads --funnel $f.id --group $f.groups[0].name --limit 5 # requests: 2"
            ],
            endpoints: [CommonFlags.ct("GET", "/lead/records")]),
        required: ["funnel", "group"], dates: ["from", "to"]
    ) { args, _, ctx, api in
        let request = APIRequest(.chattonic, "GET", "/lead/records", query: leadQuery(args) + optionalQuery(args))
        let out = try await APICommand.perform(
            request, shape: .stream(CommonFlags.chattonicPaging), args: args, ctx: ctx, api: api)
        return EmptyListCheck.funnelGroup(
            out, funnel: args.string("funnel") ?? "", group: args.string("group") ?? "", command: "leads", ctx: ctx,
            api: api)
    }

    static let export = APICommand.make(
        CommandSpec(
            "leads export", group: group, summary: "Ask Chat-Tonic to email an export of a funnel group's leads.",
            flags: filterFlags + [
                FlagSpec("type", .choice(["csv", "json", "xlsx"]), "File type (required)"),
                FlagSpec("bot", .string, "Bot name (required)"),
            ],
            examples: [
                "for f in (funnels | first 1) | leads export --funnel $f.id --group $f.groups[0].name --type csv --bot demo # requests: 2"
            ],
            endpoints: [CommonFlags.ct("GET", "/lead/export")]),
        required: ["funnel", "group", "type", "bot"], dates: ["from", "to"], shape: .body
    ) { args, _, _ in
        APIRequest(
            .chattonic, "GET", "/lead/export",
            query: leadQuery(args) + Build.query([("exportType", args.string("type")), ("bot", args.string("bot"))])
                + optionalQuery(args))
    }
}
