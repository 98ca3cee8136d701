import CRMCore

extension Parser {
    /// expression → or
    mutating func expression() throws -> Expr {
        try orExpr()
    }

    /// Parses a chain of left-associative operators, counting each as one nesting level so a long
    /// chain cannot build a tree deep enough to overflow the stack when evaluated.
    private mutating func chain(
        _ next: (inout Parser) throws -> Expr, _ op: (Token) -> ((Expr, Expr, SourceLocation) -> Expr)?
    ) throws -> Expr {
        var left = try next(&self)
        var count = 0
        while let make = op(peek) {
            let t = advance()
            count += 1
            if depth + count > Parser.maxDepth {
                throw error(at: t, "Expression is too long (more than \(Parser.maxDepth) operators).", fatal: true)
            }
            let right = try next(&self)
            left = make(left, right, location(t))
        }
        return left
    }

    mutating func orExpr() throws -> Expr {
        try chain({ try $0.andExpr() }) { $0.isWord("or") ? { l, r, _ in .or(l, r) } : nil }
    }

    mutating func andExpr() throws -> Expr {
        try chain({ try $0.notExpr() }) { $0.isWord("and") ? { l, r, _ in .and(l, r) } : nil }
    }

    /// not → 'not' not | comparison
    mutating func notExpr() throws -> Expr {
        if peek.isWord("not") {
            advance()
            return try nested { p in .not(try p.notExpr()) }
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        try chain({ try $0.term() }) { t in
            let op: BinaryOp? =
                switch t.kind {
                case .eq: .eq
                case .ne: .ne
                case .lt: .lt
                case .le: .le
                case .gt: .gt
                case .ge: .ge
                default: nil
                }
            return op.map { op in { l, r, loc in .binary(op, l, r, loc) } }
        }
    }

    mutating func term() throws -> Expr {
        try chain({ try $0.factor() }) { t in
            let op: BinaryOp? = t.kind == .plus ? .add : t.kind == .minus ? .sub : nil
            return op.map { op in { l, r, loc in .binary(op, l, r, loc) } }
        }
    }

    mutating func factor() throws -> Expr {
        try chain({ try $0.unary() }) { t in
            let op: BinaryOp? = t.kind == .star ? .mul : t.kind == .slash ? .div : t.kind == .percent ? .mod : nil
            return op.map { op in { l, r, loc in .binary(op, l, r, loc) } }
        }
    }

    /// unary → '-' unary | postfix
    mutating func unary() throws -> Expr {
        if check(.minus) {
            let t = advance()
            if check(.number), !peek.spaceBefore {
                let n = advance()
                if n.number.isNull { throw error(at: n, "Number '\(n.text)' is too large.") }
                return try postfix(.literal(negated(n.number)), start: n)
            }
            return try nested { p in .negate(try p.unary(), p.location(t)) }
        }
        return try postfix(try primary(), start: tokens[max(current - 1, 0)])  // SAFE: clamped
    }

    func negated(_ v: Value) -> Value {
        switch v {
        case .int(let i): i == Int.min ? .double(-Double(i)) : .int(-i)
        case .double(let d): .double(-d)
        default: v
        }
    }

    /// postfix → primary ('.' NAME | '?.' NAME | '[' expression ']')*   (no space before '.' or '[')
    mutating func postfix(_ base: Expr, start: Token) throws -> Expr {
        var base = base
        var steps: [PathStep] = []
        while true {
            if check(.dot) {
                let dot = advance()
                let name = try consume(.word, "Expected a field name after '.', found %found.")
                if steps.isEmpty, case .itemField(var path, let it) = base {
                    path.append(field: name.text)  // `accounts[0].from` stays one item path
                    base = .itemField(path, it: it)
                    continue
                }
                steps.append(dot.text == "?." ? .optional(name.text, location(dot)) : .field(name.text, location(dot)))
            } else if check(.lbracket) && !peek.spaceBefore {
                let open = advance()
                let index = try nested { p in try p.expression() }
                _ = try consume(.rbracket, "Expected ']' after the index, found %found.")
                if steps.isEmpty, case .itemField(var path, let it) = base, case .literal(.int(let n)) = index {
                    path.append(index: n)
                    base = .itemField(path, it: it)
                    continue
                }
                steps.append(.index(index, location(open)))
            } else {
                break
            }
        }
        return steps.isEmpty ? base : .path(base, steps)
    }

    /// primary → NUMBER | STRING | VARIABLE | true | false | null | WORD | '(' … ')' | list | record
    mutating func primary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .number:
            advance()
            if t.number.isNull { throw error(at: t, "Number '\(t.text)' is too large.") }
            return .literal(t.number)
        case .string, .splice:
            advance()
            return try interpolation(t)
        case .variable:
            advance()
            return .variable(VarRef(name: t.text, location: location(t)))
        case .word:
            advance()
            if let ms = DurationText.parse(t.text) { return .literal(.duration(ms)) }
            switch t.text {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default:
                if inPredicate {
                    return .itemField(ItemPath(word: t.text), it: VarRef(name: "it", location: location(t)))
                }
                return .literal(.string(t.text))
            }
        case .lparen:
            return try nested { p in
                p.advance()
                p.skipNewlines()
                let inner: Expr
                if p.inPredicate && p.opensFieldGroup {
                    inner = try p.expression()
                } else {
                    let saved = (p.stopAtBrace, p.inPredicate)
                    (p.stopAtBrace, p.inPredicate) = (false, false)
                    defer { (p.stopAtBrace, p.inPredicate) = saved }
                    let pipe = try p.pipeline()
                    inner = pipe.singleExpr ?? .pipeline(pipe)
                }
                p.skipNewlines()
                _ = try p.consume(.rparen, "Expected ')' to close '(' at \(t.line):\(t.column), found %found.")
                return inner
            }
        case .lbracket:
            return try nested { p in
                p.advance()
                return try p.listLiteral(open: t)
            }
        case .lbrace:
            return try nested { p in
                p.advance()
                return try p.recordLiteral(open: t)
            }
        case .flag:
            throw error(at: t, "Unexpected flag '\(t.text)' in an expression.")
        default:
            throw error(at: t, "Expected a value, found %found.")
        }
    }

    /// Whether the `( … )` whose first token is at the cursor, inside a `where` condition, groups
    /// a condition over the item's fields (`where (status == a or status == b) and age > 3`): it
    /// starts with `not`, or with a bare path followed by an operator. Any other parentheses hold a
    /// pipeline there as everywhere (`where d < (now)`, `where $it == (echo 3 | into int)`,
    /// `where ($it.tags | contains vip)`); they once held only an expression, so `(now)` was the
    /// field `now`, then the string "now", and future dates passed the filter.
    var opensFieldGroup: Bool {
        guard peek.kind == .word else { return false }
        if Keywords.expression.contains(peek.text) { return true }  // `not`, `true`, `null`: no command
        let next = peek(1)
        switch next.kind {
        case .eq, .ne, .lt, .le, .gt, .ge, .plus, .star, .slash, .percent: return true
        case .minus: return next.spaceBefore && peek(2).spaceBefore
        case .lbracket: return !next.spaceBefore
        case .word: return next.isWord("and") || next.isWord("or")
        default: return false
        }
    }

    mutating func listLiteral(open: Token) throws -> Expr {
        var items: [Expr] = []
        skipNewlines()
        while !check(.rbracket) {
            items.append(try expression())
            skipNewlines()
            if match(.comma) == nil { break }
            skipNewlines()
        }
        _ = try consume(
            .rbracket, "Expected ']' to close the list opened at \(open.line):\(open.column), found %found.")
        return .list(items)
    }

    mutating func recordLiteral(open: Token) throws -> Expr {
        var fields: [(key: Expr, value: Expr)] = []
        skipNewlines()
        while !check(.rbrace) {
            let keyToken = advance()
            let key: Expr
            switch keyToken.kind {
            case .word, .number: key = .literal(.string(keyToken.text))
            case .string: key = try interpolation(keyToken)  // `{"$t": 1}`: quoted keys interpolate
            default: throw error(at: keyToken, "Expected a field name in the record, found %found.")
            }
            let shown = if case .literal(.string(let k)) = key { "the field name '\(k)'" } else { "the field name" }
            _ = try consume(.colon, "Expected ':' after \(shown), found %found.")
            skipNewlines()
            fields.append((key, try expression()))
            skipNewlines()
            if match(.comma) == nil { break }
            skipNewlines()
        }
        _ = try consume(
            .rbrace, "Expected '}' to close the record opened at \(open.line):\(open.column), found %found.")
        return .record(fields)
    }

    /// A double-quoted string's parts: `$name` and `${path}` become expressions.
    mutating func interpolation(_ t: Token) throws -> Expr {
        var parts: [InterpolationPart] = []
        for part in t.parts {
            switch part {
            case .literal(let s): parts.append(.text(s))
            case .variable(let name, let l, let c):
                parts.append(
                    .expr(.variable(VarRef(name: name, location: SourceLocation(file: file, line: l, column: c)))))
            case .expression(let src, let l, let c):
                parts.append(.expr(try splice(src, line: l, column: c, at: t)))
            }
        }
        if parts.count == 1, case .text(let s) = parts[0] { return .literal(.string(s)) }  // SAFE: count checked
        // A lone `${…}` outside quotes is its expression's value, not that value as text.
        if t.kind == .splice, parts.count == 1, case .expr(let e) = parts[0] { return e }  // SAFE: count checked
        if parts.isEmpty { return .literal(.string("")) }
        return .interpolated(parts)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
