/// Where something is in a script or REPL line: file name (or `<repl>`, `<command line>`), 1-based
/// line and column.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file name as the user gave it, or a `<…>` label for non-file input.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`.
    public var description: String { "\(file):\(line):\(column)" }
}
