import CRMCore

/// `crm fmt`: canonical layout of a script without changing what it means.
///
/// Deliberately conservative: it only re-indents lines (two spaces per open `{`, `(` or `[`, a
/// line starting with a closer one level out, a `\` continuation one level in), trims trailing
/// whitespace, keeps at most one blank line in a row and ends the file with one newline. It never
/// moves a token or touches a comment's text, and lines that start inside a multi-line string are
/// copied as they are. As a last guard the result is lexed again and must give the very same
/// tokens as the input (kinds, texts and string parts), else the input is returned unchanged — so
/// formatting cannot change behaviour, and doing it twice changes nothing the second time.
public enum ScriptFormatter {
    /// The spaces of one level.
    public static let indent = "  "

    /// The formatted text; throws `SyntaxErrors` for a script that does not parse (as the shell
    /// would refuse it, the formatter does too).
    public static func format(_ source: String, file: String) throws -> String {
        var lexer = Lexer(source, file: file)
        let tokens = lexer.tokenize()
        _ = try Parser.parse(source, file: file)
        let lines = split(source)
        let layout = Layout(tokens: tokens, lineCount: lines.count)
        var out: [String] = []
        for (i, chars) in lines.enumerated() {
            let n = i + 1
            if layout.startsInString.contains(n) {
                out.append(String(chars))
                continue
            }
            var body = chars.drop { $0 == " " || $0 == "\t" }
            let trimmed = body.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()
            // Trailing blanks inside a string that goes on, or after a `\` (which would become a
            // continuation without them), are part of the program.
            if !layout.endsInString.contains(n) && trimmed.last != "\\" { body = ArraySlice(trimmed) }
            if body.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if out.last != "" && !out.isEmpty { out.append("") }
                continue
            }
            let level =
                max(0, layout.depth[n] - (layout.startsWithCloser.contains(n) ? 1 : 0))
                + (layout.isContinued(n) ? 1 : 0)
            out.append(String(repeating: indent, count: level) + String(body))
        }
        while out.last == "" { out.removeLast() }
        let result = out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
        return sameTokens(source, result, file: file) ? result : source
    }

    /// Whether the text is already formatted.
    public static func isFormatted(_ source: String, file: String) throws -> Bool {
        try format(source, file: file) == source
    }

    static func split(_ text: String) -> [[Character]] {
        var out: [[Character]] = [[]]
        for c in text {
            if c == "\n" || c == "\r\n" { out.append([]) } else { out[out.count - 1].append(c) }
        }
        if out.count > 1 && out[out.count - 1].isEmpty { out.removeLast() }
        return out
    }

    /// Whether two texts lex to the same tokens, positions aside.
    static func sameTokens(_ a: String, _ b: String, file: String) -> Bool {
        var la = Lexer(a, file: file)
        var lb = Lexer(b, file: file)
        let ta = la.tokenize().filter { $0.kind != .newline }
        let tb = lb.tokenize().filter { $0.kind != .newline }
        guard ta.count == tb.count else { return false }
        return zip(ta, tb).allSatisfy { $0.kind == $1.kind && $0.text == $1.text && samePartTexts($0.parts, $1.parts) }
    }

    static func samePartTexts(_ a: [StringPart], _ b: [StringPart]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy {
            switch ($0, $1) {
            case (.literal(let x), .literal(let y)): x == y
            case (.variable(let x, _, _), .variable(let y, _, _)): x == y
            case (.expression(let x, _, _), .expression(let y, _, _)): x == y
            default: false
            }
        }
    }

    /// What the tokens say about each line (1-based).
    struct Layout {
        /// The nesting depth at the start of each line.
        var depth: [Int]
        var startsWithCloser = Set<Int>()
        var startsInString = Set<Int>()
        var endsInString = Set<Int>()
        var hasNewline = Set<Int>()

        init(tokens: [Token], lineCount: Int) {
            depth = Array(repeating: 0, count: lineCount + 2)
            var delta = Array(repeating: 0, count: lineCount + 2)
            var seen = Set<Int>()
            for (i, t) in tokens.enumerated() where t.kind != .eof {
                let line = min(max(t.line, 1), lineCount + 1)
                if t.kind == .newline {
                    hasNewline.insert(line)
                    continue
                }
                if seen.insert(line).inserted, [.rbrace, .rparen, .rbracket].contains(t.kind) {
                    startsWithCloser.insert(line)
                }
                switch t.kind {
                case .lbrace, .lparen, .lbracket: delta[line] += 1
                case .rbrace, .rparen, .rbracket: delta[line] -= 1
                default: break
                }
                // A token whose next one starts on a later line spans lines (a multi-line string).
                if i + 1 < tokens.count, tokens[i + 1].line > t.line, t.kind == .string || t.kind == .splice {
                    endsInString.insert(t.line)
                    for l in (t.line + 1)...tokens[i + 1].line {
                        startsInString.insert(l)
                        endsInString.insert(l)
                    }
                }
            }
            var running = 0
            for l in 1...(lineCount + 1) {
                depth[l] = max(0, running)
                running += delta[l]
            }
        }

        /// Whether the line before ends in a `\` continuation (no newline token there).
        func isContinued(_ n: Int) -> Bool { n > 1 && !hasNewline.contains(n - 1) && !startsInString.contains(n) }
    }
}
