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
        case .itemField(let path, let it): return .itemField(path, it: readVariable(it))
        case .path(let base, let steps):
            let b = resolve(base)
            return .path(
                b,
                steps.map { step in
                    if case .index(let x, let loc) = step { return .index(resolve(x), loc) }
                    return step
                })
        case .list(let items): return .list(items.map { resolve($0) })
        case .record(let fields): return .record(fields.map { (resolve($0.key), resolve($0.value)) })
        case .negate(let x, let loc): return .negate(resolve(x), loc)
        case .not(let x): return .not(resolve(x))
        case .binary(let op, let l, let r, let loc): return .binary(op, resolve(l), resolve(r), loc)
        case .and(let l, let r): return .and(resolve(l), resolve(r))
        case .or(let l, let r): return .or(resolve(l), resolve(r))
        case .pipeline(let p): return .pipeline(resolve(p))
        }
    }

    mutating func resolve(_ c: Call) -> Call {
        var call = resolveName(c)
        // `CMD --help` is `help CMD` for any command that has no --help of its own.
        if case .command(let cmd) = call.target, cmd.spec.name != "help",
            !cmd.spec.flags.contains(where: { $0.name == "help" }),
            call.arguments.contains(where: { if case .flag("help", _, _) = $0 { true } else { false } }),
            let help = commands.command(named: "help")
        {
            call.target = .command(help)
            call.arguments = cmd.spec.name.split(separator: " ").map {
                .value(.literal(.string(String($0))), c.location)
            }
        }
        call.arguments = call.arguments.map { resolveArgument($0) }
        return call
    }

    /// Finds the command or function a call names (one, two or three words).
    mutating func resolveName(_ c: Call) -> Call {
        var call = c
        // The words that may spell a name: the call's name, its second word, then a literal first
        // argument (three-word names: `v1 orders get ID`); the longest name wins (`CommandNames`).
        var words = [c.name]
        if let second = c.secondWord {
            words.append(second.text)
            if case .value(.literal(.string(let third)), _)? = c.arguments.first { words.append(third) }
        }
        if words.count > 1, let (cmd, n) = CommandNames.longestMatch(words, find: { commands.command(named: $0) }),
            n > 1
        {
            call.target = .command(cmd)
            call.secondWord = nil
            if n == 3 { call.arguments.removeFirst() }
        } else {
            if let second = c.secondWord {
                call.arguments.insert(.value(.literal(.string(second.text)), second.location), at: 0)
                call.secondWord = nil
            }
            if let cmd = commands.command(named: c.name) {
                call.target = .command(cmd)
                // `runs abandn ID`: a command without parameters followed by a near-miss of one of
                // its subcommands is a typo of that subcommand, not an unexpected argument.
                if cmd.spec.parameters.isEmpty, let second = c.secondWord,
                    let near = Suggestion.closest(to: c.name + " " + second.text, in: family(of: c.name))
                {
                    errors.append(
                        CRMError(
                            "resolve.unknown-command",
                            "Unknown command '\(c.name) \(second.text)'. Did you mean '\(near)'?", at: c.location,
                            exit: .usage))
                }
            } else if let f = functions[c.name] {
                call.target = .function(f)
            } else {
                errors.append(unknownCommand(c))
            }
        }
        return call
    }

    /// The two-word command names that start with `word` (`v1 orders get` counts as `v1 orders`).
    func family(of word: String) -> [String] {
        let longer = commands.allSpecs.flatMap { [$0.name] + $0.aliases }.filter { $0.hasPrefix(word + " ") }
        return Array(Set(longer.map { $0.split(separator: " ").prefix(2).joined(separator: " ") })).sorted()
    }

    /// The error for a call that names nothing. A word that only starts longer names (`v1`,
    /// `runs`) is told its subcommands: `Unknown command 'v1 tag'. Did you mean 'v1 tags'?`.
    func unknownCommand(_ c: Call) -> CRMError {
        let allNames = commands.allSpecs.flatMap { [$0.name] + $0.aliases }
        let family = family(of: c.name)
        if !family.isEmpty {
            let typed = c.secondWord.map { c.name + " " + $0.text } ?? c.name
            let message =
                "Unknown command '\(typed)'"
                + (c.secondWord != nil ? Suggestion.didYouMean(typed, in: family) : ".")
            let shown = family.prefix(8).joined(separator: ", ") + (family.count > 8 ? ", …" : "")
            return CRMError(
                "resolve.unknown-command", message, at: c.location,
                help: "'\(c.name)' is followed by a subcommand: \(shown) ('help' lists them all)", exit: .usage)
        }
        var names = Set(functions.keys).union(Keywords.statement)
        for name in allNames {
            names.insert(name)
            if let first = name.split(separator: " ").first { names.insert(String(first)) }
        }
        return CRMError(
            "resolve.unknown-command",
            "Unknown command '\(c.name)'" + Suggestion.didYouMean(c.name, in: names.sorted()),
            at: c.location, help: variableHelp(c.name), exit: .usage)
    }

    /// `${m.createdAt | format date …}`: the short form of `${…}` (a bare name is a variable) ends
    /// before a `|`, so `m.createdAt` was read as a command. No command name holds a dot; one that
    /// does, led by a name, was meant as a variable's path.
    func variableHelp(_ name: String) -> String? {
        guard let dot = name.firstIndex(of: "."), dot != name.startIndex,
            name[..<dot].allSatisfy(Lexer.isIdentChar)
        else { return nil }
        return "A variable needs its '$' here: '$\(name)'; inside '${…}' before a '|' too: '${$\(name) | …}'."
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

extension Resolver {
    /// `for c in connections | first 1 | people add-sms …` runs `first 1` once per item (the card
    /// form's source ends at the first `|`), which is never what was meant: a card loop whose
    /// per-item pipeline starts with a stream filter (a command declared `isStreamFilter`) is an
    /// error before anything runs, showing the parenthesized source.
    mutating func checkCardBody(_ body: Pipeline, loop name: String, source: Pipeline) {
        guard case .call(let call)? = body.elements.first, case .command(let cmd) = call.target,
            cmd.spec.isStreamFilter
        else { return }
        var sourceName = "…"
        if case .call(let head)? = source.elements.first, case .command(let s) = head.target {
            sourceName = s.spec.name
        }
        let rest = body.elements.count > 1 ? " | …" : ""
        errors.append(
            CRMError(
                "resolve.card-filter",
                "'\(cmd.spec.name)' would run once for each item of the loop: the source of 'for \(name) in …' ends at "
                    + "the first '|'. Put the source in parentheses: "
                    + "'for \(name) in (\(sourceName) | \(cmd.spec.name) …)\(rest)'.",
                at: call.location, exit: .usage))
    }
}
