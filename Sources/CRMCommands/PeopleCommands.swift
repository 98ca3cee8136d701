import CRMCore

/// Leeloo v2 people (subscribers): list, get, create, update, SMS import, comments, calls.
enum PeopleCommands {
    static let group = "leeloo v2"

    static func commands() -> [Command] { [list, get, create, update, addSMS, addComment, addCall] }

    static let list = APICommand.custom(
        CommandSpec(
            "people", group: group, summary: "List people, filtered by tags, phone, email or last-message date.",
            flags: [
                FlagSpec(
                    "tag", .string, "Only people with this tag name (repeat for several)", repeatable: true,
                    completion: .dynamic("tags")),
                FlagSpec("phone", .string, "Only the person with this phone (+380…)"),
                FlagSpec("email", .string, "Only the person with this email"),
                FlagSpec(
                    "last-message-from", .string,
                    "Last message on or after this date (YYYY-MM-DD) or datetime"),
                FlagSpec(
                    "last-message-to", .string,
                    "Last message on or before this date (YYYY-MM-DD, the whole day) or datetime"),
                CommonFlags.limit,
            ],
            examples: [
                "people --limit 5 # requests: 1", "people --tag vip | count # requests: 1",
                "people --last-message-from ((now) - 3650d) | count # requests: 2",
            ],
            endpoints: [CommonFlags.v2("GET", "/people")]),
        dates: ["last-message-from", "last-message-to"]
    ) { args, _, ctx, api in
        let tags = args.splitList("tag")
        var query = tags.map { ("filter[tags]", $0) }
        query += Build.query([("filter[phone]", args.string("phone")), ("filter[email]", args.string("email"))])
        query += LastMessageFilter.query(
            from: args.lastMessageBound("last-message-from"), to: args.lastMessageBound("last-message-to"))
        let request = APIRequest(.leeloo, "GET", CommonFlags.v2("/people"), query: query)
        let out = try await APICommand.perform(
            request, shape: .stream(CommonFlags.leelooPaging), args: args, ctx: ctx, api: api)
        return EmptyListCheck.tags(out, tags, command: "people", ctx: ctx, api: api)
    }

    static let get = APICommand.make(
        CommandSpec(
            "people get", aliases: ["person"], group: group,
            summary: "Show one person, optionally with contacted users and orders.",
            parameters: [ParameterSpec("id", .string, "Person id")],
            flags: [CommonFlags.includePeople],
            examples: ["for p in people --limit 1 | people get $p.id --include contactedUsers,orders # requests: 2"],
            endpoints: [CommonFlags.v2("GET", "/people/{person_id}")]),
        shape: .envelope(ifFlag: "include")
    ) { args, _, _ in
        let id = try args.need("id", for: "people get")
        return APIRequest(
            .leeloo, "GET", CommonFlags.v2("/people/\(CommonFlags.segment(id))"),
            query: Build.query([("include", args.string("include"))]))
    }

    static let create = APICommand.write(
        CommandSpec(
            "people create", group: group, summary: "Add a person (returns the new channel id and person_id).",
            parameters: [ParameterSpec("fields", .any, "Extra body fields as a record", optional: true)],
            flags: [
                FlagSpec("name", .string, "Name"), FlagSpec("email", .string, "Email"),
                FlagSpec("phone", .string, "Phone"),
                FlagSpec("lgt", .string, "Lead-generation tool id (leadgentool_id)"),
                FlagSpec(
                    "user", .string, "Connected staff user id (repeatable)", repeatable: true,
                    completion: .dynamic("users")),
            ],
            examples: [
                "people create --name 'Test Person' --phone '+10000000001' --email test@example.com --lgt 5e1000000000000000000001 # requests: 1"
            ],
            endpoints: [CommonFlags.v2("POST", "/people")], isWrite: true),
        shape: .data, traits: .irreversible("the API has no way to delete a person", idempotent: false)
    ) { args, _, _ in
        let users = args.strings("user")
        return APIRequest(
            .leeloo, "POST", CommonFlags.v2("/people"),
            body: Build.json(
                [
                    ("name", Build.str(args.string("name"))), ("email", Build.str(args.string("email"))),
                    ("phone", Build.str(args.string("phone"))), ("leadgentool_id", Build.str(args.string("lgt"))),
                    ("connected_users_ids", users.isEmpty ? nil : .list(users.map { .string($0) })),
                ], merging: args.value("fields")))
    }

