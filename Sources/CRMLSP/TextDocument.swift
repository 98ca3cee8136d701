import CRMCore

/// A position as LSP counts it: 0-based line, and a 0-based column in UTF-16 code units.
public struct LSPPosition: Sendable, Equatable, Comparable {
    /// 0-based line.
    public var line: Int
    /// 0-based offset in the line, in UTF-16 code units.
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    /// Document order.
    public static func < (a: LSPPosition, b: LSPPosition) -> Bool { (a.line, a.character) < (b.line, b.character) }

    var json: Value { .record(Record([("line", .int(line)), ("character", .int(character))])) }

    /// The position in a `{line, character}` record, if it is one; numbers are clamped to
    /// 0…2^31 so that arithmetic on a hostile `Int.max` cannot overflow.
    init?(_ value: Value?) {
        guard let value, let line = value[field: "line"]?.intValue,
            let character = value[field: "character"]?.intValue
        else { return nil }
        self.init(line: min(max(line, 0), 1 << 31), character: min(max(character, 0), 1 << 31))
    }
}

/// A start and an end position.
public struct LSPRange: Sendable, Equatable {
    /// The first position in the range.
    public var start: LSPPosition
    /// The position just after the range.
    public var end: LSPPosition

    public init(start: LSPPosition, end: LSPPosition) {
        self.start = start
        self.end = end
    }

    var json: Value { .record(Record([("start", start.json), ("end", end.json)])) }

    func contains(_ p: LSPPosition) -> Bool { start <= p && p <= end }
}

/// The text of one open document, split into lines the way the crm lexer counts them.
///
/// The lexer's locations are 1-based lines and columns counted in `Character`s (grapheme
/// clusters); LSP counts 0-based UTF-16 code units. Both conversions live here, and nowhere else:
/// an emoji is one column for the lexer and two (or more) units for the editor, a Cyrillic letter
/// one of each. A `\r\n` line ending is one `Character`, a line break for both.
public struct TextDocument: Sendable {
    /// The document's URI as the client sent it.
    public let uri: String
    /// The client's version number of the text.
    public var version: Int
    /// The whole text.
    public private(set) var text: String
    /// Each line without its line break, as `Character`s.
    private(set) var lines: [[Character]]

    /// A document with `text` at `version`.
    public init(uri: String, version: Int, text: String) {
        self.uri = uri
        self.version = version
        self.text = text
        self.lines = Self.split(text)
    }

    /// Replaces the whole text (full document sync).
    public mutating func replace(text: String, version: Int) {
        self.text = text
        self.version = version
        self.lines = Self.split(text)
    }

    static func split(_ text: String) -> [[Character]] {
        var out: [[Character]] = [[]]
        for c in text {
            if c == "\n" || c == "\r\n" { out.append([]) } else { out[out.count - 1].append(c) }
        }
        return out
    }

    /// The characters of 0-based line `index` (empty past the end).
    func line(_ index: Int) -> [Character] { index >= 0 && index < lines.count ? lines[index] : [] }

    /// The LSP position of a 1-based line and 1-based `Character` column; clamped to the line.
    public func position(line: Int, column: Int) -> LSPPosition {
        let chars = self.line(line - 1)
        let n = max(0, min(column - 1, chars.count))
        return LSPPosition(line: max(0, line - 1), character: chars[..<n].reduce(0) { $0 + $1.utf16.count })
    }

    /// The LSP position of a source location.
    public func position(of location: SourceLocation) -> LSPPosition {
        position(line: location.line, column: location.column)
    }

    /// The 0-based `Character` offset in its line of an LSP position; a position inside a
    /// character (between the two halves of a surrogate pair) counts as that character's start.
    public func characterOffset(of p: LSPPosition) -> Int {
        var units = 0
        for (i, c) in line(p.line).enumerated() {
            let next = units + c.utf16.count
            if next > p.character { return i }
            units = next
        }
        return line(p.line).count
    }

    /// The range of the word starting at a source location: a `$variable`, a `--flag` or a bare
    /// word, ending before whitespace or punctuation of the language. At least one character when
    /// the line has one there, so an editor can show the squiggle.
    public func wordRange(at location: SourceLocation, words: Int = 1) -> LSPRange {
        let chars = line(location.line - 1)
        let startIndex = max(0, min(location.column - 1, chars.count))
        var end = startIndex
        for w in 0..<max(1, words) {
            if w > 0 {
                while end < chars.count, chars[end] == " " || chars[end] == "\t" { end += 1 }
            }
            while end < chars.count, !Self.endsWord(chars[end], first: end == startIndex) { end += 1 }
        }
        if end == startIndex, end < chars.count { end += 1 }
        return LSPRange(
            start: position(line: location.line, column: startIndex + 1),
            end: position(line: location.line, column: end + 1))
    }

    private static let punctuation: Set<Character> = ["|", "{", "}", "(", ")", "[", "]", ";", "=", ",", "\"", "'", "."]

    private static func endsWord(_ c: Character, first: Bool) -> Bool {
        if c.isWhitespace { return true }
        if first && c == "$" { return false }
        return punctuation.contains(c)
    }

    /// The text of a 0-based line.
    public func lineText(_ index: Int) -> String { String(line(index)) }

    /// The number of lines.
    public var lineCount: Int { lines.count }
}
