import CRMCore

/// Chat-Tonic archives (app-token auth), message users and queries (agent hand-off tickets).
enum ChattonicArchiveCommands {
    static let group = "chattonic"

    static func commands() -> [Command] {
        let flatUsers = LeadFlattening.adding(
            to: messageUsers, example: "messageusers --flat --limit 3 # requests: 1", LeadFlattening.messageUser)
        return [archiveURL, archiveList, flatUsers, queries, createQuery, takeQuery]
    }

    static let archiveURL = APICommand.make(
        CommandSpec(
            "archive url", group: group, summary: "Get a 24-hour download link for an archive file (app token auth).",
            parameters: [ParameterSpec("name", .string, "File path: <model>/<account-folder>/<YYYY-MM-DD>.zip")],
            examples: [
                "for a in archive list --prefix funnels/ | first 1 { for f in (archive list --prefix $a.complete | first 1) | archive url $f.complete } # requests: 3"
            ],
            endpoints: [CommonFlags.ct("GET", "/archive/url")]),
        shape: .body
    ) { args, _, _ in
        let name = try args.need("name", for: "archive url")
        return APIRequest(.chattonic, "GET", "/archive/url", query: [("name", name)], auth: .appTokenQuery)
    }

    static let archiveList = APICommand.make(
        CommandSpec(
            "archive list", group: group,
            summary: "Browse archive folders; pass an entry's 'complete' as the next --prefix.",
            flags: [
                FlagSpec(
                    "prefix", .string, "Folder to list, with a trailing / (funnels/, leads/, …)",
                    completion: .words(["funnels/", "leads/", "messageUsers/", "messages/"]))
            ],
            examples: ["archive list # requests: 1", "archive list --prefix funnels/ # requests: 1"],
            endpoints: [CommonFlags.ct("GET", "/archive/list")]),
        shape: .bodyItems("objects")
    ) { args, _, _ in
        APIRequest(
            .chattonic, "GET", "/archive/list", query: [("format", "csv"), ("prefix", args.string("prefix") ?? "")],
            auth: .appTokenQuery)
    }

    /// A `query={"key":"value"}` parameter, or nothing.
    static func jsonQuery(_ key: String, _ value: String?) -> [(String, String)] {
        guard let value, !value.isEmpty else { return [] }
        return [("query", Value.record(Record([(key, .string(value))])).toJSON())]
    }

    static let messageUsers = APICommand.make(
        CommandSpec(
            "messageusers", aliases: ["message-users"], group: group, summary: "List end users who talked to the bot.",
            flags: [FlagSpec("account", .string, "Only users of this bot account"), CommonFlags.limit],
            examples: ["messageusers --limit 5 # requests: 1"], endpoints: [CommonFlags.ct("GET", "/messageuser")]),
        shape: .stream(CommonFlags.chattonicPaging)
    ) { args, _, _ in
        APIRequest(.chattonic, "GET", "/messageuser", query: jsonQuery("account", args.string("account")))
    }

    static let queries = APICommand.make(
        CommandSpec(
            "queries", group: group, summary: "List agent hand-off queries, optionally by status.",
            flags: [
                FlagSpec("status", .choice(["pending", "progress", "resolved"]), "Only queries in this state"),
                CommonFlags.limit,
            ],
            examples: ["queries --limit 5 # requests: 1", "queries --status pending | count # requests: 1"],
            endpoints: [CommonFlags.ct("GET", "/query")]),
        shape: .stream(CommonFlags.chattonicPaging)
    ) { args, _, _ in
        APIRequest(.chattonic, "GET", "/query", query: jsonQuery("status", args.string("status")))
    }

    static let createQuery = APICommand.write(
        CommandSpec(
            "queries create", group: group, summary: "Open an agent hand-off query for a message user.",
            flags: [
                FlagSpec("message-user", .any, "The message user record (required)"),
                FlagSpec("message", .any, "The message record (required)"),
                FlagSpec("account", .any, "The account record"), FlagSpec("origin", .string, "Origin label"),
                FlagSpec("extra", .any, "Extra record"),
            ],
            examples: [
                "for u in messageusers --limit 1 | queries create --message-user $u --message {text: 'help'} # requests: 2"
            ],
            endpoints: [CommonFlags.ct("POST", "/query")], isWrite: true),
        required: ["message-user", "message"], shape: .body,
        traits: .irreversible("Chat-Tonic has no way to delete a query", idempotent: false)
    ) { args, _, _ in
        APIRequest(
            .chattonic, "POST", "/query",
            body: Build.json([
                ("messageUser", args.value("message-user")), ("message", args.value("message")),
                ("account", args.value("account")), ("origin", Build.str(args.string("origin"))),
                ("extra", args.value("extra")),
            ]))
    }

    static let takeQuery = APICommand.write(
        CommandSpec(
            "queries take", group: group, summary: "Take a pending query (moves it to progress).",
            parameters: [ParameterSpec("id", .string, "Query id")],
            examples: ["for q in queries --status pending --limit 1 | queries take $q._id # requests: 2"],
            endpoints: [CommonFlags.ct("PUT", "/query/take")], isWrite: true),
        shape: .body,
        traits: .irreversible("Chat-Tonic has no way to put a query back to pending", idempotent: true, target: "id")
    ) { args, _, _ in
        let id = try args.need("id", for: "queries take")
        return APIRequest(
            .chattonic, "PUT", "/query/take", query: [("queryId", id)], body: Build.json([("queryId", .string(id))]))
    }
}
