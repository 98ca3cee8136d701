import CRMCore

/// Turns source text into tokens. Context-free except for two small rules: a `.` right after a
/// variable, `]` or `)` is a field access (and the name after it a plain identifier), and `-x` /
/// `--name` after whitespace are flags. Errors (unterminated strings, stray characters) are
/// collected, not thrown, so one run reports all of them.
struct Lexer {
    private let chars: [Character]
    private let file: String
    private var i = 0
    private var line: Int
    private var column: Int
    private(set) var errors: [CRMError] = []
    private var tokens: [Token] = []
    private var spaceBefore = true

    /// A lexer over `source`; positions start at `line`:`column` (for interpolated `${…}` text).
    init(_ source: String, file: String, line: Int = 1, column: Int = 1) {
        // "\r\n" is one Character in Swift; a CRLF line ending is a newline (a lone "\r" stays).
        self.chars = Array(source).map { $0 == "\r\n" ? "\n" : $0 }
        self.file = file
        self.line = line
        self.column = column
    }

    /// Every token, ending with `.eof`.
    mutating func tokenize() -> [Token] {
        while i < chars.count { scanToken() }
        tokens.append(Token(kind: .eof, text: "", line: line, column: column, spaceBefore: true))
        return tokens
    }

    private func peek(_ k: Int = 0) -> Character? { i + k < chars.count ? chars[i + k] : nil }

    private mutating func advance() -> Character {
        let c = chars[i]  // SAFE: callers check i < chars.count
        i += 1
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return c
    }

    private mutating func error(_ message: String, line l: Int, column c: Int) {
        errors.append(CRMError("parse.lex", message, at: SourceLocation(file: file, line: l, column: c), exit: .syntax))
    }

    private mutating func add(_ kind: TokenKind, _ text: String, line l: Int, column c: Int) {
        tokens.append(Token(kind: kind, text: text, line: l, column: c, spaceBefore: spaceBefore))
        spaceBefore = false
    }

    static func isWordStart(_ c: Character) -> Bool {
        c.isLetter || c == "_" || c == "." || c == "~" || c == "@" || (!c.isASCII && !c.isWhitespace)
    }
    static func isWordChar(_ c: Character) -> Bool {
        isWordStart(c) || c.isNumber || c == "-" || c == "/"
    }
    static func isIdentChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private var lastEndsOperand: Bool {
        guard let last = tokens.last, !spaceBefore else { return false }
        return [.variable, .rbracket, .rparen].contains(last.kind)
            || (last.kind == .word && tokens.count >= 2
                && tokens[tokens.count - 2].kind == .dot)
    }

    private mutating func scanToken() {
        let l = line
        let c = column
        guard let ch = peek() else { return }
        switch ch {
        case " ", "\t", "\r":
            _ = advance()
            spaceBefore = true
        case "\\" where peek(1) == "\n":
            _ = advance()
            _ = advance()
            spaceBefore = true
        case "#":
            while let p = peek(), p != "\n" { _ = advance() }
        case "\n":
            _ = advance()
            add(.newline, "\n", line: l, column: c)
            spaceBefore = true
        case ";":
            _ = advance()
            add(.semicolon, ";", line: l, column: c)
        case "{":
            _ = advance()
            add(.lbrace, "{", line: l, column: c)
        case "}":
            _ = advance()
            add(.rbrace, "}", line: l, column: c)
        case "(":
            _ = advance()
            add(.lparen, "(", line: l, column: c)
        case ")":
            _ = advance()
            add(.rparen, ")", line: l, column: c)
        case "[":
            _ = advance()
            add(.lbracket, "[", line: l, column: c)
        case "]":
            _ = advance()
            add(.rbracket, "]", line: l, column: c)
        case ",":
            _ = advance()
            add(.comma, ",", line: l, column: c)
        case ":":
            _ = advance()
            add(.colon, ":", line: l, column: c)
        case "|":
            _ = advance()
            add(.pipe, "|", line: l, column: c)
        case "+":
            _ = advance()
            add(.plus, "+", line: l, column: c)
        case "*":
            _ = advance()
            add(.star, "*", line: l, column: c)
        case "/":
            _ = advance()
            add(.slash, "/", line: l, column: c)
        case "%":
            _ = advance()
            add(.percent, "%", line: l, column: c)
        case "=":
            _ = advance()
            if peek() == "=" {
                _ = advance()
                add(.eq, "==", line: l, column: c)
            } else {
                add(.assign, "=", line: l, column: c)
            }
        case "!":
            _ = advance()
            if peek() == "=" {
                _ = advance()
                add(.ne, "!=", line: l, column: c)
            } else {
                error("Unexpected character '!'. Use 'not' for negation.", line: l, column: c)
            }
        case "<":
            _ = advance()
            if peek() == "=" {
                _ = advance()
                add(.le, "<=", line: l, column: c)
            } else {
                add(.lt, "<", line: l, column: c)
            }
        case ">":
            _ = advance()
            if peek() == "=" {
                _ = advance()
                add(.ge, ">=", line: l, column: c)
            } else {
                add(.gt, ">", line: l, column: c)
            }
        case "-": scanMinus(l, c)
        case "$": scanVariable(l, c)
        case "\"": scanDoubleString(l, c)
        case "'": scanSingleString(l, c)
        case "." where lastEndsOperand:
            _ = advance()
            add(.dot, ".", line: l, column: c)
            scanFieldName(after: ".", l, c)
        case "?" where peek(1) == "." && !spaceBefore && tokens.last.map(\.kind).map(Lexer.optionalBases.contains) == true:
            // `$it.match?.id`: optional access, one `.dot` token spelled `?.`.
            _ = advance()
            _ = advance()
            add(.dot, "?.", line: l, column: c)
            scanFieldName(after: "?.", l, c + 1)
        default:
            if ch.isNumber && ch.isASCII {
                scanNumber(l, c)
            } else if Lexer.isWordStart(ch) {
                scanWord(l, c)
            } else {
                _ = advance()
                error("Unexpected character '\(ch)'.", line: l, column: c)
            }
        }
    }

