import CRMCore

extension Resolver {
    mutating func resolve(_ p: Pipeline) -> Pipeline {
        var out = p
        out.elements = p.elements.map { el in
            switch el {
            case .expr(let e, let loc): return .expr(resolve(e), loc)
            case .call(let c): return .call(resolve(c))
            }
        }
        return out
    }

    mutating func resolve(_ e: Expr) -> Expr {
        switch e {
        case .literal: return e
        case .interpolated(let parts):
            return .interpolated(parts.map { if case .expr(let x) = $0 { .expr(resolve(x)) } else { $0 } })
        case .variable(let ref): return .variable(readVariable(ref))
        case .itemField(let name, let it): return .itemField(name, it: readVariable(it))
        case .path(let base, let steps):
            let b = resolve(base)
            return .path(
                b,
                steps.map { step in
                    if case .index(let x, let loc) = step { return .index(resolve(x), loc) }
                    return step
                })
        case .list(let items): return .list(items.map { resolve($0) })
        case .record(let fields): return .record(fields.map { ($0.key, resolve($0.value)) })
        case .negate(let x, let loc): return .negate(resolve(x), loc)
        case .not(let x): return .not(resolve(x))
        case .binary(let op, let l, let r, let loc): return .binary(op, resolve(l), resolve(r), loc)
        case .and(let l, let r): return .and(resolve(l), resolve(r))
        case .or(let l, let r): return .or(resolve(l), resolve(r))
        case .pipeline(let p): return .pipeline(resolve(p))
        }
    }

    mutating func resolve(_ c: Call) -> Call {
        var call = c
        if let second = c.secondWord, case .value(.literal(.string(let third)), _)? = c.arguments.first,
            let cmd = commands.command(named: c.name + " " + second.text + " " + third)
        {
            // Three-word names: `v1 orders get ID`.
            call.target = .command(cmd)
            call.secondWord = nil
            call.arguments.removeFirst()
        } else if let second = c.secondWord, let cmd = commands.command(named: c.name + " " + second.text) {
            call.target = .command(cmd)
            call.secondWord = nil
        } else {
            if let second = c.secondWord {
                call.arguments.insert(.value(.literal(.string(second.text)), second.location), at: 0)
                call.secondWord = nil
            }
            if let cmd = commands.command(named: c.name) {
                call.target = .command(cmd)
            } else if let f = functions[c.name] {
                call.target = .function(f)
            } else {
                var names = Set(functions.keys).union(Keywords.statement)
                for spec in commands.allSpecs {
                    names.insert(spec.name)
                    for a in spec.aliases { names.insert(a) }
                    if let first = spec.name.split(separator: " ").first { names.insert(String(first)) }
                }
                errors.append(
                    CRMError(
                        "resolve.unknown-command",
                        "Unknown command '\(c.name)'" + Suggestion.didYouMean(c.name, in: names.sorted()),
                        at: c.location, exit: .usage))
            }
        }
        call.arguments = call.arguments.map { resolveArgument($0) }
        return call
    }

    mutating func resolveArgument(_ a: ArgumentExpr) -> ArgumentExpr {
        switch a {
        case .value(let e, let loc): return .value(resolve(e), loc)
        case .flag(let name, let inline, let loc): return .flag(name, inline: inline.map { resolve($0) }, loc)
        case .block(let b, let it, let loc):
            return withItemScope(it) { r, itRef in
                .block(Block(statements: b.statements.map { r.resolveStatementInBlock($0) }), it: itRef, loc)
            }
        case .predicate(let e, let it, let loc):
            return withItemScope(it) { r, itRef in .predicate(r.resolve(e), it: itRef, loc) }
        }
    }
}
