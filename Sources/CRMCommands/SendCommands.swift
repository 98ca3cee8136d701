import CRMCore

/// `send-template` and `send-message` (Leeloo v2, and their v1 forms): the target comes from
/// `--to` or the pipeline (see `SendAction.resolve`); a list or stream input sends once per item,
/// sequentially, and yields one `{target, template|text, status}` record per send.
enum SendCommands {
    static let messengers = ["TELEGRAM", "FACEBOOK", "VKONTAKTE"]

    static func commands() -> [Command] {
        [sendTemplate(v1: false), sendMessage(v1: false), sendTemplate(v1: true), sendMessage(v1: true)]
    }

    static func targetFlags() -> [FlagSpec] {
        [
            FlagSpec("to", .string, "Channel (account) id to send to, instead of the pipeline input"),
            FlagSpec("via", .choice(messengers), "Messenger to pick from a person's accounts (default: the first)"),
            FlagSpec(
                "skip-sent", .string,
                "Skip the targets that run ID sent (to finish a run whose listing was cut short)"),
            FlagSpec(
                "once", .bool,
                "Skip every target this profile already delivered this message to (by its run journals)"),
        ]
    }

    static func sendTemplate(v1: Bool) -> Command {
        var flags = targetFlags()
        if !v1 {
            flags += [
                FlagSpec("var", .string, "Template variable key=value (repeatable)", repeatable: true),
                FlagSpec("variables", .any, "Template variables as a record {key: value}"),
            ]
        }
        let spec = CommandSpec(
            v1 ? "v1 send-template" : "send-template", group: v1 ? "leeloo v1" : "leeloo v2",
            summary: "Send a message template to piped people or channels, or to --to ID.",
            parameters: [
                ParameterSpec(
                    "template", .any, "Template id, name (exact, then any case) or a template record",
                    completion: .dynamic("templates"))
            ],
            flags: flags,
            examples: v1
                ? ["for t in templates | first 1 { people --limit 1 | v1 send-template $t.id } # requests: 6"]
                : [
                    "for t in templates | first 1 { for p in people --tag vip --limit 2 | send-template $t.id } # requests: 7",
                    "for t in templates | first 1 { channels --limit 1 | send-template $t.id --var name=Ann } # requests: 6",
                    "for p in people --tag vip --limit 2 | send-template 'VIP offer' # requests: 7",
                ],
            endpoints: [EndpointSpec(.leeloo, "POST", (v1 ? "/api/v1" : "/api/v2") + "/messages/send-template")],
            acceptsInput: true, isWrite: true)
        return command(spec, v1: v1)
    }

    static func sendMessage(v1: Bool) -> Command {
        let spec = CommandSpec(
            v1 ? "v1 send-message" : "send-message", group: v1 ? "leeloo v1" : "leeloo v2",
            summary: "Send a text message to piped people or channels, or to --to ID.",
            parameters: [ParameterSpec("text", .string, "Message text")],
            flags: targetFlags(),
            examples: [
                v1
                    ? "people --limit 1 | v1 send-message 'Hello from crm' # requests: 2"
                    : "people --limit 1 | send-message 'Hello from crm' # requests: 2"
            ],
            endpoints: [EndpointSpec(.leeloo, "POST", (v1 ? "/api/v1" : "/api/v2") + "/messages/send-message")],
            acceptsInput: true, isWrite: true)
        return command(spec, v1: v1)
    }

    static func command(_ spec: CommandSpec, v1: Bool) -> Command {
        let base = APICommand.custom(spec) { args, input, ctx, api in
            // Many targets and a bulk runner: a journaled, concurrent, exactly-once run.
            if let bulk = ctx.bulk, !ctx.settings.curl, args.string("to") == nil, isMany(input) {
                let planner = SendAction.planner(v1: v1)
                let context = PlanContext(api: api)
                return try await bulk.run(command: spec, arguments: { args }, items: input.items()) { item in
                    try await planner(args, item, context)
                }
            }
            let context = PlanContext(api: api)
            var results: [Value] = []
            func run(_ actions: [SendAction]) async throws {
                for action in actions {
                    let job = action.bulkJob(v1: v1)
                    if let log = ctx.writeLog, !ctx.settings.curl,
                        let why = try log.alreadySent(job, once: args.bool("once"), skipRun: args.string("skip-sent"))
                    {
                        ctx.notice("\(spec.name) to \(job.label): skipped, \(why); nothing sent.")
                        results.append(action.result(status: "skipped"))
                        continue
                    }
                    let outcome = try await APICommand.single(
                        job, spec: spec, shape: .data, args: args, ctx: ctx, api: api)
                    if ctx.settings.curl || ctx.settings.dryRun {
                        results.append(try await outcome.collect())
                    } else {
                        results.append(action.result(status: "sent"))
                    }
                }
            }
            var single = true
            switch input {
            case _ where args.string("to") != nil, .empty, .value(.null):
                try await run(SendAction.resolve(input: .null, args: args, context: context))
            case .value(let v) where v.listValue == nil:
                try await run(SendAction.resolve(input: v, args: args, context: context))
            default:
                single = false
                let cursor = input.items().makeCursor()
                defer { cursor.close() }
                while let item = try await cursor.next() {
                    try await run(SendAction.resolve(input: item, args: args, context: context))
                }
            }
            return .value(single && results.count == 1 ? results[0] : .list(results))
        }
        return Command(spec, planner: SendAction.planner(v1: v1), run: base.run)
    }

    /// Whether the input holds several targets (a stream or a list).
    static func isMany(_ input: PipelineData) -> Bool {
        switch input {
        case .stream: true
        case .value(.list): true
        default: false
        }
    }
}