    /// What `?.` may follow: a variable, a field name, `]` or `)`.
    static let optionalBases: Set<TokenKind> = [.variable, .word, .rbracket, .rparen]

    /// The field name after a `.` or `?.` at column `c`.
    private mutating func scanFieldName(after dot: String, _ l: Int, _ c: Int) {
        var name = ""
        while let p = peek(), Lexer.isIdentChar(p) || p == "-" { name.append(advance()) }
        if name.isEmpty {
            error("Expected a field name after '\(dot)'.", line: l, column: c)
        } else {
            add(.word, name, line: l, column: c + 1)
        }
    }

    private mutating func scanMinus(_ l: Int, _ c: Int) {
        _ = advance()
        if peek() == "-", let n = peek(1), n.isLetter {
            _ = advance()
            var name = "--"
            while let p = peek(), Lexer.isIdentChar(p) || p == "-" { name.append(advance()) }
            add(.flag, name, line: l, column: c)
        } else if spaceBefore, let n = peek(), n.isLetter {
            var name = "-"
            while let p = peek(), Lexer.isIdentChar(p) { name.append(advance()) }
            add(.flag, name, line: l, column: c)
        } else {
            add(.minus, "-", line: l, column: c)
        }
    }

    private mutating func scanVariable(_ l: Int, _ c: Int) {
        _ = advance()
        var name = ""
        if let p = peek(), p.isNumber, p.isASCII {
            while let p = peek(), p.isNumber, p.isASCII { name.append(advance()) }
        } else {
            while let p = peek(), Lexer.isIdentChar(p), p.isASCII || p.isLetter { name.append(advance()) }
        }
        if name.isEmpty, peek() == "{" {
            _ = advance()
            var t = Token(kind: .splice, text: "", line: l, column: c, spaceBefore: spaceBefore)
            t.parts = [scanSplice(l, c)]
            tokens.append(t)
            spaceBefore = false
            return
        }
        if name.isEmpty {
            error("Expected a variable name after '$'.", line: l, column: c)
            return
        }
        add(.variable, name, line: l, column: c)
    }

    private mutating func scanNumber(_ l: Int, _ c: Int) {
        let start = i
        var text = ""
        var isDouble = false
        while let p = peek(), p.isASCII, p.isNumber { text.append(advance()) }
        if peek() == ".", let n = peek(1), n.isASCII, n.isNumber {
            isDouble = true
            text.append(advance())
            while let p = peek(), p.isASCII, p.isNumber { text.append(advance()) }
        }
        if let e = peek(), e == "e" || e == "E" {
            var k = 1
            if let s = peek(1), s == "+" || s == "-" { k = 2 }
            if let d = peek(k), d.isASCII, d.isNumber {
                isDouble = true
                for _ in 0..<k { text.append(advance()) }
                while let p = peek(), p.isASCII, p.isNumber { text.append(advance()) }
            }
        }
        if let p = peek(), Lexer.isWordChar(p) {
            // `2024-01-01`, `3rd`, `v1.2.3`: a word that starts with digits.
            i = start
            line = l
            column = c
            scanWord(l, c)
            return
        }
        var token = Token(kind: .number, text: text, line: l, column: c, spaceBefore: spaceBefore)
        if !isDouble, let n = Int(text) {
            token.number = .int(n)
        } else if isDouble, let d = Double(text), d.isFinite {
            token.number = .double(d)
        } else {
            // Too large for a number. In command arguments it is a word (ids may be long digit
            // runs); in an expression the parser reports it (see `Parser.primary`).
            token.number = .null
        }
        tokens.append(token)
        spaceBefore = false
    }

