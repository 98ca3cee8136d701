import CRMCore

extension Builtins {
    static func aggregateCommands() -> [Command] { [count, sum, avg, min, max] }

    static let count = Command(
        CommandSpec(
            "count", group: "filters",
            summary: "Outputs the number of items (a single value counts as 1, nothing as 0).",
            examples: ["range 1 10 | count", "\(people) | where age >= 18 | count"], acceptsInput: true
        ).streamFilter()
    ) { _, input, _ in
        switch input {
        case .empty, .value(.null): return .value(0)
        case .value(.list(let l)): return .value(.int(l.count))
        case .value: return .value(1)
        case .stream(let s):
            let c = s.makeCursor()
            defer { c.close() }
            var n = 0
            while case .some = try await c.next() { n += 1 }
            return .value(.int(n))
        }
    }

    static let sum = Command(
        aggregateSpec("sum", "Adds up the numbers (or a field of each item); 0 for no items.", ["range 1 10 | sum"])
    ) { args, input, ctx in
        var total = NumericTotal()
        try await forEachNumber(args, input, "sum", ctx.location) { total.add($0) }
        return .value(total.value)
    }

    static let avg = Command(
        aggregateSpec(
            "avg", "Outputs the mean of the numbers (or of a field of each item); null for no items.",
            ["range 1 4 | avg", "\(people) | avg age"])
    ) { args, input, ctx in
        var total = 0.0
        var n = 0
        try await forEachNumber(args, input, "avg", ctx.location) {
            total += $0.doubleValue ?? 0
            n += 1
        }
        return .value(n == 0 ? .null : .double(total / Double(n)))
    }

    static let min = Command(
        aggregateSpec("min", "Outputs the smallest item (or field); null for no items.", ["echo [3, 1, 2] | min"])
    ) { args, input, ctx in
        .value(try await extreme(args, input, ctx.location) { ValueOrder.compare($0, $1) < 0 })
    }

    static let max = Command(
        aggregateSpec("max", "Outputs the largest item (or field); null for no items.", ["\(people) | max age"])
    ) { args, input, ctx in
        .value(try await extreme(args, input, ctx.location) { ValueOrder.compare($0, $1) > 0 })
    }

    private static func aggregateSpec(_ name: String, _ summary: String, _ examples: [String]) -> CommandSpec {
        CommandSpec(
            name, group: "filters", summary: summary,
            parameters: [ParameterSpec("field", .string, "Use this field (path) of each item.", optional: true)],
            examples: examples, acceptsInput: true
        ).streamFilter()
    }

    /// Calls `body` with each item (or its field), which must be a number.
    private static func forEachNumber(
        _ args: Arguments, _ input: PipelineData, _ command: String, _ loc: SourceLocation?,
        _ body: (Value) -> Void
    ) async throws {
        try await forEachOperand(args, input, loc) { v, n in
            switch v {
            case .int, .double: body(v)
            default: throw typeError(command, needs: "numbers", got: v, item: input.isSingle ? nil : n, at: loc)
            }
        }
    }

    /// Calls `body` with each item, or with its field when a `field` argument was given.
    private static func forEachOperand(
        _ args: Arguments, _ input: PipelineData, _ loc: SourceLocation?, _ body: (Value, Int) throws -> Void
    ) async throws {
        let path = try args.string("field").map { try FieldPath($0, at: loc) }
        let c = input.items().makeCursor()
        defer { c.close() }
        var n = 0
        while let v = try await c.next() {
            n += 1
            try body(try path.map { try $0.lookup(in: v, item: n, at: loc) } ?? v, n)
        }
    }

    private static func extreme(
        _ args: Arguments, _ input: PipelineData, _ loc: SourceLocation?, _ better: (Value, Value) -> Bool
    ) async throws -> Value {
        var best: Value?
        try await forEachOperand(args, input, loc) { v, _ in
            if best.map({ better(v, $0) }) ?? true { best = v }
        }
        return best ?? .null
    }
}

/// A running sum that stays an int while it can and becomes a double on overflow or a double item.
struct NumericTotal {
    private var int = 0
    private var double = 0.0
    private var isDouble = false

    /// Adds a number (non-numbers are ignored; callers check first).
    mutating func add(_ v: Value) {
        switch v {
        case .int(let i) where !isDouble:
            let (s, overflow) = int.addingReportingOverflow(i)
            if overflow {
                isDouble = true
                double = Double(int) + Double(i)
            } else {
                int = s
            }
        case .int(let i): double += Double(i)
        case .double(let d):
            if !isDouble {
                isDouble = true
                double = Double(int)
            }
            double += d
        default: break
        }
    }

    /// The total so far.
    var value: Value { isDouble ? .double(double) : .int(int) }
}
