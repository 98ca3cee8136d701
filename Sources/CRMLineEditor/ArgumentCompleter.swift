import CRMCore

/// Completes the arguments of a known command: its flags, the value of the flag before the cursor,
/// and the positional parameter at the cursor, each from its `CompletionSource`.
enum ArgumentCompleter {
    static func complete(
        spec: CommandSpec, arguments: [CompletionWord], partial: CompletionWord, context: CompletionContext
    ) -> CompletionResult {
        let typed = partial.value
        if typed.hasPrefix("-") && partial.raw == typed {
            if let eq = typed.firstIndex(of: "=") {
                let name = String(typed[..<eq].drop { $0 == "-" })
                guard let flag = spec.flag(named: name) else { return .none(at: partial.start) }
                let offset = typed.distance(from: typed.startIndex, to: eq) + 1
                let rest = String(typed[typed.index(after: eq)...])
                let word = CompletionWord(raw: rest, value: rest, start: partial.start + offset)
                return values(from: flag.completion, partial: word, context: context)
            }
            return flags(of: spec, used: arguments, partial: partial)
        }
        if let last = arguments.last, let flag = flagNeedingValue(last, spec: spec) {
            return values(from: flag.completion, partial: partial, context: context)
        }
        let index = positionalCount(arguments, spec: spec)
        let parameters = spec.parameters.filter { $0.type != .block }
        var source = CompletionSource.none
        if index < parameters.count {
            source = parameters[index].completion
        } else if let last = parameters.last, last.isVariadic {
            source = last.completion
        }
        if source == .none && (spec.name == "source" || spec.name == "run") && index == 0 { source = .files }
        return values(from: source, partial: partial, context: context)
    }

    /// `--name` for each flag matching the typed prefix, skipping flags already given once.
    static func flags(of spec: CommandSpec, used: [CompletionWord], partial: CompletionWord) -> CompletionResult {
        let usedNames = Set(used.compactMap { flagName($0.value) })
        let names = spec.flags.filter { $0.isRepeatable || !usedNames.contains($0.name) }.map { "--" + $0.name }
        var result = WordCompleter.words(names, partial: partial)
        if result.items.isEmpty, partial.value.count == 2, let short = partial.value.last, partial.value != "--",
            let flag = spec.flag(named: String(short))
        {
            result.items = [CompletionItem(value: "--" + flag.name, appendsSpace: true)]
        }
        return result
    }

    /// The value candidates of one completion source.
    static func values(from source: CompletionSource, partial: CompletionWord, context: CompletionContext)
        -> CompletionResult
    {
        switch source {
        case .none: .none(at: partial.start)
        case .words(let words): WordCompleter.words(words, partial: partial)
        case .dynamic(let kind): WordCompleter.items(context.dynamicValues(kind), partial: partial)
        case .files: FileCompleter.complete(partial, context: context)
        }
    }

    /// The flag name of a `--name`, `--name=value` or `-n` word, or nil for a value.
    static func flagName(_ word: String) -> String? {
        guard word.hasPrefix("-"), word.count > 1, Double(word) == nil else { return nil }
        let body = word.drop { $0 == "-" }
        return String(body.prefix { $0 != "=" })
    }

    /// The spec flag of `word` when it still waits for its value (`--tag` but not `--tag=x`).
    static func flagNeedingValue(_ word: CompletionWord, spec: CommandSpec) -> FlagSpec? {
        guard word.raw == word.value, !word.value.contains("="), let name = flagName(word.value),
            let flag = spec.flag(named: name), flag.type != .bool
        else { return nil }
        return flag
    }

    /// How many positional values the finished arguments hold (flags and their values skipped).
    static func positionalCount(_ arguments: [CompletionWord], spec: CommandSpec) -> Int {
        var count = 0
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            if word.isBlock {
                i += 1
                continue
            }
            if word.raw == word.value, flagName(word.value) != nil {
                i += flagNeedingValue(word, spec: spec) != nil ? 2 : 1
                continue
            }
            count += 1
            i += 1
        }
        return count
    }
}
