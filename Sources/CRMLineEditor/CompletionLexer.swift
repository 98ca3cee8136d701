import CRMCore

/// One word of the line before the cursor, as the completer sees it.
struct CompletionWord: Equatable {
    /// The word as typed, quotes included.
    var raw: String
    /// The word with quotes removed and escapes applied.
    var value: String
    /// The character offset in the line where the word starts.
    var start: Int
    /// Whether this stands for a whole `{ … }` block (skipped when counting positionals).
    var isBlock = false
}

/// What the text before the cursor says about the word being completed.
struct CursorScan {
    /// The finished words of the innermost statement or pipeline stage, before the cursor word.
    var words: [CompletionWord]
    /// The word under the cursor, up to the cursor (empty, starting at the cursor, after a space).
    var partial: CompletionWord
    /// The quote character of an unterminated string the cursor is in, if any.
    var openQuote: Character?
    /// Whether the cursor is inside an expression (a record literal or parentheses), where only
    /// variables complete.
    var isExpression: Bool
    /// Whether the cursor is inside a `#` comment.
    var isComment: Bool
}

/// A small quote- and brace-aware scanner for the text before the cursor: it splits the line into
/// statements (`;`, newline), pipeline stages (`|`) and blocks (`{ … }`), and keeps only the
/// innermost stage's words. It never fails: unbalanced input just leaves frames open.
enum CompletionLexer {
    private struct Frame {
        var words: [CompletionWord] = []
        var isExpression: Bool
    }

    static let blockKeywords: Set<String> = ["if", "else", "for", "def", "while"]

    static func scan(_ chars: [Character], specs: [CommandSpec]) -> CursorScan {
        var frames = [Frame(isExpression: false)]
        var raw = ""
        var value = ""
        var start = 0
        var inWord = false
        var quote: Character?
        var escaped = false
        var inComment = false

        func finishWord() {
            if inWord {
                frames[frames.count - 1].words.append(CompletionWord(raw: raw, value: value, start: start))
            }
            raw = ""
            value = ""
            inWord = false
        }
        func begin(_ i: Int) {
            if !inWord {
                inWord = true
                start = i
            }
        }

        for (i, ch) in chars.enumerated() {
            if inComment {
                if ch == "\n" {
                    inComment = false
                    frames[frames.count - 1].words = []
                }
                continue
            }
            if let q = quote {
                raw.append(ch)
                if escaped {
                    value.append(ch == "n" ? "\n" : ch == "t" ? "\t" : ch)
                    escaped = false
                } else if ch == "\\" && q == "\"" {
                    escaped = true
                } else if ch == q {
                    quote = nil
                } else {
                    value.append(ch)
                }
                continue
            }
            switch ch {
            case " ", "\t", "\r":
                finishWord()
            case "\n", ";":
                finishWord()
                frames[frames.count - 1].words = []
            case "|":
                finishWord()
                frames[frames.count - 1].words = []
                frames[frames.count - 1].isExpression = false
            case "{":
                // `${name}` inside a bare word stays part of the word.
                if inWord && raw.hasSuffix("$") {
                    raw.append(ch)
                    value.append(ch)
                    continue
                }
                finishWord()
                let top = frames[frames.count - 1]
                frames.append(Frame(isExpression: !isBlock(after: top, specs: specs)))
            case "}":
                if inWord && raw.contains("${") && !raw.contains("}") {
                    raw.append(ch)
                    value.append(ch)
                    continue
                }
                finishWord()
                if frames.count > 1 {
                    frames.removeLast()
                    frames[frames.count - 1].words.append(
                        CompletionWord(raw: "{…}", value: "{…}", start: i, isBlock: true))
                }
            case "(":
                finishWord()
                frames.append(Frame(isExpression: true))
            case ")":
                finishWord()
                if frames.count > 1 {
                    frames.removeLast()
                    frames[frames.count - 1].words.append(
                        CompletionWord(raw: "(…)", value: "(…)", start: i, isBlock: true))
                }
            case "#" where !inWord:
                inComment = true
            case "\"", "'":
                begin(i)
                raw.append(ch)
                quote = ch
            default:
                begin(i)
                raw.append(ch)
                value.append(ch)
            }
        }
        let top = frames[frames.count - 1]
        let partial =
            inWord
            ? CompletionWord(raw: raw, value: value, start: start)
            : CompletionWord(raw: "", value: "", start: chars.count)
        return CursorScan(
            words: top.words, partial: partial, openQuote: quote, isExpression: top.isExpression, isComment: inComment)
    }

    /// Whether a `{` after these words opens a block (statements inside) rather than a record literal.
    private static func isBlock(after frame: Frame, specs: [CommandSpec]) -> Bool {
        if frame.isExpression { return false }
        guard let first = frame.words.first else { return true }
        if blockKeywords.contains(first.value) { return true }
        if let last = frame.words.last, ["=", ":", ",", "[", "(", "+"].contains(last.value) { return false }
        if let last = frame.words.last?.value, last.hasSuffix(":") || last.hasSuffix(",") || last.hasSuffix("=") {
            return false
        }
        let values = frame.words.map(\.value)
        guard let resolved = CommandResolver.resolve(values, specs: specs) else { return true }
        let spec = resolved.spec
        return spec.parameters.contains { $0.type == .block } || spec.flags.contains { $0.type == .block }
    }
}

/// Finds the command a list of words calls, by the language's rule (`CommandNames.longestMatch`):
/// `v1 orders get` before `v1 orders`, `people get` before `people`.
enum CommandResolver {
    static func resolve(_ words: [String], specs: [CommandSpec]) -> (spec: CommandSpec, argumentStart: Int)? {
        guard let (spec, n) = CommandNames.longestMatch(words, find: { find($0, in: specs) }) else { return nil }
        return (spec, n)
    }

    static func find(_ name: String, in specs: [CommandSpec]) -> CommandSpec? {
        specs.first { $0.name == name } ?? specs.first { $0.aliases.contains(name) }
    }
}
