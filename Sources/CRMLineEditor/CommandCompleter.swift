import CRMCore

/// Completes command names at a command position and the second word of two-word commands.
enum CommandCompleter {
    /// First words of every command name and alias, `def` names and keywords.
    static func commandNames(partial: CompletionWord, context: CompletionContext) -> CompletionResult {
        if partial.value.hasPrefix("-") || partial.raw.hasPrefix("\"") || partial.raw.hasPrefix("'") {
            return .none(at: partial.start)
        }
        var names = Set<String>()
        for spec in context.specs {
            for name in [spec.name] + spec.aliases {
                if let first = name.split(separator: " ").first { names.insert(String(first)) }
            }
        }
        names.formUnion(context.functionNames)
        names.formUnion(context.keywords)
        return WordCompleter.words(names.sorted(), partial: partial)
    }

    /// The second words of two-word commands starting with `first` (`people ` → `get`, `list`, …).
    static func subcommands(of first: String, partial: CompletionWord, specs: [CommandSpec]) -> CompletionResult {
        var seconds: [String] = []
        for spec in specs {
            for name in [spec.name] + spec.aliases {
                let parts = name.split(separator: " ", maxSplits: 1)
                if parts.count == 2 && parts[0] == first { seconds.append(String(parts[1])) }
            }
        }
        return WordCompleter.words(seconds.sorted(), partial: partial)
    }
}
