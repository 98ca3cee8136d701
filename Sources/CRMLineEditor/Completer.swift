import CRMCore

/// Tab completion as pure code: from a line, a cursor and a `CompletionContext` to candidates.
///
/// One dispatcher looks at the cursor's context (see `CompletionLexer`) and hands the word under
/// the cursor to one small completer per kind: command names (and the second word of two-word
/// names), flags of the command under the cursor, values of the flag before the cursor or of the
/// positional parameter at the cursor (from their `CompletionSource`), `$variables`, fields after
/// `$var.`, and file paths. Offsets are in `Character`s of the line.
public enum Completer {
    /// The candidates for the word that ends at `cursor` in `line`.
    public static func complete(line: String, cursor: Int, context: CompletionContext) -> CompletionResult {
        let chars = Array(line)
        let cursor = max(0, min(cursor, chars.count))
        let scan = CompletionLexer.scan(Array(chars[0..<cursor]), specs: context.specs)
        let none = CompletionResult.none(at: cursor)
        if scan.isComment { return none }
        let partial = scan.partial

        if let result = VariableCompleter.complete(partial, openQuote: scan.openQuote, variables: context.variables) {
            return result
        }
        if scan.openQuote == "\"" && partial.raw.contains("$") { return none }
        if scan.isExpression { return none }

        var words = scan.words
        // Statement prefixes: what follows them is a command position again.
        while let first = words.first?.value {
            if first == "for" {
                guard words.count >= 3 else {
                    return words.count == 2 ? WordCompleter.words(["in"], partial: partial) : none
                }
                guard words[2].value == "in" else { return none }
                words.removeFirst(3)
            } else if first == "set" || first == "let" {
                guard words.count >= 3, words[2].value == "=" else {
                    if words.count == 1 && first == "set" {
                        return WordCompleter.words(
                            context.variables.keys.sorted(), partial: partial, appendsSpace: true)
                    }
                    return none
                }
                words.removeFirst(3)
            } else if first == "else" {
                words.removeFirst()
            } else if first == "if" || first == "while" || first == "def" || first == "exit" {
                return none
            } else {
                break
            }
        }

        if words.isEmpty {
            return CommandCompleter.commandNames(partial: partial, context: context)
        }
        let values = words.map(\.value)
        if values[0] == "source" || values[0] == "run", CommandResolver.find(values[0], in: context.specs) == nil {
            return values.count == 1 ? FileCompleter.complete(partial, context: context) : none
        }
        if values.count < CommandNames.maxWords && !partial.value.hasPrefix("-") {
            let sub = CommandCompleter.subcommands(of: values, partial: partial, specs: context.specs)
            if !sub.items.isEmpty { return sub }
        }
        guard let (spec, argumentStart) = CommandResolver.resolve(values, specs: context.specs) else { return none }
        let arguments = Array(words[argumentStart...])
        return ArgumentCompleter.complete(spec: spec, arguments: arguments, partial: partial, context: context)
    }
}

/// Completes a word from a fixed list, quoting values that need it.
enum WordCompleter {
    static func words(_ candidates: [String], partial: CompletionWord, appendsSpace: Bool = true) -> CompletionResult {
        var seen = Set<String>()
        let items = candidates.filter { $0.hasPrefix(partial.value) && seen.insert($0).inserted }.map {
            CompletionItem(value: quoted($0, like: partial), label: nil, appendsSpace: appendsSpace)
        }
        return CompletionResult(replaceFrom: partial.start, items: items)
    }

    /// Items from a dynamic source: value prefix first, then case-insensitive, then label text.
    static func items(_ candidates: [CompletionItem], partial: CompletionWord) -> CompletionResult {
        let typed = partial.value
        var matches = candidates.filter { $0.value.hasPrefix(typed) }
        if matches.isEmpty {
            matches = candidates.filter { $0.value.lowercased().hasPrefix(typed.lowercased()) }
        }
        if matches.isEmpty && !typed.isEmpty {
            matches = candidates.filter { ($0.label ?? "").lowercased().contains(typed.lowercased()) }
        }
        var seen = Set<String>()
        let items = matches.filter { seen.insert($0.value).inserted }.map {
            CompletionItem(value: quoted($0.value, like: partial), label: $0.label, appendsSpace: true)
        }
        return CompletionResult(replaceFrom: partial.start, items: items)
    }

    /// `value` as the language needs it typed: bare when it is a plain word, otherwise in the quote
    /// style the user started with (double quotes by default), with escapes.
    static func quoted(_ value: String, like partial: CompletionWord) -> String {
        let startQuote = partial.raw.first.flatMap { $0 == "\"" || $0 == "'" ? $0 : nil }
        let special: Set<Character> = [" ", "\t", "\n", "|", "{", "}", "(", ")", ";", "\"", "'", "$", "#", "\\"]
        guard startQuote != nil || value.isEmpty || value.contains(where: { special.contains($0) }) else {
            return value
        }
        if startQuote == "'" && !value.contains("'") { return "'\(value)'" }
        var out = "\""
        for ch in value {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "$": out += "\\$"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
