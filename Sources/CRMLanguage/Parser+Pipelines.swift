import CRMCore

extension Parser {
    /// Whether the current token ends a command's arguments.
    var isArgumentEnd: Bool {
        switch peek.kind {
        case .pipe, .newline, .semicolon, .rbrace, .rparen, .eof, .rbracket, .comma: true
        case .lbrace: stopAtBrace && !looksLikeRecord
        default: false
        }
    }

    /// pipeline → element ('|' element)*
    mutating func pipeline() throws -> Pipeline {
        let start = peek
        var elements = [try element(first: true)]
        while check(.pipe) {
            advance()
            while check(.newline) { advance() }
            elements.append(try element(first: false))
        }
        return Pipeline(elements: elements, location: location(start))
    }

    /// element → command | expression (an expression only as the first element)
    mutating func element(first: Bool) throws -> Element {
        let t = peek
        if t.kind == .word && Keywords.statement.contains(t.text) {
            throw error(at: t, "'\(t.text)' cannot be used here: it starts a statement.")
        }
        if first, t.kind == .word, DurationText.parse(t.text) != nil {
            return .expr(try expression(), location(t))  // `(2h * 3)`, `set d = 90m`: a duration
        }
        if t.kind == .word && !Keywords.expression.contains(t.text) {
            return .call(try call())
        }
        guard first else {
            throw error(at: t, "Expected a command after '|', found %found.")
        }
        let e = try expression()
        return .expr(e, location(t))
    }

    /// command → WORD WORD? argument*   (`where` takes one condition expression)
    mutating func call() throws -> Call {
        let nameToken = advance()
        var call = Call(name: nameToken.text, secondWord: nil, arguments: [], location: location(nameToken))
        if nameToken.text == "where" && !(check(.lbrace) && !looksLikeRecord) {
            if isArgumentEnd { throw error(at: peek, "Expected a condition after 'where', found %found.") }
            let savedPredicate = inPredicate
            inPredicate = true
            defer { inPredicate = savedPredicate }
            let condition = PredicateWords.apply(try expression())
            call.arguments.append(.predicate(condition, it: VarRef(name: "it", location: call.location), call.location))
            if !isArgumentEnd {
                throw error(at: peek, "Expected '|' or end of line after the 'where' condition, found %found.")
            }
            return call
        }
        if peek.kind == .word, !Keywords.expression.contains(peek.text), gluedWordLength <= 1, !isGluedInterpolation {
            let w = advance()
            call.secondWord = (w.text, location(w))
        }
        while !isArgumentEnd {
            call.arguments.append(try argument())
        }
        return call
    }

    /// argument → FLAG ('=' value)? | '{' block '}' | WORD | NUMBER | STRING | $var path | ( … ) | [ … ] | { record }
    mutating func argument() throws -> ArgumentExpr {
        let t = peek
        switch t.kind {
        case .flag:
            advance()
            let name = t.text.hasPrefix("--") ? String(t.text.dropFirst(2)) : String(t.text.dropFirst())
            if check(.assign) && !peek.spaceBefore {
                advance()
                if isArgumentEnd || peek.spaceBefore {
                    throw error(at: peek, "Expected a value after '\(t.text)=', found %found.")
                }
                return .flag(name, inline: try argumentValue(), location(t))
            }
            return .flag(name, inline: nil, location(t))
        case _ where isGluedInterpolation:
            return .value(try gluedInterpolation(), location(t))
        case .lbrace where !looksLikeRecord:
            let block = try self.block("'{'")
            return .block(block, it: VarRef(name: "it", location: location(t)), location(t))
        case _ where gluedWordLength > 1 || (t.kind == .number && (t.number.isNull || hasLeadingZero(t))):
            return .value(.literal(.string(gluedWord())), location(t))
        case .slash,
            .colon where gluedWordLength >= 1:
            return .value(.literal(.string(gluedWord())), location(t))
        case .word:
            advance()
            switch t.text {
            case "true": return .value(.literal(.bool(true)), location(t))
            case "false": return .value(.literal(.bool(false)), location(t))
            case "null": return .value(.literal(.null), location(t))
            default: return .value(.literal(.string(t.text)), location(t))
            }
        case .plus, .star, .percent, .eq, .ne, .lt, .le, .gt, .ge, .assign:
            throw error(
                at: t, "Unexpected '\(t.text)' in command arguments. Put expressions in parentheses: (a \(t.text) b).")
        case .minus where !(peek(1).kind == .number && !peek(1).spaceBefore):
            throw error(at: t, "Unexpected '-' in command arguments. Put expressions in parentheses: (a - b).")
        default:
            return .value(try argumentValue(), location(t))
        }
    }

    /// One value in argument position: a primary with its field path, or a negative number.
    mutating func argumentValue() throws -> Expr {
        if isGluedInterpolation { return try gluedInterpolation() }
        if check(.word) {
            let t = advance()
            return .literal(.string(t.text))
        }
        return try nested { p in try p.unary() }
    }

    /// Token kinds that, written without spaces between them, form one word in argument position:
    /// `/api/v2/tags`, `contactedUsers,orders`, `name=Ann`, `2024-03-22T15:30:17.339Z`,
    /// `https://api.leeloo.ai`, `env:TOKEN`. Arithmetic among arguments needs parentheses anyway.
    static let glueKinds: Set<TokenKind> = [
        .word, .number, .slash, .colon, .assign, .comma, .plus, .minus, .dot, .percent,
    ]

    /// How many adjacent tokens from the cursor glue into one word (0 when the cursor token can't).
    var gluedWordLength: Int {
        guard Self.glueKinds.contains(peek.kind), ![.comma, .assign, .minus, .dot].contains(peek.kind) else { return 0 }
        var n = 1
        while Self.glueKinds.contains(peek(n).kind), !peek(n).spaceBefore, peek(n).line == peek(n - 1).line {
            // A trailing comma or '=' belongs to the surrounding syntax, not the word.
            if [.comma, .assign].contains(peek(n).kind),
                !Self.glueKinds.contains(peek(n + 1).kind) || peek(n + 1).spaceBefore
            {
                break
            }
            n += 1
        }
        return n
    }

    /// Consumes the glued word at the cursor and returns its text.
    mutating func gluedWord() -> String {
        let n = max(gluedWordLength, 1)
        var text = ""
        for _ in 0..<n { text += advance().text }
        return text
    }

    /// `007`, `000000000000000000000001`: digit runs with a leading zero are ids, not numbers.
    func hasLeadingZero(_ t: Token) -> Bool {
        t.text.count > 1 && t.text.hasPrefix("0") && !t.text.hasPrefix("0.")
    }

    /// Whether the `{` at the cursor opens a record literal (`{}`, `{name: …}`) rather than a block.
    var looksLikeRecord: Bool {
        var k = 1
        while peek(k).kind == .newline { k += 1 }
        let first = peek(k)
        if first.kind == .rbrace { return true }
        return [.word, .string, .number].contains(first.kind) && peek(k + 1).kind == .colon
    }
}
