import CRMCore

extension Interpreter {
    /// Runs `a | b | c` with `input` flowing into the first command.
    func runPipeline(_ p: Pipeline, input: PipelineData, _ frame: Frame) async throws -> PipelineData {
        var data = input
        for element in p.elements {
            switch element {
            case .expr(let e, _):
                data = .value(try await eval(e, frame))
            case .call(let call):
                data = try await invoke(call, input: data, frame)
            }
        }
        return data
    }

    /// Evaluates a call's arguments into raw words; blocks become `BlockRef`s bound to `frame`.
    func rawArguments(_ call: Call, _ frame: Frame) async throws -> [RawArgument] {
        var raw: [RawArgument] = []
        raw.reserveCapacity(call.arguments.count)
        for a in call.arguments {
            switch a {
            case .value(let e, let loc):
                raw.append(.value(try await eval(e, frame), at: loc))
            case .flag(let name, let inline, let loc):
                var v: Value?
                if let inline { v = try await eval(inline, frame) }
                raw.append(.flag(name, inline: v, at: loc))
            case .block(let b, let it, let loc):
                raw.append(.block(register(.block(b), it, frame), at: loc))
            case .predicate(let e, let it, let loc):
                raw.append(.block(register(.predicate(e), it, frame), at: loc))
            }
        }
        return raw
    }

    private func register(_ body: BlockEntry.Body, _ it: VarRef, _ frame: Frame) -> BlockRef {
        guard case .local(let slot) = it.slot else { return BlockRef(id: -1) }
        blocks.append(BlockEntry(body: body, itSlot: slot, frame: frame))
        return BlockRef(id: blocks.count - 1)
    }

    /// Runs one command or `def` call.
    func invoke(_ call: Call, input: PipelineData, _ frame: Frame) async throws -> PipelineData {
        switch call.target {
        case .command(let cmd):
            // `people | each { people add-tag $it.id vip }`: one write per item, as a bulk run.
            if let (slot, body) = call.eachOfOnePipeline, let results = try await bulkLoop(slot, input, body, frame) {
                return results
            }
            let raw = try await rawArguments(call, frame)
            let args = try ArgumentBinder.bind(raw, to: cmd.spec, at: call.location)
            let context = CallContext(interpreter: self, location: call.location)
            do {
                // A write per piped item (`people --tag vip | people add-tag x`, `each { … }`):
                // counted for the prod guard first. Bulk-run writes (with a planner) guard themselves.
                let yes = cmd.spec.isWrite && args.bool("yes")
                let input =
                    cmd.planner == nil && !yes
                    ? try await guardWrites(
                        input, call.mayWrite, "piped into '\(cmd.spec.name)' at line \(call.location.line)")
                    : input
                // Only a write with its own --yes binds the task-local (most calls skip the cost).
                // A builtin's value is held to the same nesting bound as a literal's: `default`,
                // `join-on` or `count-by` fed their own output in a loop built values deep enough
                // to overflow the stack when printed or freed.
                guard yes else { return try Nesting.checked(try await cmd.run(args, input, context)) }
                return try Nesting.checked(
                    try await WriteConfirmation.$byFlag.withValue(true) { try await cmd.run(args, input, context) })
            } catch let e as CRMError {
                throw e.located(call.location)
            } catch is CancellationError {
                throw CRMError.interrupted
            }
        case .function(let f):
            let raw = try await rawArguments(call, frame)
            let args = try ArgumentBinder.bind(raw, to: f.spec, at: call.location)
            return try await callFunction(f, args, input: input, at: call.location)
        case .unresolved:
            throw CRMError.usage("unknown-command", "Unknown command '\(call.name)'.", at: call.location)
        }
    }

    /// Runs a `def` body in a fresh frame holding its parameters; its statements emit as they run.
    func callFunction(_ f: Function, _ args: Arguments, input: PipelineData = .empty, at loc: SourceLocation)
        async throws -> PipelineData
    {
        guard callDepth < Interpreter.maxCallDepth else {
            throw CRMError.runtime(
                "recursion", "Too many nested calls of '\(f.name)' (more than \(Interpreter.maxCallDepth)).", at: loc)
        }
        callDepth += 1
        defer { callDepth -= 1 }
        let frame = Frame(size: f.frameSize)
        for (i, p) in f.parameters.enumerated() where i < frame.slots.count {
            frame.slots[i] = args.positional[p] ?? .null
        }
        if let slot = f.inputSlot, slot < frame.slots.count { frame.slots[slot] = try await input.collect() }
        let mark = blocks.count
        defer { truncateBlocks(mark) }
        if case .returned(let d) = try await execute(f.body.statements, frame) { return d }
        return .empty
    }

    /// Runs a block handed to a command: `$it` bound, every statement but the last emits, the
    /// last one's result (with `input` as its input) is the block's value.
    func runBlock(_ ref: BlockRef, it: Value, input: PipelineData) async throws -> PipelineData {
        guard ref.id >= 0, ref.id < blocks.count, case .block(let block) = blocks[ref.id].body else {
            throw CRMError.runtime("stale-block", "This block is no longer available.")
        }
        let entry = blocks[ref.id]
        entry.frame.slots[entry.itSlot] = it
        return try await blockValue(block.statements, entry.frame, input: input)
    }

    /// The value of a block's statements: every statement but the last emits; the last one's
    /// result is the value, and when the last is an `if`, the value is the chosen branch's value
    /// by the same rule (so `each { if … { $it | merge {…} } else { $it } }` yields, not prints).
    func blockValue(_ statements: [Stmt], _ frame: Frame, input: PipelineData) async throws -> PipelineData {
        guard let last = statements.last else { return .empty }
        if case .returned(let d) = try await execute(Array(statements.dropLast()), frame) { return d }
        try checkCancelled()
        switch last {
        case .pipeline(let p):
            do {
                return try await runPipeline(p, input: input, frame)
            } catch let e as CRMError {
                throw e.located(p.location)
            }
        case .ifElse(let arms, let elseBody):
            for arm in arms where try await eval(arm.condition, frame).isTruthy {
                return try await blockValue(arm.body.statements, frame, input: input)
            }
            return try await blockValue(elseBody?.statements ?? [], frame, input: input)
        default:
            if case .returned(let d) = try await execute(last, frame) { return d }
            return .empty
        }
    }

    /// The item paths a `where` condition reads, each once, in order of appearance.
    func predicateFields(_ ref: BlockRef) -> [String] {
        guard ref.id >= 0, ref.id < blocks.count, case .predicate(let e) = blocks[ref.id].body else { return [] }
        var seen = Set<String>()
        return e.itemPaths.map(\.text).filter { seen.insert($0).inserted }
    }

    /// Evaluates a `where` condition (or a block used as one) against `it`.
    func evaluatePredicate(_ ref: BlockRef, it: Value) async throws -> Bool {
        guard ref.id >= 0, ref.id < blocks.count else {
            throw CRMError.runtime("stale-block", "This block is no longer available.")
        }
        let entry = blocks[ref.id]
        entry.frame.slots[entry.itSlot] = it
        switch entry.body {
        case .predicate(let e): return try await eval(e, entry.frame).isTruthy
        case .block: return try await runBlock(ref, it: it, input: .value(it)).collect().isTruthy
        }
    }
}
