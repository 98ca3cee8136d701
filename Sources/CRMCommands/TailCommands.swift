import CRMBuiltins
import CRMCore
import Foundation

/// `tail messages`, `tail leads`, `tail channels`: endless streams of what is new (see
/// `TailStream` for the polling, backoff and de-duplication rules).
enum TailCommands {
    static func commands() -> [Command] { [messages, leads, channels] }

    /// The bound every tail states in its help.
    static let bound =
        "Polls through the profile's rate scheduler; waits 1 s after news, doubling to 30 s while nothing is new. "
        + "When nothing happens it makes exactly one request per wait"

    static let since = FlagSpec(
        "since", .string, "Also show items from this long ago: 30s, 10m, 1h, 2d (default: only new ones)")

    static let messages = APICommand.custom(
        CommandSpec(
            "tail messages", group: "live",
            summary: "New chat messages as they arrive (endless; Ctrl-C or 'first N' ends it). \(bound) (with or "
                + "without a channel or --tag); news costs one more request per active channel.",
            parameters: [ParameterSpec("channel", .string, "Only this channel (account) id", optional: true)],
            flags: [
                FlagSpec("tag", .string, "Only channels of people with this tag", completion: .dynamic("tags")), since,
            ],
            examples: ["for c in channels --limit 1 | tail messages $c.id --since 3650d | first 1 # requests: 2"],
            endpoints: [
                CommonFlags.v2("GET", "/communication-channels/{id}/chat-messages"),
                CommonFlags.v2("GET", "/communication-channels"), CommonFlags.v2("GET", "/people"),
            ])
    ) { args, _, ctx, api in
        let channel = args.string("channel")
        let tag = args.string("tag")
        let source = TailSource(
            makePoll: {
                let active = TailMemory()
                return { from in
                    let ids: [String]
                    if let channel {
                        ids = [channel]
                    } else if let tag {
                        let people = try await page(
                            api, CommonFlags.v2("/people"),
                            [("filter[tags]", tag)] + LastMessageFilter.query(from: TailStream.iso(from)))
                        ids = people.filter { active.insert(activityKey($0, "lastMessageTime")) }.flatMap { p in
                            (p[field: "accounts"]?.listValue ?? []).compactMap { $0[field: "account_id"]?.displayText }
                        }
                    } else {
                        let list = try await page(
                            api, CommonFlags.v2("/communication-channels"),
                            [("filter[last_message][from]", TailStream.iso(from))])
                        ids = list.filter { active.insert(activityKey($0, "lastMessageTime")) }.compactMap {
                            $0[field: "id"]?.displayText
                        }
                    }
                    var out: [Value] = []
                    for id in ids {
                        let path = CommonFlags.v2("/communication-channels/\(CommonFlags.segment(id))/chat-messages")
                        for m in try await page(api, path, []) {
                            guard case .record(var r) = m else { continue }
                            r["channel"] = .string(id)
                            out.append(.record(r))
                        }
                    }
                    return out
                }
            },
            key: { $0[field: "id"]?.displayText }, time: { TailStream.date($0, "createdAt") })
        return try start("tail messages", args, ctx, source)
    }

    static let leads = APICommand.custom(
        CommandSpec(
            "tail leads", group: "live",
            summary: "New lead records of a funnel group as they arrive (endless; Ctrl-C or 'first N' ends it). "
                + "\(bound) (more pages only when more than 100 leads are new).",
            flags: [
                FlagSpec("funnel", .string, "Funnel key (required)", completion: .dynamic("funnels")),
                FlagSpec("group", .string, "Funnel group name (required)", completion: .dynamic("groups")), since,
            ],
            examples: ["tail leads --funnel leadForm --group Website --since 3650d | first 2 # requests: 1"],
            endpoints: [CommonFlags.ct("GET", "/lead/records")]),
        required: ["funnel", "group"]
    ) { args, _, ctx, api in
        let base = [("funnel", args.string("funnel") ?? ""), ("funnelGroup", args.string("group") ?? "")]
        let source = TailSource(
            makePoll: {
                { from in
                    var out: [Value] = []
                    for skip in stride(from: 0, to: 1000, by: 100) {
                        let body = try await api.send(
                            APIRequest(
                                .chattonic, "GET", "/lead/records",
                                query: base + [
                                    ("startDate", TailStream.iso(from)), ("skip", String(skip)), ("limit", "100"),
                                ]))
                        let items = body[field: "objects"]?.listValue ?? []
                        out += items
                        if items.count < 100 { break }
                    }
                    return out
                }
            },
            key: { $0[field: "_id"]?.displayText }, time: { TailStream.date($0, "createdAt") })
        return try start("tail leads", args, ctx, source)
    }

    static let channels = APICommand.custom(
        CommandSpec(
            "tail channels", group: "live",
            summary: "Channels with new activity, once per new message time (endless; Ctrl-C or 'first N' ends "
                + "it). \(bound).",
            flags: [since], examples: ["tail channels --since 3650d | first 1 # requests: 1"],
            endpoints: [CommonFlags.v2("GET", "/communication-channels")])
    ) { args, _, ctx, api in
        let source = TailSource(
            makePoll: {
                { from in
                    try await page(
                        api, CommonFlags.v2("/communication-channels"),
                        [("filter[last_message][from]", TailStream.iso(from))])
                }
            },
            key: { activityKey($0, "lastMessageTime") }, time: { TailStream.date($0, "lastMessageTime") })
        return try start("tail channels", args, ctx, source)
    }

    /// The endless stream of `source`, from `--since` ago (checked here, before any request).
    static func start(_ label: String, _ args: Arguments, _ ctx: any CommandContext, _ source: TailSource) throws
        -> PipelineData
    {
        let seconds = try args.string("since").map { try TailDuration.seconds($0) } ?? 0
        // Endless: a guarded write or a dry run over it refuses instead of counting it forever.
        return .stream(TailStream.make(source, label: label, since: seconds, context: ContextBox(ctx)).markedEndless())
    }

    /// `id@time`: one activity of a channel or person.
    static func activityKey(_ item: Value, _ timeField: String) -> String {
        "\(item[field: "id"]?.displayText ?? "?")@\(item[field: timeField]?.displayText ?? "")"
    }

    /// The first page (100 items) of a Leeloo list.
    static func page(_ api: any APIService, _ path: String, _ query: [(String, String)]) async throws -> [Value] {
        let body = try await api.send(APIRequest(.leeloo, "GET", path, query: query + [("limit", "100")]))
        return ResponseShape.dataItems.extract(body, args: Arguments()).listValue ?? []
    }
}
