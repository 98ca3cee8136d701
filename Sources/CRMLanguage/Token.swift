import CRMCore

/// The kinds of token the lexer produces.
enum TokenKind: Equatable, Sendable {
    case word, number, string, variable, flag
    /// `${…}` outside a string (in a command argument: `abc${1 + 2}`); its one part is the expression.
    case splice
    case lbrace, rbrace, lparen, rparen, lbracket, rbracket
    case comma, colon, dot, pipe, assign, semicolon, newline, eof
    case eq, ne, lt, le, gt, ge, plus, minus, star, slash, percent
}

/// One piece of a double-quoted string: literal text, `$name`, or `${expression}`.
enum StringPart: Equatable, Sendable {
    case literal(String)
    case variable(String, line: Int, column: Int)
    case expression(String, line: Int, column: Int)
}

/// One token with its position (1-based line and column) and whether whitespace preceded it.
struct Token: Sendable {
    var kind: TokenKind
    /// The source text (the name for words, variables and flags; the operator for punctuation).
    var text: String
    /// The number of a `.number` token.
    var number: Value = .null
    /// The parts of a `.string` token (a single-quoted string is one literal part).
    var parts: [StringPart] = []
    var line: Int
    var column: Int
    /// Whether whitespace (or a line start) came right before this token.
    var spaceBefore: Bool

    /// Whether this is the bare word `w` (keywords are words).
    func isWord(_ w: String) -> Bool { kind == .word && text == w }

    /// A short description for error messages: `'text'`, `end of line`, `end of input`.
    var quoted: String {
        switch kind {
        case .newline: "end of line"
        case .eof: "end of input"
        case .string: "a string"
        case .splice: "'${…}'"
        case .variable: "'$\(text)'"
        case .flag: "'\(text)'"
        default: "'\(text)'"
        }
    }
}

/// Words the parser treats as keywords at the start of a statement or inside expressions.
enum Keywords {
    static let expression: Set<String> = ["and", "or", "not", "true", "false", "null"]
    static let statement: Set<String> = [
        "set", "let", "if", "else", "for", "while", "break", "continue", "def", "return", "source", "exit",
        "try", "catch",
    ]
}
