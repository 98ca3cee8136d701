import CRMCore

extension Builtins {
    static func sliceCommands() -> [Command] { [first, last, skip] }

    static let first = Command(
        CommandSpec(
            "first", aliases: ["take"], group: "filters",
            summary: "Outputs the first N items and stops pulling; with no N, the first item itself.",
            parameters: [
                ParameterSpec("n", .int, "How many items (without it: the first item as a value).", optional: true)
            ],
            examples: ["range 1 100 | first 3", "\(people) | first"], acceptsInput: true
        ).streamFilter()
    ) { args, input, ctx in
        let n = try countArgument(args, for: "first", at: ctx.location)
        guard let n else {
            switch input {
            case .stream(let s):
                guard let v = try await s.prefix(1).collectAll().first else { return .empty }
                return .value(v)
            case .value(.list(let l)): return l.first.map(PipelineData.value) ?? .empty
            default: return input
            }
        }
        return try await PipelineShape.apply(input) { $0.prefix(n) }
    }

    static let last = Command(
        CommandSpec(
            "last", group: "filters", summary: "Outputs the last N items; with no N, the last item itself.",
            parameters: [
                ParameterSpec("n", .int, "How many items (without it: the last item as a value).", optional: true)
            ],
            examples: ["range 1 100 | last 3", "\(people) | last"], acceptsInput: true
        ).streamFilter()
    ) { args, input, ctx in
        let n = try countArgument(args, for: "last", at: ctx.location)
        if case .value(let v) = input, v.listValue == nil { return v.isNull ? .empty : input }
        // Keep a window of the last N items so a long stream is not held in memory.
        var window: [Value] = []
        let keep = n ?? 1
        let items = input.items().makeCursor()
        defer { items.close() }
        while let v = try await items.next() {
            guard keep > 0 else { continue }
            window.append(v)
            // Trim in batches so each item costs O(1) on average.
            if window.count >= 2 * keep + 16 { window.removeFirst(window.count - keep) }
        }
        if window.count > keep { window.removeFirst(window.count - keep) }
        guard case .some = n else { return window.last.map(PipelineData.value) ?? .empty }
        return .value(.list(window))
    }

    static let skip = Command(
        CommandSpec(
            "skip", aliases: ["drop"], group: "filters", summary: "Drops the first N items and outputs the rest.",
            parameters: [ParameterSpec("n", .int, "How many items to drop.")],
            examples: ["range 1 10 | skip 7"], acceptsInput: true
        ).streamFilter()
    ) { args, input, ctx in
        let n = try countArgument(args, for: "skip", at: ctx.location) ?? 0
        return try await PipelineShape.apply(input) { $0.dropping(n) }
    }

    /// The optional count parameter `n`, which may not be negative.
    private static func countArgument(_ args: Arguments, for command: String, at loc: SourceLocation?) throws -> Int? {
        guard let n = args.int("n") else { return nil }
        guard n >= 0 else {
            throw CRMError.runtime("bad-count", "'\(command)' needs a count of 0 or more, got '\(n)'.", at: loc)
        }
        return n
    }
}