    static let update = APICommand.write(
        CommandSpec(
            "people update", group: group, summary: "Update a person's phone, email or custom fields.",
            parameters: [
                ParameterSpec("id", .string, "Person id"),
                ParameterSpec("fields", .any, "Extra body fields as a record", optional: true),
            ],
            flags: [
                FlagSpec("phone", .string, "New phone"), FlagSpec("email", .string, "New email"),
                FlagSpec("field", .string, "Custom field name=value or TYPE:name=value (repeatable)", repeatable: true),
            ],
            examples: ["for p in people --limit 1 | people update $p.id --email updated@example.com # requests: 2"],
            endpoints: [CommonFlags.v2("PUT", "/people/{person_id}")], isWrite: true),
        shape: .data,
        traits: .irreversible(
            "the card's earlier values are not kept (the update answer has none)", idempotent: true, target: "id")
    ) { args, _, _ in
        let id = try args.need("id", for: "people update")
        let custom = try customFields(args)
        return APIRequest(
            .leeloo, "PUT", CommonFlags.v2("/people/\(CommonFlags.segment(id))"),
            body: Build.json(
                [
                    ("phone", Build.str(args.string("phone"))), ("email", Build.str(args.string("email"))),
                    ("custom_fields", custom.isEmpty ? nil : .list(custom)),
                ], merging: args.value("fields")))
    }

    /// `--field TYPE:name=value` or `--field name=value` as `{type?, name, value}` records.
    static func customFields(_ args: Arguments) throws -> [Value] {
        guard let pairs = try args.keyValues("field") else { return [] }
        return pairs.map { key, value in
            var r = Record()
            if let colon = key.firstIndex(of: ":") {
                r["type"] = .string(String(key[..<colon]))
                r["name"] = .string(String(key[key.index(after: colon)...]))
            } else {
                r["name"] = .string(key)
            }
            r["value"] = value
            return .record(r)
        }
    }

    static let addSMS: Command = {
        let spec = CommandSpec(
            "people add-sms", group: group,
            summary: "Import people as SMS contacts (records with name, email, phone from the input or an argument).",
            parameters: [ParameterSpec("people", .any, "A record or list of {name, email, phone}", optional: true)],
            flags: [
                FlagSpec("connection", .string, "SMS connection id (required)", completion: .dynamic("connections")),
                FlagSpec("lgt", .string, "Lead-generation tool id (required)"),
                FlagSpec(
                    "tag-id", .string, "Tag id to set (repeatable)", repeatable: true, completion: .dynamic("tag-ids")),
            ],
            examples: [
                "for c in (connections | first 1) | people add-sms {name: 'Sms Person', phone: '+10000000002'} --connection $c.id --lgt $c.id # requests: 2"
            ],
            endpoints: [CommonFlags.v2("POST", "/people/sms")], acceptsInput: true, isWrite: true)
        let required = ["connection", "lgt"]
        // One import of every row given (the endpoint takes them all at once); a loop imports once per item.
        let plan: Command.Planner = { args, item, context in
            try APICommand.validate(args, spec: spec, required: required, dates: [])
            let (request, count) = try smsRequest(args, input: item, notice: context.notice)
            var job = APICommand.job(
                request, args: args, item: .null,
                traits: .irreversible("imported contacts cannot be deleted through the API", idempotent: false),
                context: context)
            job.label = "\(count) SMS contacts"
            return [job]
        }
        let base = APICommand.custom(spec, required: required) { args, input, ctx, api in
            let context = PlanContext(api: api, notice: { [box = ContextBox(ctx)] in box.context.notice($0) })
            let jobs = try await plan(args, try await input.collect(), context)
            guard let job = jobs.first else { return .empty }
            return try await APICommand.single(job, spec: spec, shape: .data, args: args, ctx: ctx, api: api)
        }
        return Command(spec, planner: plan, run: base.run)
    }()

