import CRMCore

/// Decides which lines may go into the history file, so tokens and passwords never reach disk.
public enum HistoryPolicy {
    /// Flag names whose values are always secret, whatever the command declares.
    static let secretFlagNames: Set<String> = ["token", "password", "app-token"]
    /// Command words that always carry credentials, even without a declaration.
    static let secretCommandWords: Set<String> = ["login", "set-token"]

    /// Whether a line may be saved: not when it calls a command whose spec isSecretLine (`login`,
    /// `set-token`), passes a flag whose spec isSecret or named token/password/app-token (`--token …`),
    /// or contains any of `secrets` (known token values, ≥ 6 chars), or is blank / starts with a space.
    public static func shouldSave(_ line: String, specs: [CommandSpec], secrets: [String]) -> Bool {
        if line.first == " " || line.first == "\t" { return false }
        if line.allSatisfy(\.isWhitespace) { return false }
        if holdsSecret(line, secrets) { return false }
        for stage in stages(of: line) {
            let values = stage.map(\.value)
            if values.prefix(2).contains(where: { secretCommandWords.contains($0) }) { return false }
            let spec = CommandResolver.resolve(values, specs: specs)?.spec
            if spec?.isSecretLine == true { return false }
            for word in stage where word.raw == word.value {
                guard let name = ArgumentCompleter.flagName(word.value), !name.isEmpty else { continue }
                if secretFlagNames.contains(name) { return false }
                if let flag = spec?.flag(named: name), flag.isSecret { return false }
                if specs.contains(where: { $0.flags.contains { $0.name == name && $0.isSecret } }) { return false }
            }
        }
        return true
    }

    /// Whether `line` holds one of `secrets` (token values of at least 6 characters): the one
    /// test of a line's text, made when it is saved and again whenever it is written out later
    /// (a recording, `history save`, the history file once a new token is known), because a line
    /// like `set t = "…"` holds a token that becomes one only at the `set-token leeloo $t` after it.
    public static func holdsSecret(_ line: String, _ secrets: [String]) -> Bool {
        secrets.contains { $0.count >= 6 && line.contains($0) }
    }

    /// The words of every statement, pipeline stage and block in the line.
    static func stages(of line: String) -> [[CompletionWord]] {
        // Cut at separators outside quotes, then let the completer's scanner split each piece into
        // words; one pass over the line, however many stages it has.
        var out: [[CompletionWord]] = []
        var piece: [Character] = []
        var quote: Character?
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil }
                piece.append(ch)
            } else if ch == "\"" || ch == "'" {
                quote = ch
                piece.append(ch)
            } else if "|;\n{}()".contains(ch) {
                out.append(stageWords(piece))
                piece = []
            } else {
                piece.append(ch)
            }
        }
        out.append(stageWords(piece))
        return out
    }

    private static func stageWords(_ chars: [Character]) -> [CompletionWord] {
        let scan = CompletionLexer.scan(chars, specs: [])
        return scan.partial.raw.isEmpty ? scan.words : scan.words + [scan.partial]
    }
}
