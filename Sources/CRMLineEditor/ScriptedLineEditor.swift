/// A line editor that replays a fixed list of results: lets REPL tests run without a terminal.
///
/// Each `readLine` returns the next result (then `.eof` forever) and records the prompt it was
/// shown, so tests can check continuation prompts; `addHistory` records what the shell saved.
public final class ScriptedLineEditor: LineEditor {
    private var pending: [LineResult]
    /// The prompts shown, in order.
    public private(set) var prompts: [String] = []
    /// The entries the shell added to history, in order.
    public private(set) var history: [String] = []

    /// An editor that will return `results` in order, then `.eof`.
    public init(_ results: [LineResult]) { pending = results }

    /// An editor that will return each of `lines` as a `.line`, then `.eof`.
    public convenience init(lines: [String]) { self.init(lines.map { .line($0) }) }

    /// Returns the next scripted result and records `prompt`.
    public func readLine(prompt: String) -> LineResult {
        prompts.append(prompt)
        return pending.isEmpty ? .eof : pending.removeFirst()
    }

    /// Records `entry`.
    public func addHistory(_ entry: String) { history.append(entry) }
}
