import CRMCore

extension Interpreter {
    /// Runs statements in order, checking for Ctrl-C between them.
    func execute(_ statements: [Stmt], _ frame: Frame) async throws -> Flow {
        for s in statements {
            try checkCancelled()
            let flow = try await executeStatement(s, frame)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    /// Runs one statement, then throws the failure a command registered for its end
    /// (`CommandContext.failAfterOutput`), once its output is out.
    func executeStatement(_ s: Stmt, _ frame: Frame) async throws -> Flow {
        let flow: Flow
        do {
            flow = try await execute(s, frame)
        } catch {
            // The statement failed on its own: a failure registered for its end is moot.
            deferredFailure.withLock { $0 = nil }
            throw error
        }
        if let failure = deferredFailure.withLock({ f in defer { f = nil }; return f }) { throw failure }
        return flow
    }

    func store(_ ref: VarRef, _ value: Value, _ frame: Frame) {
        switch ref.slot {
        case .local(let i): frame.slots[i] = value
        case .global(let i): globals.values[i] = value
        default: break
        }
    }

    /// Evaluates the right side of `set`/`let`/`return`: an expression directly, a pipeline collected.
    func value(of p: Pipeline, _ frame: Frame) async throws -> Value {
        if let e = p.singleExpr {
            if let v = try simple(e, frame) { return v }
            return try await eval(e, frame)
        }
        let mark = blocks.count
        defer { truncateBlocks(mark) }
        return try await runPipeline(p, input: .empty, frame).collect()
    }

    func truncateBlocks(_ mark: Int) {
        if blocks.count > mark { blocks.removeSubrange(mark...) }
    }

    /// Runs a pipeline statement and emits its result.
    func runAndEmit(_ p: Pipeline, input: PipelineData, _ frame: Frame) async throws {
        let mark = blocks.count
        defer { truncateBlocks(mark) }
        do {
            let data = try await runPipeline(p, input: input, frame)
            if !data.isEmpty { try await host.emit(data) }
        } catch let e as CRMError {
            throw e.located(p.location)
        } catch is CancellationError {
            throw CRMError.interrupted
        }
    }

    func execute(_ s: Stmt, _ frame: Frame) async throws -> Flow {
        switch s {
        case .assign(let ref, let p, _):
            do {
                store(ref, try Nesting.checked(try await value(of: p, frame)), frame)  // a collected stream too
            } catch let e as CRMError {
                throw e.located(p.location)
            }
            return .normal
        case .assignInto(let ref, let steps, let p):
            do {
                let new = try await value(of: p, frame)
                store(ref, try await Paths.assigning(new, at: steps, in: try read(ref, frame), frame, self), frame)
            } catch let e as CRMError {
                throw e.located(p.location)
            }
            return .normal
        case .pipeline(let p):
            try await runAndEmit(p, input: .empty, frame)
            return .normal
        case .ifElse(let arms, let elseBody):
            for arm in arms where try await eval(arm.condition, frame).isTruthy {
                return try await execute(arm.body.statements, frame)
            }
            if let elseBody { return try await execute(elseBody.statements, frame) }
            return .normal
        case .forBlock(let ref, let source, let body):
            return try await forBlock(ref, source, body, frame)
        case .forCard(let ref, let source, let body):
            guard case .local(let slot) = ref.slot else { return .normal }
            let mark = blocks.count
            defer { truncateBlocks(mark) }
            var data = try await runPipelineLocated(source, frame)
            if let results = try await bulkLoop(slot, data, body, frame) {
                try await host.emit(results)
                return .normal
            }
            data = try await guardWrites(
                data, body.mayWrite, "of the loop at line \(body.location.line)",
                at: body.location)
            let cursor = data.items().makeCursor()
            defer { cursor.close() }
            while let item = try await cursor.next() {
                try checkCancelled()
                frame.slots[slot] = item
                try await runAndEmit(body, input: .value(item), frame)
            }
            return .normal
        case .whileLoop(let cond, let body):
            while try await eval(cond, frame).isTruthy {
                try checkCancelled()
                switch try await execute(body.statements, frame) {
                case .breakLoop: return .normal
                case .returned(let d): return .returned(d)
                case .normal, .continueLoop: continue
                }
            }
            return .normal
        case .breakLoop: return .breakLoop
        case .continueLoop: return .continueLoop
        case .def: return .normal
        case .returnValue(let p, let loc):
            guard let p else { return .returned(.empty) }
            do {
                return .returned(.value(try await value(of: p, frame)))
            } catch let e as CRMError {
                throw e.located(loc)
            }
        case .source(_, _, let program):
            let saved = scriptArguments
            defer { scriptArguments = saved }
            if let exprs = program.arguments {
                var values: [String] = []
                for e in exprs { values.append(try await eval(e, frame).displayText) }
                scriptArguments = values
            }
            _ = try await execute(program.statements, Frame(size: program.frameSize))
            return .normal
        case .exit(let e, let loc):
            guard let e else { throw ExitRequest(status: 0) }
            let v = try await eval(e, frame)
            guard let n = v.intValue else {
                throw CRMError.runtime(
                    "bad-exit", "Exit status must be a whole number, got '\(v.displayText)'.", at: loc)
            }
            throw ExitRequest(status: Int32(clamping: n))
        case .tryCatch(let body, let handler, let err, _):
            return try await tryCatch(body, handler, err, frame)
        }
    }

    func runPipelineLocated(_ p: Pipeline, _ frame: Frame) async throws -> PipelineData {
        do {
            return try await runPipeline(p, input: .empty, frame)
        } catch let e as CRMError {
            throw e.located(p.location)
        }
    }

    /// `for x in source { body }`, with a fast path for `range A B` that counts ints directly.
    func forBlock(_ ref: VarRef, _ source: Pipeline, _ body: Block, _ frame: Frame) async throws -> Flow {
        guard case .local(let slot) = ref.slot else { return .normal }
        if let (from, to) = try await fastRange(source, frame) {
            if host.writesNeedConfirming, body.mayWrite {
                let n = abs(to - from) + 1
                do {
                    try await host.expectWrites(
                        n, what: "writes for each of the \(n) items of the loop at line \(source.location.line)")
                } catch let e as CRMError {
                    throw e.located(source.location)
                }
            }
            let step = from <= to ? 1 : -1
            var i = from
            while true {
                try checkCancelled()
                frame.slots[slot] = .int(i)
                switch try await execute(body.statements, frame) {
                case .breakLoop: return .normal
                case .returned(let d): return .returned(d)
                case .normal, .continueLoop: break
                }
                if i == to { break }
                i += step
            }
            return .normal
        }
        let mark = blocks.count
        defer { truncateBlocks(mark) }
        let listed = try await runPipelineLocated(source, frame)
        // A block of one write (`for p in people { people add-tag $p.id vip }`) is a bulk run too.
        if body.statements.count == 1, case .pipeline(let write) = body.statements[0],  // SAFE: count checked
            let results = try await bulkLoop(slot, listed, write, frame)
        {
            try await host.emit(results)
            return .normal
        }
        let data = try await guardWrites(
            listed, body.mayWrite, "of the loop at line \(source.location.line)", at: source.location)
        let cursor = data.items().makeCursor()
        defer { cursor.close() }
        while let item = try await cursor.next() {
            try checkCancelled()
            frame.slots[slot] = item
            switch try await execute(body.statements, frame) {
            case .breakLoop: return .normal
            case .returned(let d): return .returned(d)
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }

    /// The bounds of `range A B` (the built-in, two whole numbers, no flags), else nil.
    func fastRange(_ source: Pipeline, _ frame: Frame) async throws -> (Int, Int)? {
        guard source.elements.count == 1, case .call(let call) = source.elements[0],  // SAFE: count checked
            case .command(let cmd) = call.target, cmd.spec.name == "range", call.arguments.count == 2,
            case .value(let a, _) = call.arguments[0], case .value(let b, _) = call.arguments[1]  // SAFE: count checked
        else { return nil }
        guard case .int(let from) = try await eval(a, frame), case .int(let to) = try await eval(b, frame) else {
            return nil
        }
        return (from, to)
    }

    /// The prod write guard before code that may write once per item of `data` runs: the items
    /// are counted first (a stream is collected), so a guard that refuses does so before the
    /// first write. Returns the data to iterate (collected when it was counted).
    func guardWrites(
        _ data: PipelineData, _ mayWrite: @autoclosure () -> Bool, _ what: @autoclosure () -> String,
        at location: SourceLocation? = nil
    ) async throws -> PipelineData {
        guard host.writesNeedConfirming, mayWrite() else { return data }
        let items: [Value]
        switch data {
        case .empty, .value(.null): return data
        case .value(.list(let l)): items = l
        case .value: return data  // one item: the per-request count covers it
        case .stream(let s) where s.endless:
            // A `tail` is never counted to its end: refused now instead of waiting forever.
            let e = CRMError(
                "guard.endless",
                "Writes for each item \(what()) over an endless stream (\(s.label)) cannot be counted for the prod write guard. Nothing was sent.",
                help: "bound it with 'first N', or confirm the statement with --yes (crm --yes FILE)", exit: .refused)
            throw location.map { e.located($0) } ?? e
        case .stream: items = try await data.collect().listValue ?? []
        }
        do {
            try await host.expectWrites(items.count, what: "writes for each of the \(items.count) items \(what())")
        } catch let e as CRMError {
            throw location.map { e.located($0) } ?? e
        }
        return .value(.list(items))
    }
}
