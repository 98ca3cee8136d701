import CRMCore

/// `people --tag VIP` (the tag is `vip`) or `leads --funnel leadfrom …` used to answer 0 items and
/// nothing else. A list filtered by names the server may not know is watched: when it ends empty,
/// the names are checked once (one request for the list they come from) and each one the server
/// does not know is a warning on stderr with "Did you mean", as `people: no tag 'VIP' on the
/// server. Did you mean 'vip'?`. A non-empty answer costs no extra request. (Writes that take a
/// tag name resolve it first and fail on an unknown one: see `TagResolver`.)
enum EmptyListCheck {
    /// `data` with the check attached when `data` is a stream: `warnings` runs when the stream
    /// ends without an item, once.
    static func watch(
        _ data: PipelineData, ctx: any CommandContext, warnings: @escaping @Sendable () async throws -> [String]
    ) -> PipelineData {
        guard case .stream(let stream) = data else { return data }
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
                        for line in try await warnings() { box.context.notice(line) }
                    }
                    return nil
                }
            })
    }

    /// A list filtered by the tag names `tags` (none: no check).
    static func tags(
        _ data: PipelineData, _ tags: [String], command: String, ctx: any CommandContext, api: any APIService
    ) -> PipelineData {
        guard !tags.isEmpty else { return data }
        return watch(data, ctx: ctx) { try await tagWarnings(tags, command: command, api: api) }
    }

    /// The warnings for the names in `tags` that are not tags on the server (ids are not checked).
    static func tagWarnings(_ tags: [String], command: String, api: any APIService) async throws -> [String] {
        let names = tags.filter { !TagResolver.isObjectID($0) }
        guard !names.isEmpty else { return [] }
        let known = try await TagResolver.fetch(api: api).map(\.name)
        return names.filter { !known.contains($0) }.map { name in
            "\(command): no tag '\(name)' on the server" + Suggestion.didYouMean(name, in: known)
        }
    }

    /// A list of one funnel group's leads: an unknown funnel or group is named (the funnel list is
    /// read as `funnel` reads it).
    static func funnelGroup(
        _ data: PipelineData, funnel: String, group: String, command: String, ctx: any CommandContext,
        api: any APIService
    ) -> PipelineData {
        watch(data, ctx: ctx) {
            do {
                _ = try await FunnelCommand.steps(funnel: funnel, group: group, api: api)
                return []
            } catch let e as CRMError where e.code == "usage.not-found" {
                return ["\(command): \(e.message.prefix(1).lowercased() + e.message.dropFirst())"]
            }
        }
    }
}
