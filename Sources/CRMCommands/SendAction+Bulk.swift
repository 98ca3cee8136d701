import CRMCore

/// Sends as bulk jobs: what the shell's bulk runner journals, sends concurrently and reads back.
extension SendAction {
    /// The job for this send; its key makes a second send of the same message to the same channel
    /// within one run a duplicate.
    public func bulkJob(v1: Bool) -> BulkJob {
        let what: String
        switch kind {
        case .template(let id, _): what = "template:\(id)"
        case .text(let text): what = "text:\(text)"
        }
        var target: Record = ["id": .string(channelID)]
        if !label.isEmpty { target["name"] = .string(label) }
        return BulkJob(
            key: channelID + "|" + what, label: label.isEmpty ? channelID : "\(channelID) — \(label)",
            target: .record(target), request: request(v1: v1), readBack: readBack,
            undo: .irreversible("a sent message cannot be unsent"))
    }

    /// The planner the bulk runner calls per input item.
    static func planner(v1: Bool) -> Command.Planner {
        { args, item, context in
            try await resolve(input: item, args: args, context: context).map { $0.bulkJob(v1: v1) }
        }
    }

    /// `resolve(input:args:)`, then a template given by name (`send-template "VIP offer"`: exact,
    /// then case-insensitive) resolved to its id through the context's cached template list. An
    /// unknown name is an error about the run, so a bulk run stops before its first send; a
    /// missing target is found first, before any request.
    static func resolve(input: Value, args: Arguments, context: PlanContext) async throws -> [SendAction] {
        let actions = try resolve(input: input, args: args)
        guard case .template(let given, let variables)? = actions.first?.kind else { return actions }
        let kind = Kind.template(id: try await TagResolver.template(given, context: context).id, variables: variables)
        return actions.map { SendAction(channelID: $0.channelID, kind: kind, label: $0.label) }
    }
}
