/// Prepares prompt text for libedit: ANSI escape sequences (colours) take no columns on screen, so
/// each is wrapped in the delimiter set with `EL_PROMPT_ESC`, and libedit leaves it out of its
/// cursor arithmetic. The shell may then pass coloured prompts (`crm:prod> ` in red) as they are.
enum PromptText {
    /// The byte that brackets invisible runs (SOH, never typed in a prompt).
    static let invisibleDelimiter: UInt8 = 1

    /// `prompt` with every `ESC [ … final` and `ESC ] … BEL` sequence bracketed by the delimiter.
    static func markingInvisible(_ prompt: String) -> String {
        let delimiter = Character(Unicode.Scalar(invisibleDelimiter))
        let scalars = Array(prompt.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\u{01}" {
                i += 1  // a stray delimiter would unbalance libedit's bracketing
                continue
            }
            guard s == "\u{1B}", i + 1 < scalars.count else {
                out.append(s)
                i += 1
                continue
            }
            var end = i + 1
            if scalars[end] == "[" {
                end += 1
                while end < scalars.count, !(0x40...0x7E).contains(scalars[end].value) { end += 1 }
            } else if scalars[end] == "]" {
                while end < scalars.count, scalars[end] != "\u{07}" { end += 1 }
            }
            end = min(end, scalars.count - 1)
            out.append(contentsOf: String(delimiter).unicodeScalars)
            out.append(contentsOf: scalars[i...end])
            out.append(contentsOf: String(delimiter).unicodeScalars)
            i = end + 1
        }
        return String(out)
    }
}
