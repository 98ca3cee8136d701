import CRMCore

extension Interpreter {
    /// Hands `for x in SOURCE | WRITE-COMMAND …` to the host's bulk runner, when the body is one
    /// write command that can plan jobs: the runner journals, guards, sends concurrently and
    /// exactly once. Arguments are still bound per item, so `$x` in them works as in a plain loop.
    /// Returns nil when the loop is not such a loop (it then runs item by item).
    func bulkLoop(_ slot: Int, _ data: PipelineData, _ body: Pipeline, _ frame: Frame) async throws -> PipelineData? {
        guard body.elements.count == 1, case .call(let call) = body.elements[0], case .command(let cmd) = call.target,
            let planner = cmd.planner, let provider = host as? any BulkProviding, let bulk = provider.bulkRunner,
            !host.settings.curl
        else { return nil }
        let lastArguments = ArgumentsBox()
        let context = PlanContext(api: host.api, notice: provider.planNotice)
        do {
            return try await bulk.run(command: cmd.spec, arguments: { lastArguments.value }, items: data.items()) {
                item in
                try self.checkCancelled()
                frame.slots[slot] = item
                let raw = try await self.rawArguments(call, frame)
                let args = try ArgumentBinder.bind(raw, to: cmd.spec, at: call.location)
                lastArguments.value = args
                return try await planner(args, item, context)
            }
        } catch let e as CRMError {
            throw e.located(call.location)
        }
    }
}

/// The arguments a bulk loop bound last (its flags apply to the whole run).
final class ArgumentsBox {
    var value: Arguments?
}

extension Call {
    /// `each { ONE-WRITE … }`: the block's `$it` slot and its one pipeline, which a bulk run can
    /// plan per item like the body of a card loop (`bulkLoop` decides whether it is a write).
    var eachOfOnePipeline: (slot: Int, body: Pipeline)? {
        guard case .command(let cmd) = target, cmd.spec.name == "each", arguments.count == 1,
            case .block(let block, let it, _) = arguments[0], case .local(let slot) = it.slot,  // SAFE: count checked
            block.statements.count == 1, case .pipeline(let body) = block.statements[0]  // SAFE: count checked
        else { return nil }
        return (slot, body)
    }
}
