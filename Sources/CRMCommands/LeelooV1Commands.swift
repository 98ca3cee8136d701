import CRMCore

/// Leeloo v1 accounts (one account = one channel): list by comma tag list, get, messages, create,
/// tags. v1 users, orders and sends live beside their v2 forms (`UserCommands`, `OrderCommands`,
/// `SendCommands`).
enum LeelooV1Commands {
    static let group = "leeloo v1"

    static func commands() -> [Command] { [list, get, chatMessages, create, tag(add: true), tag(add: false)] }

    static let list = APICommand.custom(
        CommandSpec(
            "accounts", group: group, summary: "List client accounts (v1), filtered by tag names.",
            flags: [
                FlagSpec(
                    "tag", .string, "Tag names, comma-separated (a,b) or repeated", repeatable: true,
                    completion: .dynamic("tags")),
                CommonFlags.limit,
            ],
            examples: ["accounts --limit 5 # requests: 1", "accounts --tag vip | count # requests: 1"],
            endpoints: [CommonFlags.v1("GET", "/accounts")])
    ) { args, _, ctx, api in
        let tags = args.splitList("tag")
        let request = APIRequest(
            .leeloo, "GET", CommonFlags.v1("/accounts"),
            query: tags.isEmpty ? [] : [("filter[tags]", tags.joined(separator: ","))])
        let out = try await APICommand.perform(
            request, shape: .stream(CommonFlags.leelooPaging), args: args, ctx: ctx, api: api)
        return EmptyListCheck.tags(out, tags, command: "accounts", ctx: ctx, api: api)
    }

    static let get = APICommand.make(
        CommandSpec(
            "accounts get", aliases: ["account"], group: group,
            summary: "Show one account (v1), optionally with users and orders.",
            parameters: [ParameterSpec("id", .string, "Account id")], flags: [CommonFlags.includePeople],
            examples: [
                "for a in accounts --limit 1 | accounts get $a.id --include contactedUsers,orders # requests: 2"
            ],
            endpoints: [CommonFlags.v1("GET", "/accounts/{account_id}")]),
        shape: .envelope(ifFlag: "include")
    ) { args, _, _ in
        let id = try args.need("id", for: "accounts get")
        return APIRequest(
            .leeloo, "GET", CommonFlags.v1("/accounts/\(CommonFlags.segment(id))"),
            query: Build.query([("include", args.string("include"))]))
    }

    static let chatMessages = APICommand.make(
        CommandSpec(
            "accounts chat-messages", group: group, summary: "List an account's chat messages (v1), newest first.",
            parameters: [ParameterSpec("id", .string, "Account id")], flags: [CommonFlags.limit],
            examples: ["for a in accounts --limit 1 | accounts chat-messages $a.id --limit 5 # requests: 2"],
            endpoints: [CommonFlags.v1("GET", "/accounts/{account_id}/chat-messages")]),
        shape: .stream(CommonFlags.leelooPaging)
    ) { args, _, _ in
        let id = try args.need("id", for: "accounts chat-messages")
        return APIRequest(.leeloo, "GET", CommonFlags.v1("/accounts/\(CommonFlags.segment(id))/chat-messages"))
    }

    static let create = APICommand.write(
        CommandSpec(
            "accounts create", group: group, summary: "Create an account (v1, unofficial; prefer `people create`).",
            flags: [
                FlagSpec("name", .string, "Name"), FlagSpec("email", .string, "Email"),
                FlagSpec("phone", .string, "Phone"),
            ],
            examples: ["accounts create --name 'V1 Person' --email v1@example.com # requests: 1"],
            endpoints: [CommonFlags.v1("POST", "/accounts")], isWrite: true),
        shape: .data, traits: .irreversible("the API has no way to delete an account", idempotent: false)
    ) { args, _, _ in
        APIRequest(
            .leeloo, "POST", CommonFlags.v1("/accounts"),
            body: Build.json([
                ("name", Build.str(args.string("name"))), ("email", Build.str(args.string("email"))),
                ("phone", Build.str(args.string("phone"))),
            ]))
    }

    static func tag(add: Bool) -> Command {
        let verb = add ? "add-tag" : "remove-tag"
        return APICommand.write(
            CommandSpec(
                "accounts \(verb)", group: group,
                summary: add
                    ? "Tag an account by tag id (v1, unofficial)."
                    : "Remove a tag id from an account (v1, unofficial).",
                parameters: [
                    ParameterSpec("id", .string, "Account id"),
                    ParameterSpec("tag", .string, "Tag id", completion: .dynamic("tag-ids")),
                ],
                examples: [
                    "for a in accounts --limit 1 { for t in (tags | first 1) | accounts \(verb) $a.id $t.id } # requests: 3"
                ],
                endpoints: [CommonFlags.v1("PUT", "/accounts/{account_id}/\(verb)")], isWrite: true),
            shape: .data, traits: .tag(target: "id")
        ) { args, _, _ in
            let id = try args.need("id", for: "accounts \(verb)")
            return APIRequest(
                .leeloo, "PUT", CommonFlags.v1("/accounts/\(CommonFlags.segment(id))/\(verb)"),
                body: Build.json([("tag_id", Build.str(args.string("tag")))]))
        }
    }
}
