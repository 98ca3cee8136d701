import CRMCore

/// Completes command names at a command position and the later words of multi-word commands.
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

    /// The next words of longer names that start with `prefix` (`people ` → `get`, `list`, …;
    /// `v1 orders ` → `create`, `get`, `update`).
    static func subcommands(of prefix: [String], partial: CompletionWord, specs: [CommandSpec]) -> CompletionResult {
        let names = specs.flatMap { [$0.name] + $0.aliases }
        return WordCompleter.words(CommandNames.nextWords(after: prefix, in: names), partial: partial)
    }
}