    /// The import request for the rows of `--people` or of the input, and how many rows it sends.
    static func smsRequest(_ args: Arguments, input all: Value, notice: (String) -> Void) throws -> (APIRequest, Int) {
        var rows: [Value]
        switch args.value("people") {
        case .list(let l)?: rows = l
        case .record(let r)?: rows = [.record(r)]
        default: rows = all.listValue ?? (all.isNull ? [] : [all])
        }
        guard !rows.isEmpty else {
            throw CRMError.usage(
                "missing-argument", "'people add-sms' needs people: pipe records in or pass {name, phone}.")
        }
        rows = try SMSContacts.rows(rows, command: "people add-sms", notice: notice)
        let tags = args.strings("tag-id")
        let request = APIRequest(
            .leeloo, "POST", CommonFlags.v2("/people/sms"),
            body: Build.json([
                ("data", .list(rows)), ("connection_id", Build.str(args.string("connection"))),
                ("leadgentool_id", Build.str(args.string("lgt"))),
                ("tags", tags.isEmpty ? nil : .list(tags.map { .string($0) })),
            ]))
        return (request, rows.count)
    }

    static let addComment = APICommand.write(
        CommandSpec(
            "people add-comment", group: group, summary: "Add a comment to a person's card.",
            parameters: [ParameterSpec("id", .string, "Person id"), ParameterSpec("text", .string, "Comment text")],
            examples: ["for p in people --limit 1 | people add-comment $p.id 'Called back' # requests: 2"],
            endpoints: [CommonFlags.v2("PUT", "/people/{person_id}/add-comment")], isWrite: true),
        shape: .data, traits: .irreversible("the API has no way to delete a comment", idempotent: false, target: "id")
    ) { args, _, _ in
        let id = try args.need("id", for: "people add-comment")
        return APIRequest(
            .leeloo, "PUT", CommonFlags.v2("/people/\(CommonFlags.segment(id))/add-comment"),
            body: Build.json([("comment", Build.str(args.string("text")))]))
    }

    static let addCall = APICommand.write(
        CommandSpec(
            "calls add", group: group,
            summary: "Record a phone call on a channel (all flags but --record-link required).",
            flags: [
                FlagSpec("user", .string, "Staff user id", completion: .dynamic("users")),
                FlagSpec("from", .string, "Caller number"), FlagSpec("to", .string, "Called number"),
                FlagSpec("date", .string, "When (ISO-8601 UTC)"), FlagSpec("account", .string, "Channel (account) id"),
                FlagSpec("status", .choice(["TALKING", "SUCCESS", "NO_ANSWER", "CLOSED_BY_SYSTEM"]), "Call status"),
                FlagSpec("duration", .int, "Duration in seconds"),
                FlagSpec("type", .choice(["INBOUND", "OUTBOUND"]), "Direction"),
                FlagSpec("record-link", .string, "Recording URL (default NOT_DEFINED)"),
            ],
            examples: [
                "for u in users --limit 1 { for c in channels --limit 1 | calls add --user $u.id --from 606 --to 607 --date 2024-03-22T15:30:17.339Z --account $c.id --status SUCCESS --duration 60 --type OUTBOUND } # requests: 3"
            ],
            endpoints: [CommonFlags.v2("POST", "/calls")], isWrite: true),
        required: ["user", "from", "to", "date", "account", "status", "duration", "type"], dates: ["date"],
        shape: .data,
        traits: .irreversible("the API has no way to delete a call", idempotent: false, target: "account")
    ) { args, _, _ in
        APIRequest(
            .leeloo, "POST", CommonFlags.v2("/calls"),
            body: Build.json([
                ("user_id", Build.str(args.string("user"))), ("from", Build.str(args.string("from"))),
                ("to", Build.str(args.string("to"))), ("date", Build.str(args.isoDateTime("date"))),
                ("account_id", Build.str(args.string("account"))),
                ("record_link", .string(args.string("record-link") ?? "NOT_DEFINED")),
                ("status", Build.str(args.string("status"))), ("duration", args.int("duration").map { .int($0) }),
                ("type", Build.str(args.string("type"))),
            ]))
    }
}
