/// What one call to `LineEditor.readLine(prompt:)` produced.
public enum LineResult: Sendable, Equatable {
    /// A line the user entered, without its trailing newline.
    case line(String)
    /// The input ended (Ctrl-D on an empty line, or end of file).
    case eof
    /// The user pressed Ctrl-C: the line being edited was abandoned.
    case interrupted
}

/// A source of interactive input lines: the libedit adapter in a terminal, a scripted editor in
/// tests.
public protocol LineEditor: AnyObject {
    /// Reads one line, showing `prompt`; blocks until Enter, Ctrl-C or Ctrl-D.
    func readLine(prompt: String) -> LineResult
    /// Records an entry in the history; the caller has already filtered it with `HistoryPolicy`.
    func addHistory(_ entry: String)
}
