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
        return APICommand.custom(spec) { args, input, ctx, api in
            var personID = args.string("id")
            var tag = args.string("tag")
            if tag == nil {
                tag = personID
                personID = nil
            }
            guard let tag else {
                throw CRMError.usage("missing-argument", "'\(name)' needs a tag. Usage: \(name) [id] <tag>")
            }
            let ids = try await personIDs(personID, input: input, command: name)
            let resolved = try await TagResolver.resolve(tag, api: api)
            var out: [Value] = []
            for id in ids {
                let request = APIRequest(
                    .leeloo, "PUT", CommonFlags.v2("/people/\(CommonFlags.segment(id))/\(verb)"),
                    body: Build.json([("tag_id", .string(resolved.id))]))
                let result = try await APICommand.perform(request, shape: .data, args: args, ctx: ctx, api: api)
                if ctx.settings.curl || ctx.settings.dryRun {
                    out.append(try await result.collect())
                } else {
                    out.append([
                        "person": .string(id), "tag": .string(resolved.name), "status": add ? "added" : "removed",
                    ])
                }
            }
            return .value(out.count == 1 && personID != nil ? out[0] : .list(out))
        }
    }

    /// The people to act on: the given id, else every item of the input (a person record's `id`,
    /// a channel record's `person_id`, or a string id).
    static func personIDs(_ given: String?, input: PipelineData, command: String) async throws -> [String] {
        if let given { return [given] }
        var ids: [String] = []
        let cursor = input.items().makeCursor()
        defer { cursor.close() }
        while let item = try await cursor.next() {
            switch item {
            case .string(let s): ids.append(s)
            case .record(let r):
                if let p = r["person_id"]?.stringValue {
                    ids.append(p)
                } else if let id = r["id"] {
                    ids.append(id.displayText)
                } else {
                    throw CRMError.runtime("bad-input", "'\(command)' got a record without an 'id' from the pipeline.")
                }
            default:
                throw CRMError.runtime(
                    "bad-input", "'\(command)' expects person records or ids, got a \(item.typeName).")
            }
        }
        guard !ids.isEmpty else {
            throw CRMError.usage("missing-argument", "'\(command)' needs a person: pass an id or pipe people in.")
        }
        return ids
    }
}
