import CRMCore

/// `people --tag VIP` (the tag is `vip`) or `--tag vipp` used to answer 0 people and nothing else.
/// A list filtered by tag names is watched: when it ends empty, the tag list is fetched once
/// (`GET /api/v2/tags`, the list Tab completion uses) and each name the server does not know is a
/// warning on stderr with "Did you mean": `people: no tag 'VIP' on the server. Did you mean 'vip'?`.
/// A non-empty answer costs no extra request. (Writes that take a tag name resolve it first and
/// fail on an unknown one: see `TagResolver`.)
enum UnknownTagCheck {
    /// `data` with the check attached when `tags` is not empty and `data` is a stream.
    static func watch(
        _ data: PipelineData, tags: [String], command: String, ctx: any CommandContext, api: any APIService
    ) -> PipelineData {
        guard !tags.isEmpty, case .stream(let stream) = data else { return data }
        let box = ContextBox(ctx)
        return .stream(
            stream.wrapping { up in
                var seen = false
                var checked = false
                return RecordCursor(readAhead: up.readAhead, onClose: { up.close() }) {
                    if let v = try await up.next() {
                        seen = true
                        return v
                    }
                    if !seen && !checked {
                        checked = true
                        for line in try await warnings(tags, command: command, api: api) { box.context.notice(line) }
                    }
                    return nil
                }
            })
    }

    /// The warnings for the names in `tags` that are not tags on the server (ids are not checked).
    static func warnings(_ tags: [String], command: String, api: any APIService) async throws -> [String] {
        let names = tags.filter { !TagResolver.isObjectID($0) }
        guard !names.isEmpty else { return [] }
        let known = try await TagResolver.fetch(api: api).map(\.name)
        return names.filter { !known.contains($0) }.map { name in
            "\(command): no tag '\(name)' on the server" + Suggestion.didYouMean(name, in: known)
        }
    }
}
