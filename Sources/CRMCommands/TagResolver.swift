import CRMCore

/// Turns a tag or template given by name or id into the id the write endpoints need. The lists
/// (GET /api/v2/tags; the template categories and their templates) are read through the run's
/// `PlanContext`, so a loop of 2,000 add-tags reads the tag list once.
enum TagResolver {
    /// Whether `s` looks like a 24-hex Mongo ObjectId.
    static func isObjectID(_ s: String) -> Bool {
        s.utf8.count == 24
            && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }

    /// The id of tag `nameOrID`: an id is used as given; a name is looked up (exact, then
    /// case-insensitive). Unknown names are errors with "Did you mean" (about the run, not one
    /// target: a bulk run stops before its first write).
    static func resolve(_ nameOrID: String, context: PlanContext) async throws -> NamedID {
        try await lookup(nameOrID, kind: "tag", context: context, fetch: fetch, help: "List the tags with `tags`.")
    }

    /// The name of the tag with id `id`, from the run's tag list (read once per run); nil when
    /// the list has no such id.
    static func name(ofTag id: String, context: PlanContext) async throws -> String? {
        try await context.entry(id: id, in: "tag", fetch: fetch)?.name
    }

    /// The id of template `nameOrID` (its `message_name`), like `resolve`.
    static func template(_ nameOrID: String, context: PlanContext) async throws -> NamedID {
        try await lookup(
            nameOrID, kind: "template", context: context,
            fetch: { api in
                try await TemplateCommands.all(api: api).compactMap { t in
                    guard let id = t[field: "id"]?.displayText else { return nil }
                    return NamedID(id: id, name: t[field: "message_name"]?.displayText ?? id)
                }
            }, help: "List the templates with `templates`.")
    }

    private static func lookup(
        _ nameOrID: String, kind: String, context: PlanContext,
        fetch: @Sendable (any APIService) async throws -> [NamedID], help: String
    ) async throws -> NamedID {
        if isObjectID(nameOrID) { return NamedID(id: nameOrID, name: nameOrID) }
        guard context.api != nil else {
            throw CRMError(
                "auth.missing-token", "No API credentials are configured for this session.", help: noCredentialsHelp,
                exit: .auth)
        }
        if let hit = try await context.resolve(nameOrID, in: kind, fetch: fetch) { return hit }
        throw CRMError(
            "\(kind).unknown",
            "Unknown \(kind) '\(nameOrID)'" + Suggestion.didYouMeanName(nameOrID, in: context.names(kind)),
            help: help, exit: .runtime)
    }

    /// Every tag as (id, name).
    static func fetch(api: any APIService) async throws -> [NamedID] {
        let body = try await api.send(APIRequest(.leeloo, "GET", CommonFlags.v2("/tags")))
        return ResponseShape.dataItems.extract(body, args: Arguments()).listValue?.compactMap { tag in
            guard let id = tag[field: "id"]?.displayText else { return nil }
            return NamedID(id: id, name: tag[field: "name"]?.displayText ?? id)
        } ?? []
    }
}
