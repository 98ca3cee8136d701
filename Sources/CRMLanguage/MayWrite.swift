import CRMCore

/// Whether code may send a write request that nothing confirmed: it calls a write command
/// without its own `--yes`, or a `def` (conservatively: a function may call one). Used by the
/// prod write guard to count a loop's items before the first write instead of stopping it part-way.
extension Pipeline {
    var mayWrite: Bool { elements.contains { $0.mayWrite } }
}

extension Call {
    /// `--yes` (or `--yes=true`) among the arguments.
    var hasYesFlag: Bool {
        arguments.contains {
            guard case .flag("yes", let inline, _) = $0 else { return false }
            if case .literal(.bool(false))? = inline { return false }
            return true
        }
    }
}

extension Element {
    var mayWrite: Bool {
        switch self {
        case .expr(let e, _): return e.mayWrite
        case .call(let c): return c.mayWrite
        }
    }
}

extension Call {
    var mayWrite: Bool {
        switch target {
        case .command(let cmd) where cmd.spec.isWrite: return !hasYesFlag || arguments.contains { $0.mayWrite }
        case .function: return true
        default: return arguments.contains { $0.mayWrite }
        }
    }
}

extension ArgumentExpr {
    var mayWrite: Bool {
        switch self {
        case .value(let e, _), .predicate(let e, _, _): return e.mayWrite
        case .flag(_, let inline, _): return inline?.mayWrite ?? false
        case .block(let b, _, _): return b.mayWrite
        }
    }
}

extension Block {
    var mayWrite: Bool { statements.contains { $0.mayWrite } }
}

extension Stmt {
    var mayWrite: Bool {
        switch self {
        case .pipeline(let p), .assign(_, let p, _): return p.mayWrite
        case .assignInto(_, let steps, let p):
            return p.mayWrite || steps.contains { if case .index(let i, _) = $0 { i.mayWrite } else { false } }
        case .ifElse(let arms, let elseBody):
            return arms.contains { $0.condition.mayWrite || $0.body.mayWrite } || (elseBody?.mayWrite ?? false)
        case .forBlock(_, let source, let body): return source.mayWrite || body.mayWrite
        case .forCard(_, let source, let body): return source.mayWrite || body.mayWrite
        case .whileLoop(let cond, let body): return cond.mayWrite || body.mayWrite
        case .returnValue(let p, _): return p?.mayWrite ?? false
        case .source(_, _, let program): return program.statements.contains { $0.mayWrite }
        case .exit(let e, _): return e?.mayWrite ?? false
        case .tryCatch(let body, let handler, _, _): return body.mayWrite || (handler?.mayWrite ?? false)
        case .breakLoop, .continueLoop, .def: return false
        }
    }
}

extension Expr {
    var mayWrite: Bool {
        switch self {
        case .literal, .variable, .itemField: return false
        case .interpolated(let parts):
            return parts.contains { if case .expr(let e) = $0 { e.mayWrite } else { false } }
        case .path(let e, let steps):
            return e.mayWrite || steps.contains { if case .index(let i, _) = $0 { i.mayWrite } else { false } }
        case .list(let es): return es.contains { $0.mayWrite }
        case .record(let kvs): return kvs.contains { $0.key.mayWrite || $0.value.mayWrite }
        case .negate(let e, _), .not(let e): return e.mayWrite
        case .binary(_, let a, let b, _), .and(let a, let b), .or(let a, let b): return a.mayWrite || b.mayWrite
        case .pipeline(let p): return p.mayWrite
        }
    }
}
