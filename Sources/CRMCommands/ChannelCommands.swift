import CRMCore

/// Leeloo v2 communication channels, their messages, connections and LGT traffic sources.
enum ChannelCommands {
    static let group = "leeloo v2"

    static func commands() -> [Command] { [chatMessages, list, person, subscribe, connections, trafficSource] }

    static let chatMessages = APICommand.make(
        CommandSpec(
            "chat-messages", aliases: ["messages"], group: group,
            summary: "List a channel's chat messages, newest first (the channel may come from the pipeline).",
            parameters: [ParameterSpec("channel", .string, "Channel (account) id", optional: true)],
            flags: [CommonFlags.limit],
            examples: ["for c in channels --limit 1 | chat-messages $c.id --limit 5 # requests: 2"],
            endpoints: [CommonFlags.v2("GET", "/communication-channels/{id}/chat-messages")], acceptsInput: true),
        shape: .stream(CommonFlags.leelooPaging)
    ) { args, input, _ in
        let id = try await channelID(args.string("channel"), input: input, command: "chat-messages")
        return APIRequest(
            .leeloo, "GET", CommonFlags.v2("/communication-channels/\(CommonFlags.segment(id))/chat-messages"))
    }

    /// The channel id: given, or from the input (a channel record's `id`, a person's first
    /// account, or a string).
    static func channelID(_ given: String?, input: PipelineData, command: String) async throws -> String {
        if let given { return given }
        let item: Value
        switch input {
        case .empty: item = .null
        case .value(let v): item = v.listValue?.first ?? v
        case .stream(let s):
            let cursor = s.makeCursor()
            defer { cursor.close() }
            item = try await cursor.next() ?? .null
        }
        if let s = item.stringValue { return s }
        if let id = item[field: "accounts"]?.listValue?.first?[field: "account_id"]?.displayText { return id }
        if let id = item[field: "account_id"]?.displayText ?? item[field: "id"]?.displayText { return id }
        throw CRMError.usage("missing-argument", "'\(command)' needs a channel id: pass one or pipe a channel in.")
    }

    static let list = APICommand.make(
        CommandSpec(
            "channels", aliases: ["communication-channels"], group: group,
            summary: "List communication channels (with UTM marks), optionally by last-message date.",
            flags: [
                FlagSpec("from", .string, "Last message on or after this date (YYYY-MM-DD) or datetime"),
                FlagSpec("to", .string, "Last message on or before this date (YYYY-MM-DD, the whole day) or datetime"),
                CommonFlags.limit,
            ],
            examples: [
                "channels --limit 5 # requests: 1", "channels --from 2020-01-01 --to 2030-12-31 | count # requests: 3",
            ],
            endpoints: [CommonFlags.v2("GET", "/communication-channels")]),
        dates: ["from", "to"], shape: .stream(CommonFlags.leelooPaging)
    ) { args, _, _ in
        APIRequest(
            .leeloo, "GET", CommonFlags.v2("/communication-channels"),
            query: Build.query([
                ("filter[last_message][from]", args.lastMessageBound("from")),
                ("filter[last_message][to]", args.lastMessageBound("to")),
            ]))
    }

    static let person = APICommand.make(
        CommandSpec(
            "channels person", group: group, summary: "Show the person behind a channel.",
            parameters: [ParameterSpec("channel", .string, "Channel (account) id", optional: true)],
            examples: ["for c in channels --limit 1 | channels person $c.id # requests: 2"],
            endpoints: [CommonFlags.v2("GET", "/communication-channels/{account_id}/person")], acceptsInput: true),
        shape: .data
    ) { args, input, _ in
        let id = try await channelID(args.string("channel"), input: input, command: "channels person")
        return APIRequest(.leeloo, "GET", CommonFlags.v2("/communication-channels/\(CommonFlags.segment(id))/person"))
    }

    static let subscribe = APICommand.write(
        CommandSpec(
            "channels subscribe", aliases: ["manual-subscribe"], group: group,
            summary: "Subscribe a channel to a tunnel at a given block.",
            parameters: [ParameterSpec("channel", .string, "Channel (account) id")],
            flags: [
                FlagSpec("tunnel", .string, "Tunnel id (required)", completion: .dynamic("tunnels")),
                FlagSpec("block", .string, "Tunnel block id (required; from the tunnel editor URL …/tree/ID)"),
            ],
            examples: [
                "for t in tunnels --limit 1 { for c in channels --limit 1 | channels subscribe $c.id --tunnel $t.id --block 595002020000000000000000 } # requests: 3"
            ],
            endpoints: [CommonFlags.v2("POST", "/communication-channels/{account_id}/manual-subscribe")], isWrite: true),
        required: ["tunnel", "block"], shape: .data,
        traits: .irreversible("the API has no unsubscribe", idempotent: true, target: "channel")
    ) { args, _, _ in
        let id = try args.need("channel", for: "channels subscribe")
        return APIRequest(
            .leeloo, "POST", CommonFlags.v2("/communication-channels/\(CommonFlags.segment(id))/manual-subscribe"),
            body: Build.json([
                ("tunnel_id", Build.str(args.string("tunnel"))), ("tunnel_block_id", Build.str(args.string("block"))),
            ]))
    }

    static let connections = APICommand.make(
        CommandSpec(
            "connections", group: group, summary: "List the company's connected bots and channels.",
            examples: ["connections # requests: 1"], endpoints: [CommonFlags.v2("GET", "/connections")]),
        shape: .dataList("connections")
    ) { _, _, _ in APIRequest(.leeloo, "GET", CommonFlags.v2("/connections")) }

    static let trafficSource = APICommand.write(
        CommandSpec(
            "lgt create-traffic-source", group: group, summary: "Create a traffic source on a lead-generation tool.",
            parameters: [ParameterSpec("lgt", .string, "Lead-generation tool id")],
            flags: [
                FlagSpec("name", .string, "Traffic source name (required)"),
                FlagSpec("description", .string, "Free text"),
            ],
            examples: [
                "for t in tunnels --limit 1 { for l in (tunnels get $t.id --include leadgentools | get linked.leadgentools | first 1) | lgt create-traffic-source $l.id --name 'Spring campaign' } # requests: 3"
            ],
            endpoints: [CommonFlags.v2("POST", "/leadgentools/{leadgentool_id}/create-traffic-source")], isWrite: true),
        required: ["name"], shape: .data,
        traits: .irreversible("the API has no way to delete a traffic source", idempotent: false, target: "lgt")
    ) { args, _, _ in
        let id = try args.need("lgt", for: "lgt create-traffic-source")
        return APIRequest(
            .leeloo, "POST", CommonFlags.v2("/leadgentools/\(CommonFlags.segment(id))/create-traffic-source"),
            body: Build.json([
                ("name", Build.str(args.string("name"))), ("description", Build.str(args.string("description"))),
            ]))
    }
}
