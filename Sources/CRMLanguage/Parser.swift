import CRMCore

/// Thrown inside the parser to unwind to the nearest statement boundary; `isFatal` stops parsing
/// altogether (nesting too deep).
struct ParseFailure: Error {
    var isFatal = false
}

/// A recursive-descent parser in the jlox style: one method per grammar rule, `consume(…)` with a
/// message naming what was expected, and panic-mode `synchronize()` at statement boundaries so a
/// single run reports every syntax error with its line and column. The grammar is in
/// `docs/language.md`.
struct Parser {
    /// Deeper nesting than this is an error rather than a stack overflow.
    static let maxDepth = 200

    var tokens: [Token]
    var current = 0
    let file: String
    var errors: [CRMError] = []
    var depth = 0
    /// Inside a `where` condition: bare words are fields of the item.
    var inPredicate = false
    /// Inside a `for … in` header: a `{` ends the pipeline (it opens the loop body).
    var stopAtBrace = false

    init(tokens: [Token], file: String, depth: Int = 0) {
        self.tokens = tokens
        self.file = file
        self.depth = depth
    }

    /// Parses a whole source text; throws `SyntaxErrors` with every lexing and parsing error.
    static func parse(_ source: String, file: String) throws -> [Stmt] {
        var lexer = Lexer(source, file: file)
        let tokens = lexer.tokenize()
        var parser = Parser(tokens: tokens, file: file)
        let statements = parser.program()
        let all = (lexer.errors + parser.errors).sorted {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        if !all.isEmpty { throw SyntaxErrors(all) }
        return statements
    }

    // MARK: token helpers

    var peek: Token { tokens[min(current, tokens.count - 1)] }  // SAFE: tokens ends with .eof
    func peek(_ k: Int) -> Token { tokens[min(current + k, tokens.count - 1)] }  // SAFE: clamped
    var isAtEnd: Bool { peek.kind == .eof }

    func location(_ t: Token) -> SourceLocation { SourceLocation(file: file, line: t.line, column: t.column) }

    @discardableResult
    mutating func advance() -> Token {
        let t = peek
        if !isAtEnd { current += 1 }
        return t
    }

    func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    mutating func match(_ kinds: TokenKind...) -> Token? {
        if kinds.contains(peek.kind) { return advance() }
        return nil
    }

    mutating func consume(_ kind: TokenKind, _ message: String) throws -> Token {
        if check(kind) { return advance() }
        throw error(at: peek, message)
    }

    /// Records a syntax error at `token` and returns the failure to throw.
    mutating func error(at token: Token, _ message: String, fatal: Bool = false) -> ParseFailure {
        let text = message.replacing("%found", with: token.quoted)
        errors.append(CRMError("parse.unexpected-token", text, at: location(token), exit: .syntax))
        return ParseFailure(isFatal: fatal)
    }

    mutating func skipNewlines() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    /// Runs `body` one nesting level deeper; past `maxDepth` that is a fatal error.
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            throw error(at: peek, "Nesting is too deep (more than \(Parser.maxDepth) levels).", fatal: true)
        }
        return try body(&self)
    }

    /// Skips to the start of the next statement after an error.
    mutating func synchronize() {
        var braces = 0
        while !isAtEnd {
            if braces == 0 && (check(.newline) || check(.semicolon)) {
                advance()
                return
            }
            if check(.lbrace) { braces += 1 }
            if check(.rbrace) {
                if braces == 0 { return }
                braces -= 1
            }
            advance()
        }
    }

    // MARK: statements

    /// program → statement* EOF
    mutating func program() -> [Stmt] {
        var out: [Stmt] = []
        do {
            out = try statements(until: .eof)
        } catch {}
        return out
    }

    /// Statements up to (not including) `end`; errors are recorded and skipped.
    mutating func statements(until end: TokenKind) throws -> [Stmt] {
        var out: [Stmt] = []
        skipNewlines()
        while !check(end) && !isAtEnd {
            if end == .eof && check(.rbrace) {
                _ = error(at: peek, "Unexpected '}' with no matching '{'.")
                advance()
                skipNewlines()
                continue
            }
            do {
                out.append(try statement())
                if !check(end) && !isAtEnd && !check(.rbrace) {
                    if match(.newline, .semicolon) == nil {
                        throw error(at: peek, "Expected end of statement, found %found.")
                    }
                }
            } catch let failure as ParseFailure {
                if failure.isFatal { throw failure }
                synchronize()
            }
            skipNewlines()
        }
        return out
    }

    /// statement → set | let | if | for | while | def | break | continue | return | source | exit | pipeline
    mutating func statement() throws -> Stmt {
        let t = peek
        guard t.kind == .word else { return .pipeline(try pipeline()) }
        switch t.text {
        case "set": return try assignment(isLet: false)
        case "let": return try assignment(isLet: true)
        case "if": return try ifStatement()
        case "for": return try forStatement()
        case "while": return try whileStatement()
        case "def": return try defStatement()
        case "break":
            advance()
            return .breakLoop(location(t))
        case "continue":
            advance()
            return .continueLoop(location(t))
        case "return":
            advance()
            if isStatementEnd { return .returnValue(nil, location(t)) }
            return .returnValue(try pipeline(), location(t))
        case "source": return try sourceStatement()
        case "try": return try tryStatement()
        case "exit":
            advance()
            if isStatementEnd { return .exit(nil, location(t)) }
            return .exit(try expression(), location(t))
        case "else": throw error(at: t, "'else' without a matching 'if'.")
        case "catch": throw error(at: t, "'catch' without a matching 'try'.")
        default: return .pipeline(try pipeline())
        }
    }

    var isStatementEnd: Bool { [.newline, .semicolon, .eof, .rbrace].contains(peek.kind) }

    /// set NAME = pipeline   /   let NAME = pipeline
    /// Shell settings that `set NAME VALUE` (no `=`) changes through the `option` command.
    static let shellSettings = Set(Settings.names)

    mutating func assignment(isLet: Bool) throws -> Stmt {
        let keyword = advance()
        let nameToken = peek
        if nameToken.kind == .variable {
            throw error(at: nameToken, "Write '\(keyword.text) \(nameToken.text) = …' without '$'.")
        }
        var name = try consume(.word, "Expected a variable name after '\(keyword.text)', found %found.")
        let steps = try assignmentPath(&name)
        if Keywords.expression.contains(name.text) || ["args", "env", "it"].contains(name.text) || Int(name.text) != nil
        {
            throw error(at: name, "Cannot assign to '\(name.text)': it is a reserved name.")
        }
        if !isLet, !check(.assign), Self.shellSettings.contains(name.text), !isStatementEnd {
            // `set verbose on` is shell-settings sugar for the `option` command.
            var call = Call(name: "option", secondWord: nil, arguments: [], location: location(keyword))
            call.arguments.append(.value(.literal(.string(name.text)), location(name)))
            while !isArgumentEnd { call.arguments.append(try argument()) }
            return .pipeline(Pipeline(elements: [.call(call)], location: location(keyword)))
        }
        _ = try consume(.assign, "Expected '=' after '\(keyword.text) \(name.text)', found %found.")
        if isStatementEnd { throw error(at: peek, "Expected a value after '=', found %found.") }
        let value = try pipeline()
        let ref = VarRef(name: name.text, location: location(name))
        if !steps.isEmpty {
            if isLet { throw error(at: keyword, "'let' declares a variable; change a part of one with 'set'.") }
            return .assignInto(ref, steps, value)
        }
        return .assign(ref, value, isLet: isLet)
    }

    /// The field path after the name in `set p.accounts[0].id = …` (empty for a plain name); the
    /// name token keeps only the variable's name.
    mutating func assignmentPath(_ name: inout Token) throws -> [PathStep] {
        var parts = name.text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var steps: [PathStep] = []
        if parts.count > 1 {
            if parts[0].isEmpty { throw error(at: name, "Expected a variable name before '.' in '\(name.text)'.") }
            var column = name.column + parts[0].count
            for part in parts.dropFirst() {
                if part.isEmpty { throw error(at: name, "Expected a field name after '.' in '\(name.text)'.") }
                steps.append(.field(part, SourceLocation(file: file, line: name.line, column: column)))
                column += part.count + 1
            }
            name.text = parts.removeFirst()
        }
        guard check(.dot) || (check(.lbracket) && !peek.spaceBefore) else { return steps }
        if case .path(_, let more) = try postfix(.literal(.null), start: name) { steps += more }
        return steps
    }

    /// if expression block (else (if … | block))?
    mutating func ifStatement() throws -> Stmt {
        var arms: [IfArm] = []
        var elseBody: Block?
        advance()
        arms.append(IfArm(condition: try condition("if"), body: try block("if")))
        while true {
            var k = 0
            while peek(k).kind == .newline { k += 1 }
            guard peek(k).isWord("else") else { break }
            current += k + 1
            if peek.isWord("if") {
                advance()
                arms.append(IfArm(condition: try condition("else if"), body: try block("else if")))
            } else {
                elseBody = try block("else")
                break
            }
        }
        return .ifElse(arms, elseBody: elseBody)
    }

    mutating func condition(_ what: String) throws -> Expr {
        if check(.lbrace) { throw error(at: peek, "Expected a condition after '\(what)', found %found.") }
        let saved = stopAtBrace
        stopAtBrace = true
        defer { stopAtBrace = saved }
        return try expression()
    }

    /// for NAME in pipeline (block | '|'-card)
    mutating func forStatement() throws -> Stmt {
        advance()
        let nameToken = peek
        if nameToken.kind == .variable {
            throw error(at: nameToken, "Write 'for \(nameToken.text) in …' without '$'.")
        }
        let name = try consume(.word, "Expected a loop variable after 'for', found %found.")
        guard peek.isWord("in") else { throw error(at: peek, "Expected 'in' after 'for \(name.text)', found %found.") }
        advance()
        let saved = stopAtBrace
        stopAtBrace = true
        let source = try pipeline()
        stopAtBrace = saved
        let ref = VarRef(name: name.text, location: location(name))
        if check(.lbrace) {
            return .forBlock(ref, source: source, body: try block("for"))
        }
        guard source.elements.count >= 2 else {
            throw error(at: peek, "Expected '{' or '| command' after 'for \(name.text) in …', found %found.")
        }
        let head = Pipeline(elements: [source.elements[0]], location: source.location)  // SAFE: count >= 2
        let body = Pipeline(elements: Array(source.elements.dropFirst()), location: source.location)
        return .forCard(ref, source: head, body: body)
    }

    /// while expression block
    mutating func whileStatement() throws -> Stmt {
        advance()
        return .whileLoop(try condition("while"), try block("while"))
    }

    /// def NAME ( params ) block
    mutating func defStatement() throws -> Stmt {
        let keyword = advance()
        let name = try consume(.word, "Expected a function name after 'def', found %found.")
        var params: [String] = []
        _ = try consume(.lparen, "Expected '(' after 'def \(name.text)', found %found.")
        while !check(.rparen) {
            let p = try consume(.word, "Expected a parameter name, found %found.")
            if params.contains(p.text) { throw error(at: p, "Duplicate parameter '\(p.text)'.") }
            params.append(p.text)
            if match(.comma) == nil { break }
        }
        _ = try consume(.rparen, "Expected ')' after the parameters of '\(name.text)', found %found.")
        let body = try block("def")
        return .def(Function(name: name.text, parameters: params, body: body, location: location(keyword)))
    }

    /// try block (catch block)?
    mutating func tryStatement() throws -> Stmt {
        let keyword = advance()
        let body = try block("try")
        var k = 0
        while peek(k).kind == .newline { k += 1 }
        guard peek(k).isWord("catch") else {
            return .tryCatch(body, catchBody: nil, err: VarRef(name: "err", location: location(keyword)), location(keyword))
        }
        current += k
        let word = advance()
        let handler = try block("catch")
        return .tryCatch(body, catchBody: handler, err: VarRef(name: "err", location: location(word)), location(keyword))
    }

    /// source (WORD | STRING)
    mutating func sourceStatement() throws -> Stmt {
        let keyword = advance()
        var stmt = try sourceFile(keyword)
        guard case .source(_, _, let program) = stmt, !isArgumentEnd else { return stmt }
        var values: [Expr] = []
        while !isArgumentEnd {
            let t = peek
            guard case .value(let e, _) = try argument() else {
                throw error(at: t, "'source' arguments are values; flags and blocks are not allowed here.")
            }
            values.append(e)
        }
        program.arguments = values
        stmt = .source(stmt.sourcePath, location(keyword), program)
        return stmt
    }

    /// The file name after `source`.
    mutating func sourceFile(_ keyword: Token) throws -> Stmt {
        let t = advance()
        switch t.kind {
        case .word: return .source(t.text, location(keyword), SourcedProgram())
        case .string:
            var text = ""
            for part in t.parts {
                guard case .literal(let s) = part else {
                    throw error(at: t, "'source' needs a plain file name, not an interpolated string.")
                }
                text += s
            }
            return .source(text, location(keyword), SourcedProgram())
        default: throw error(at: t, "Expected a file name after 'source', found %found.")
        }
    }

    /// block → '{' statement* '}'
    mutating func block(_ what: String) throws -> Block {
        let open = peek
        guard check(.lbrace) else { throw error(at: peek, "Expected '{' after '\(what)' …, found %found.") }
        return try nested { p in
            p.advance()
            let savedBrace = p.stopAtBrace
            let savedPredicate = p.inPredicate
            p.stopAtBrace = false
            p.inPredicate = false
            defer {
                p.stopAtBrace = savedBrace
                p.inPredicate = savedPredicate
            }
            let body = try p.statements(until: .rbrace)
            if !p.check(.rbrace) {
                throw p.error(at: open, "Unclosed '{': expected '}' before \(p.peek.quoted).")
            }
            p.advance()
            return Block(statements: body)
        }
    }
}
