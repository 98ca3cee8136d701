import CRMCore

extension Parser {
    /// The expression of `${…}` (in a string, or glued into a command argument). Two forms:
    ///
    /// - the sh-style short form: a leading name followed by nothing, a field path or an operator
    ///   is a variable: `${n}`, `${p.accounts[0].id}`, `${n * 2}` (as `$n`, `$p…`, `$n * 2`), and
    ///   a lone number is a script argument: `${2}` is `$2`;
    /// - anything else is an expression or a whole pipeline, where `$` marks variables:
    ///   `${1 + 2}`, `${$n * 2}`, `${range 1 3 | count}`, `${people --tag vip | count}`.
    mutating func splice(_ source: String, line l: Int, column c: Int, at t: Token) throws -> Expr {
        let trimmed = source.trimmingSpaces
        if trimmed.isEmpty { throw error(at: t, "Empty '${}'.") }
        if depth + 1 > Parser.maxDepth {
            throw error(at: t, "Nesting is too deep (more than \(Parser.maxDepth) levels).", fatal: true)
        }
        let lead = source.prefix(while: { $0 == " " || $0 == "\t" }).count
        var lexer = Lexer(trimmed, file: file, line: l, column: c + lead)
        var toks = lexer.tokenize()
        if Self.isShortForm(toks) {
            lexer = Lexer("$" + trimmed, file: file, line: l, column: max(c - 2, 1))  // errors point at the `$` of `${`
            toks = lexer.tokenize()
        }
        var sub = Parser(tokens: toks, file: file, depth: depth + 1)
        var expr: Expr?
        do {
            let p = try sub.pipeline()
            if !sub.isAtEnd {
                _ = sub.error(at: sub.peek, "Unexpected %found in '${…}'.")
            } else {
                expr = p.singleExpr ?? .pipeline(p)
            }
        } catch {}
        errors += lexer.errors + sub.errors
        guard let expr else { throw ParseFailure() }
        return expr
    }

    /// Whether `${…}` tokens are the short form: a name, then the end, a path or an operator; or a
    /// lone positional number (`${2}` is `$2`, as in a shell; `${1 + 2}` is 3).
    static func isShortForm(_ toks: [Token]) -> Bool {
        // `${2}` is the script argument `$2`, as in sh (but `${1 + 2}` is 3).
        if toks.count == 2, let first = toks.first, first.kind == .number, first.text.allSatisfy(\.isNumber) {
            return true
        }
        guard let first = toks.first, first.kind == .word, !Keywords.expression.contains(first.text),
            !Keywords.statement.contains(first.text), toks.count > 1
        else { return false }
        let next = toks[1]  // SAFE: count checked
        switch next.kind {
        case .eof, .dot, .plus, .minus, .star, .slash, .percent, .eq, .ne, .lt, .le, .gt, .ge: return true
        case .lbracket: return !next.spaceBefore
        case .word: return next.isWord("and") || next.isWord("or")
        default: return false
        }
    }
}
