/// The terminal stdout is drawn on, as pictures (`chart`, `funnel`) need it: its width and
/// whether it shows Unicode block characters. The shell fills it in `Settings.display` when stdout
/// is a terminal; it is nil otherwise (a pipe, a file, a test), and pictures then draw with `#` at
/// `Display.defaultWidth` columns.
public struct Display: Sendable, Equatable {
    /// The number of columns.
    public var width: Int
    /// Whether the terminal takes UTF-8 (a `UTF-8` locale) and `NO_COLOR` is not set.
    public var isUnicode: Bool

    public init(width: Int, isUnicode: Bool) {
        self.width = width
        self.isUnicode = isUnicode
    }

    /// The width pictures use off a terminal.
    public static let defaultWidth = 80

    /// Whether an environment asks for Unicode drawing: a UTF-8 locale (`LC_ALL`, else
    /// `LC_CTYPE`, else `LANG`) and no `NO_COLOR`.
    public static func prefersUnicode(_ env: [String: String]) -> Bool {
        if let v = env["NO_COLOR"], !v.isEmpty { return false }
        let locale = [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let l = locale.lowercased()
        return l.contains("utf-8") || l.contains("utf8")
    }
}
