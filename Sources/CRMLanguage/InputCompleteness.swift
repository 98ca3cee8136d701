import CRMCore

/// Whether REPL input is unfinished and should continue on the next line.
public enum InputCompleteness {
    /// True for an unclosed `{`, `(`, `[` or string, a trailing `|`, or a trailing `\`.
    public static func needsMoreInput(_ text: String) -> Bool {
        var trimmed = Substring(text)
        while let l = trimmed.last, l == "\n" || l == " " || l == "\t" || l == "\r" { trimmed.removeLast() }
        if trimmed.hasSuffix("\\") { return true }
        var lexer = Lexer(String(trimmed), file: "<repl>")
        let tokens = lexer.tokenize()
        if lexer.errors.contains(where: { $0.message.hasPrefix("Unterminated") }) { return true }
        var depth = 0
        for t in tokens {
            switch t.kind {
            case .lbrace, .lparen, .lbracket: depth += 1
            case .rbrace, .rparen, .rbracket: depth -= 1
            default: break
            }
        }
        if depth > 0 { return true }
        let last = tokens.last { $0.kind != .eof && $0.kind != .newline }
        return last?.kind == .pipe
    }
}
