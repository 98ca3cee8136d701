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
        { args, item in try resolve(input: item, args: args).map { $0.bulkJob(v1: v1) } }
    }
}
