import CRMCore

/// Leeloo v2 tags: list, and add or remove a tag (by name or id) on people.
enum TagCommands {
    static let group = "leeloo v2"

    static func commands() -> [Command] { [list, tagCommand(add: true), tagCommand(add: false)] }

    static let list = APICommand.make(
        CommandSpec(
            "tags", group: group, summary: "List the company's tags (id and name).",
            examples: ["tags # requests: 1", "tags | get name # requests: 1"],
            endpoints: [CommonFlags.v2("GET", "/tags")]),
        shape: .dataItems
    ) { _, _, _ in APIRequest(.leeloo, "GET", CommonFlags.v2("/tags")) }

    /// `people add-tag [ID] TAG` / `people remove-tag [ID] TAG`.
    static func tagCommand(add: Bool) -> Command {
        let verb = add ? "add-tag" : "remove-tag"
        let name = "people \(verb)"
        let spec = CommandSpec(
            name, group: group,
            summary: add
                ? "Tag a person (tag by name or id); the person may come from the pipeline."
                : "Remove a tag (by name or id) from a person; the person may come from the pipeline.",
            parameters: [
                ParameterSpec("id", .string, "Person id (or the tag, when a person is piped in)", optional: true),
                ParameterSpec("tag", .string, "Tag name or id", optional: true, completion: .dynamic("tags")),
            ],
            examples: [
                add
                    ? "people --limit 2 | people add-tag vip # requests: 4"
                    : "people --tag vip --limit 1 | people remove-tag vip # requests: 3"
            ],
            endpoints: [CommonFlags.v2("PUT", "/people/{person_id}/\(verb)")], acceptsInput: true, isWrite: true)
        let plan = planner(add: add, command: name)
        let base = APICommand.custom(spec) { args, input, ctx, api in
            let context = PlanContext(api: api)
            // Many people and a bulk runner: a journaled, concurrent, resumable run.
            if let bulk = ctx.bulk, !ctx.settings.curl, SendCommands.isMany(input) {
                return try await bulk.run(command: spec, arguments: { args }, items: input.items()) {
                    try await plan(args, $0, context)
                }
            }
            let given = try split(args, command: name).person
            var jobs: [BulkJob] = []
            if given != nil {
                jobs = try await plan(args, .null, context)
            } else {
                let cursor = input.items().makeCursor()
                defer { cursor.close() }
                while let item = try await cursor.next() { jobs += try await plan(args, item, context) }
            }
            guard !jobs.isEmpty else {
                throw CRMError.usage("missing-argument", "'\(name)' needs a person: pass an id or pipe people in.")
            }
            var out: [Value] = []
            for job in jobs {
                let result = try await APICommand.single(job, spec: spec, shape: .data, args: args, ctx: ctx, api: api)
                if ctx.settings.curl || ctx.settings.dryRun {
                    out.append(try await result.collect())
                } else {
                    // A person who already was as asked says so: "added" would be a wrong answer.
                    let unchanged = job.target[field: "unchanged"] == .bool(true)
                    out.append([
                        "person": job.target[field: "id"] ?? .null, "tag": job.target[field: "tag"] ?? .null,
                        "status": .string(
                            unchanged ? (add ? "already tagged" : "not tagged") : (add ? "added" : "removed")),
                    ])
                }
            }
            return .value(out.count == 1 && given != nil ? out[0] : .list(out))
        }
        return Command(spec, planner: plan, run: base.run)
    }

    /// The person id given (nil when the people are piped in) and the tag.
    static func split(_ args: Arguments, command: String) throws -> (person: String?, tag: String) {
        var personID = args.string("id")
        var tag = args.string("tag")
        if tag == nil {
            tag = personID
            personID = nil
        }
        guard let tag else {
            throw CRMError.usage("missing-argument", "'\(command)' needs a tag. Usage: \(command) [id] <tag>")
        }
        return (personID, tag)
    }

    /// The jobs for one item: the tag (by name through the run's cached tag list, so a loop reads
    /// it once) on the given person or the item's. Idempotent; undone by the opposite verb.
    static func planner(add: Bool, command: String) -> Command.Planner {
        let verb = add ? "add-tag" : "remove-tag"
        return { args, item, context in
            let (given, tag) = try split(args, command: command)
            let resolved = try await TagResolver.resolve(tag, context: context)
            let id = try given ?? personID(of: item, command: command)
            let request = APIRequest(
                .leeloo, "PUT", CommonFlags.v2("/people/\(CommonFlags.segment(id))/\(verb)"),
                body: Build.json([("tag_id", .string(resolved.id))]))
            var job = APICommand.job(
                request, args: Arguments(), item: item, traits: .tag(target: nil), context: context)
            // A person listed with the tag already (add) or without it (remove) is left as it was
            // by this write, so undo must leave it too: reversing it would change the tag set.
            // Items list tag names: a tag given by id is named through the run's tag list. A
            // person given by id alone (or a record without its tags) is read first, one GET,
            // so that undo knows; when even that read fails, undo leaves the person alone.
            var unchanged = false
            if let tags = try await tagsBefore(id, item: item, context: context) {
                var name = resolved.name
                if name == resolved.id, let known = try await TagResolver.name(ofTag: resolved.id, context: context) {
                    name = known
                }
                let had = tags.contains(name) || tags.contains(resolved.id)
                if had == add {
                    unchanged = true
                    job.undo = .irreversible(
                        add ? "it had the tag before this run" : "it did not have the tag before this run")
                }
            } else {
                job.undo = .irreversible("its tags before this run could not be read")
            }
            let target = WriteTarget(id: id, item: item, args: Arguments())
            job.label = target.label ?? id
            var record = target.record.recordValue ?? Record()
            record["tag"] = .string(resolved.name)
            if unchanged { record["unchanged"] = true }
            job.target = .record(record)
            return [job]
        }
    }

    /// The tag names `id` had before the write: the item's own `tags` when it lists them, else
    /// the person's detail (`GET /people/{id}`, one request); nil when neither can be read.
    static func tagsBefore(_ id: String, item: Value, context: PlanContext) async throws -> [String]? {
        if let tags = item[field: "tags"]?.listValue { return tags.map(\.displayText) }
        guard let api = context.api else { return nil }
        let request = APIRequest(.leeloo, "GET", CommonFlags.v2("/people/\(CommonFlags.segment(id))"))
        guard let body = try? await api.send(request), case .list(let tags)? = body[field: "data"]?[field: "tags"]
        else { return nil }
        return tags.map(\.displayText)
    }

    /// The person an input item names: a person record's `id`, a channel record's `person_id`,
    /// or a string id. Any other item fails alone (`send.` code: the run reports it and goes on).
    static func personID(of item: Value, command: String) throws -> String {
        switch item {
        case .string(let s) where !s.isEmpty: return try PipedID.check(s, as: "a person", command: command)
        case .record(let r):
            if let p = r["person_id"]?.stringValue { return p }
            if let id = r["id"] { return id.displayText }
            throw CRMError("send.bad-target", "'\(command)' got a record without an 'id'.", exit: .runtime)
        case .null:
            throw CRMError.usage("missing-argument", "'\(command)' needs a person: pass an id or pipe people in.")
        default:
            throw CRMError(
                "send.bad-target", "'\(command)' expects person records or ids, got a \(item.typeName).",
                exit: .runtime)
        }
    }
}