    private mutating func scanWord(_ l: Int, _ c: Int) {
        var text = ""
        while let p = peek(), Lexer.isWordChar(p) { text.append(advance()) }
        add(.word, text, line: l, column: c)
    }

    /// The text of `${…}` after its `{`, up to the matching `}` (quoted strings inside may hold
    /// braces and quotes), which it consumes.
    private mutating func scanSplice(_ l: Int, _ c: Int) -> StringPart {
        var depth = 1
        var inner = ""
        let il = line
        let ic = column
        var quote: Character?
        while let q = peek() {
            if let open = quote {
                if q == "\\", let n = peek(1), n != "\n" {
                    inner.append(advance())
                    inner.append(advance())
                    continue
                }
                if q == open { quote = nil }
                if q == "\n" { break }  // a string inside `${…}` stays on its line
            } else if q == "\"" || q == "'" {
                quote = q
            } else if q == "{" {
                depth += 1
            } else if q == "}" {
                depth -= 1
                if depth == 0 { break }
            } else if q == "\n" {
                break
            }
            inner.append(advance())
        }
        if peek() == "}" {
            _ = advance()
        } else {
            error("Missing '}' to close '${' (a '${…}' stays on one line).", line: l, column: c)
            // Already a syntax error: its text is not parsed again, so `"${"${"${…` left open is
            // lexed once (linear) instead of once per level.
            return .literal("")
        }
        return .expression(inner, line: il, column: ic)
    }

    private mutating func scanSingleString(_ l: Int, _ c: Int) {
        _ = advance()
        var text = ""
        while let p = peek(), p != "'" { text.append(advance()) }
        if peek() == nil {
            error("Unterminated string: missing closing \"'\".", line: l, column: c)
        } else {
            _ = advance()
        }
        var t = Token(kind: .string, text: text, line: l, column: c, spaceBefore: spaceBefore)
        t.parts = [.literal(text)]
        tokens.append(t)
        spaceBefore = false
    }

    private mutating func scanDoubleString(_ l: Int, _ c: Int) {
        _ = advance()
        var parts: [StringPart] = []
        var lit = ""
        var closed = false
        func flush() {
            if !lit.isEmpty {
                parts.append(.literal(lit))
                lit = ""
            }
        }
        while let p = peek() {
            if p == "\"" {
                _ = advance()
                closed = true
                break
            }
            if p == "\\" {
                let el = line
                let ec = column
                _ = advance()
                guard let e = peek() else { break }
                _ = advance()
                switch e {
                case "n": lit.append("\n")
                case "t": lit.append("\t")
                case "r": lit.append("\r")
                case "0": lit.append("\0")
                case "\"", "\\", "$", "'": lit.append(e)
                case "\n": break
                default: error("Unknown escape '\\\(e)' in string.", line: el, column: ec)
                }
                continue
            }
            if p == "$" {
                let vl = line
                let vc = column
                if peek(1) == "{" {
                    _ = advance()
                    _ = advance()
                    flush()
                    parts.append(scanSplice(vl, vc))
                    continue
                }
                if let n = peek(1), Lexer.isIdentChar(n), n.isASCII || n.isLetter {
                    _ = advance()
                    var name = ""
                    if n.isNumber {
                        while let q = peek(), q.isASCII, q.isNumber { name.append(advance()) }
                    } else {
                        while let q = peek(), Lexer.isIdentChar(q) { name.append(advance()) }
                    }
                    // `$err.message`, `$p.accounts[0].account_id`: a field path glued to the name is
                    // part of it, as outside quotes; a dot not followed by a name stays text.
                    let path = scanStringPath()
                    flush()
                    if path.isEmpty {
                        parts.append(.variable(name, line: vl, column: vc))
                    } else {
                        parts.append(.expression(name + path, line: vl, column: vc + 2))
                    }
                    continue
                }
            }
            lit.append(advance())
        }
        if !closed { error("Unterminated string: missing closing '\"'.", line: l, column: c) }
        flush()
        var t = Token(kind: .string, text: "", line: l, column: c, spaceBefore: spaceBefore)
        t.parts = parts
        tokens.append(t)
        spaceBefore = false
    }

    /// The field path right after `$name` inside a string: `.field` (a letter or `_` first) and
    /// `[digits]` steps, as typed; empty when none follows.
    private mutating func scanStringPath() -> String {
        var path = ""
        while true {
            if peek() == ".", let n = peek(1), n.isLetter || n == "_" {
                path.append(advance())
                while let q = peek(), Lexer.isIdentChar(q) { path.append(advance()) }
            } else if peek() == "[" {
                var k = 1
                if peek(k) == "-" { k += 1 }
                let digitsStart = k
                while let q = peek(k), q.isASCII, q.isNumber { k += 1 }
                guard k > digitsStart, peek(k) == "]" else { return path }
                for _ in 0...k { path.append(advance()) }
            } else {
                return path
            }
        }
    }

}
