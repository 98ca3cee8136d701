import CRMCore

/// Walks a resolved program once and collects what `ScriptOutline` reports: definitions, variable
/// reads, calls, and the unknown flags the shell would only find when the call runs (the binder
/// checks flags at run time; the editor wants them while typing).
///
/// Statements of `source`d files are not walked: their locations name another file.
struct OutlineWalker {
    let file: String
    var definitions: [ScriptOutline.Definition] = []
    var variableUses: [ScriptOutline.NameUse] = []
    var calls: [ScriptOutline.CallSite] = []
    var flagErrors: [CRMError] = []
    /// The last line any walked name or call is on (for the end of a `def`'s body).
    var maxLine = 0

    init(file: String) { self.file = file }

    mutating func walk(_ statements: [Stmt], depth: Int) {
        for s in statements { walk(s, depth: depth) }
    }

    mutating func walk(_ s: Stmt, depth: Int) {
        switch s {
        case .pipeline(let p):
            walk(p, depth: depth)
        case .assign(let ref, let p, let isLet):
            walk(p, depth: depth)
            define(ref, .variable(isLet: isLet), depth: depth)
        case .assignInto(let ref, let steps, let p):
            walk(p, depth: depth)
            use(ref)
            walk(steps, depth: depth)
        case .ifElse(let arms, let elseBody):
            for arm in arms {
                walk(arm.condition, depth: depth)
                walk(arm.body.statements, depth: depth + 1)
            }
            if let elseBody { walk(elseBody.statements, depth: depth + 1) }
        case .forBlock(let ref, let source, let body):
            walk(source, depth: depth)
            define(ref, .loopVariable, depth: depth + 1)
            walk(body.statements, depth: depth + 1)
        case .forCard(let ref, let source, let body):
            walk(source, depth: depth)
            define(ref, .loopVariable, depth: depth + 1)
            walk(body, depth: depth + 1)
        case .whileLoop(let cond, let body):
            walk(cond, depth: depth)
            walk(body.statements, depth: depth + 1)
        case .breakLoop, .continueLoop:
            break
        case .def(let f):
            let index = definitions.count
            let isHere = f.location.file == file
            if isHere {
                definitions.append(
                    .init(
                        name: f.name, kind: .function(parameters: f.parameters), location: f.location,
                        isTopLevel: depth == 0))
            }
            let outer = maxLine
            maxLine = f.location.line
            walk(f.body.statements, depth: depth + 1)
            let end = maxLine
            maxLine = max(outer, end)
            if isHere {
                definitions[index].scopeEndLine = end
                for p in f.parameters {
                    definitions.append(
                        .init(
                            name: p, kind: .parameter(function: f.name), location: f.location, isTopLevel: false,
                            scopeEndLine: end))
                }
            }
        case .returnValue(let p, _):
            if let p { walk(p, depth: depth) }
        case .source(_, _, let program):
            for a in program.arguments ?? [] { walk(a, depth: depth) }
        case .exit(let e, _):
            if let e { walk(e, depth: depth) }
        case .tryCatch(let body, let catchBody, _, _):
            walk(body.statements, depth: depth + 1)
            if let catchBody { walk(catchBody.statements, depth: depth + 1) }
        }
    }

    mutating func define(_ ref: VarRef, _ kind: ScriptOutline.Definition.Kind, depth: Int) {
        guard ref.location.file == file else { return }
        maxLine = max(maxLine, ref.location.line)
        definitions.append(.init(name: ref.name, kind: kind, location: ref.location, isTopLevel: depth == 0))
    }

    mutating func use(_ ref: VarRef) {
        guard ref.location.file == file else { return }
        maxLine = max(maxLine, ref.location.line)
        variableUses.append(.init(name: ref.name, location: ref.location))
    }

    mutating func walk(_ p: Pipeline, depth: Int) {
        for element in p.elements {
            switch element {
            case .expr(let e, _): walk(e, depth: depth)
            case .call(let c): walk(c, depth: depth)
            }
        }
    }

    mutating func walk(_ c: Call, depth: Int) {
        var site = ScriptOutline.CallSite(
            word: c.name, nameWords: 1, spec: nil, function: nil, location: c.location, flags: [])
        switch c.target {
        case .command(let cmd):
            site.spec = cmd.spec
            site.nameWords = cmd.spec.name.split(separator: " ").count
        case .function(let f):
            site.function = f.name
        case .unresolved:
            break
        }
        // A `def` takes no flags; its declaration says so with the binder's own message.
        let flagSpec: CommandSpec? =
            if case .function(let f) = c.target { f.spec } else { site.spec }
        for a in c.arguments {
            switch a {
            case .value(let e, _):
                walk(e, depth: depth)
            case .flag(let name, let inline, let loc):
                if let inline { walk(inline, depth: depth) }
                site.flags.append(.init(name: name, location: loc))
                if let flagSpec { checkFlag(name, at: loc, of: flagSpec) }
            case .block(let b, _, _):
                walk(b.statements, depth: depth + 1)
            case .predicate(let e, _, _):
                walk(e, depth: depth)
            }
        }
        if c.location.file == file {
            maxLine = max(maxLine, c.location.line)
            calls.append(site)
        }
    }

    /// An unknown flag, with the binder's own message and "Did you mean" (binding only this flag).
    mutating func checkFlag(_ name: String, at loc: SourceLocation, of spec: CommandSpec) {
        guard spec.flag(named: name) == nil, loc.file == file else { return }
        do {
            _ = try ArgumentBinder.bind([.flag(name, inline: nil, at: loc)], to: spec, at: loc)
        } catch let e as CRMError where e.code == "usage.unknown-flag" {
            flagErrors.append(e)
        } catch {}
    }

    mutating func walk(_ steps: [PathStep], depth: Int) {
        for step in steps {
            if case .index(let e, _) = step { walk(e, depth: depth) }
        }
    }

    mutating func walk(_ e: Expr, depth: Int) {
        switch e {
        case .literal:
            break
        case .interpolated(let parts):
            for case .expr(let inner) in parts { walk(inner, depth: depth) }
        case .variable(let ref):
            use(ref)
        case .itemField:
            break
        case .path(let base, let steps):
            walk(base, depth: depth)
            walk(steps, depth: depth)
        case .list(let items):
            for item in items { walk(item, depth: depth) }
        case .record(let pairs):
            for pair in pairs {
                walk(pair.key, depth: depth)
                walk(pair.value, depth: depth)
            }
        case .negate(let inner, _), .not(let inner):
            walk(inner, depth: depth)
        case .binary(_, let a, let b, _), .and(let a, let b), .or(let a, let b):
            walk(a, depth: depth)
            walk(b, depth: depth)
        case .pipeline(let p):
            walk(p, depth: depth)
        }
    }
}
